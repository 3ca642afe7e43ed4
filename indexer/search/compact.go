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

// Compact merges the index's segments into one and waits until the files
// of the segments it replaces are removed. A build leaves the segments at
// which bleve's merge plan settles, a large one and a few small ones (six
// for 10,000 posts), and every query looks each of its terms up in every
// segment's dictionaries: the small segments' dictionaries and postings
// were all read by the first thousand queries, 9 MiB of mapped index more
// than one segment, and a term's search visits each segment in turn. An
// index that is built once and then only read is best merged once, when
// it is built; merging 10,000 posts takes about a second.
func (ix *Index) Compact(ctx context.Context) error {
	adv, err := ix.b.Advanced()
	if err != nil {
		return fmt.Errorf("compact: %w", err)
	}
	s, ok := adv.(*scorch.Scorch)
	if !ok {
		return nil // not an index on disk: nothing to merge
	}
	opts := mergeplan.SingleSegmentMergePlanOptions
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
