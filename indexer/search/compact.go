package search

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
)

// compactWait bounds how long Compact waits for bleve to remove the
// segment files that the merged one replaces.
const compactWait = 30 * time.Second

// Compact merges the index's small segments, each under a quarter of its
// documents, into one, and waits until the files of the segments it
// replaces are removed. A build leaves the segments at which bleve's merge
// plan settles, and the plan leaves small ones be: a 10,000-post build
// ended with one of 7,615 documents and five of 209 to 1,360, one of two
// builds of the same documents in the baseline's two. Every query looks
// each of its terms up in every segment, so that the small segments'
// dictionaries and postings were read whole by the first thousand
// queries: serving the index as two segments maps 5 MiB less after
// them, at a quarter of a second of merging where one segment (2 MiB
// less again) would write the large one again, a second more.
func (ix *Index) Compact(ctx context.Context) error {
	adv, err := ix.b.Advanced()
	if err != nil {
		return fmt.Errorf("compact: %w", err)
	}
	s, ok := adv.(*scorch.Scorch)
	if !ok {
		return nil // not an index on disk: nothing to merge
	}
	n, err := ix.b.DocCount()
	if err != nil {
		return fmt.Errorf("compact: %w", err)
	}
	// bleve merges the segments under half MaxSegmentSize: those under a
	// quarter of the documents, which leaves the large one or two a build
	// ends with as they are, rather than write them again.
	opts := mergeplan.SingleSegmentMergePlanOptions
	opts.MaxSegmentSize = max(4, int64(n)/2)
	if err := s.ForceMerge(ctx, &opts); err != nil {
		return fmt.Errorf("compact: %w", err)
	}
	// The merged segment is live once ForceMerge returns; the replaced
	// files go when bleve has persisted it and dropped the snapshots
	// before. An index closed before that keeps them on disk, referenced
	// by those snapshots, until a later write.
	dir := ix.b.Name()
	deadline := time.Now().Add(compactWait)
	for {
		files, err := zapFiles(filepath.Join(dir, "store"))
		if err != nil {
			return fmt.Errorf("compact: %w", err)
		}
		root, _ := s.StatsMap()["TotFileSegmentsAtRoot"].(uint64)
		if root > 0 && uint64(files) <= root {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("compact: %d segment files left after %v, %d in use", files, compactWait, root)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(10 * time.Millisecond):
		}
	}
}

// zapFiles counts the segment files in dir.
func zapFiles(dir string) (int, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, e := range ents {
		if filepath.Ext(e.Name()) == ".zap" {
			n++
		}
	}
	return n, nil
}
