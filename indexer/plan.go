package indexer

import (
	"context"
	"sort"
	"time"

	"github.com/recaphq/recap/indexer/kb"
	"github.com/recaphq/recap/indexer/search"
	"github.com/recaphq/recap/indexer/store"
)

// Summary tells what an indexing run did.
type Summary struct {
	// Full is set for a full build, where every file counts as added.
	Full bool
	// Files is the number of files the index holds after the run.
	Files int
	// Added, Updated, Removed and Unchanged count files by what the run
	// did with them.
	Added     int
	Updated   int
	Removed   int
	Unchanged int
	// Posts, Talks and ByLang count what the run wrote.
	Posts  int
	Talks  int
	ByLang map[string]int
	// Skipped are the files that were not indexed, and why: those the walk
	// passed over, such as symbolic links, and those that failed to parse.
	// A failed file that was indexed before keeps its previous version.
	Skipped []Skip
	// RepairedFiles and RepairedChars count the files whose encoding was
	// repaired and the characters that the repair changed; Repaired names
	// those files.
	RepairedFiles int
	RepairedChars int
	Repaired      []string
	Took          time.Duration
}

func (s *Summary) count(e kb.Entry) {
	s.Posts++
	s.Talks += len(e.Talks)
	s.ByLang[e.Post.Lang]++
	if e.Post.Repair.Changed() {
		s.RepairedFiles++
		s.RepairedChars += e.Post.Repair.Chars
		s.Repaired = append(s.Repaired, e.Post.Path)
	}
}

func sortSkips(s []Skip) {
	sort.Slice(s, func(i, j int) bool { return s[i].Path < s[j].Path })
}

// batchDocs bounds the documents of one bleve batch during a full build,
// besides store.BatchBytes, which bounds their text: larger batches index
// faster but hold more in memory.
const batchDocs = 1000

// planFull walks opts.DataDir and returns the fill that writes every post
// in it into a new generation, in batches of at most store.BatchBytes of
// text and batchDocs documents; the last batch carries the manifest. The
// summary is complete once the fill has run. It also returns what the
// walk could not see (see Walk), which a full build would drop.
func planFull(opts Options) (store.Fill, *Summary, []string, error) {
	files, skipped, unseen, err := Walk(opts.DataDir)
	if err != nil {
		return nil, nil, nil, err
	}
	pl, err := opts.pipeline()
	if err != nil {
		return nil, nil, nil, err
	}
	sum := &Summary{Full: true, ByLang: map[string]int{}, Skipped: skipped}
	fill := func(ctx context.Context, put func([]search.Doc) error) (*store.Change, error) {
		cands := make([]candidate, len(files))
		for i, f := range files {
			cands[i] = candidate{rel: f}
		}
		m := store.NewManifest()
		var pending []search.Doc
		pendingBytes := 0
		done := 0
		var firstErr error
		for p := range processAll(ctx, pl, opts.DataDir, cands) {
			done++
			opts.progress(done, len(files))
			if firstErr != nil {
				continue // drain
			}
			if p.err != nil {
				sum.Skipped = append(sum.Skipped, Skip{p.rel, p.err.Error()})
				continue
			}
			sum.Added++
			sum.count(p.entry)
			m.Files[p.rel] = p.rec
			n := 0
			for _, d := range p.docs {
				n += store.DocBytes(d)
			}
			if len(pending) > 0 && (pendingBytes+n > store.BatchBytes || len(pending)+len(p.docs) > batchDocs) {
				firstErr = put(pending)
				pending, pendingBytes = pending[:0], 0
			}
			pending = append(pending, p.docs...)
			pendingBytes += n
		}
		if firstErr != nil {
			return nil, firstErr
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		sortSkips(sum.Skipped)
		sum.Files = len(m.Files)
		return &store.Change{Docs: pending, Manifest: m}, nil
	}
	return fill, sum, unseen, nil
}

// planUpdate computes the change that brings an index whose manifest is m
// up to date with the files in opts.DataDir: with all of them when paths
// is nil, else with those at or below paths (see scanPaths). The change is
// nil when the index is up to date, manifest included. m is not modified.
func planUpdate(ctx context.Context, m *store.Manifest, opts Options, paths []string) (*store.Change, *Summary, error) {
	sum := &Summary{ByLang: map[string]int{}}
	pl, err := opts.pipeline()
	if err != nil {
		return nil, nil, err
	}
	var cands []candidate
	var gone []string
	if paths == nil {
		cands, sum.Unchanged, gone, sum.Skipped, err = scan(opts.DataDir, m)
	} else {
		cands, sum.Unchanged, gone, sum.Skipped, err = scanPaths(opts.DataDir, m, paths)
	}
	if err != nil {
		return nil, nil, err
	}
	next := m.Clone()
	c := &store.Change{Manifest: next}
	// dirty is set when the manifest differs from m, even if no document
	// does (a file touched but not changed).
	dirty := false
	for _, rel := range gone {
		c.Remove = append(c.Remove, m.Files[rel].Docs...)
		delete(next.Files, rel)
		sum.Removed++
		dirty = true
	}
	done := 0
	for p := range processAll(ctx, pl, opts.DataDir, cands) {
		done++
		opts.progress(done, len(cands))
		old := m.Files[p.rel]
		switch {
		case p.err != nil:
			sum.Skipped = append(sum.Skipped, Skip{p.rel, p.err.Error()})
			if old != nil {
				// Keep the version before searchable until a good one
				// arrives, and note why the new one is not.
				kept := *old
				kept.Failure = p.err.Error()
				next.Files[p.rel] = &kept
				dirty = true
			}
		case p.same:
			sum.Unchanged++
			next.Files[p.rel] = p.rec
			dirty = true
		default:
			if old != nil {
				sum.Updated++
				keep := make(map[string]bool, len(p.rec.Docs))
				for _, id := range p.rec.Docs {
					keep[id] = true
				}
				for _, id := range old.Docs {
					if !keep[id] {
						c.Remove = append(c.Remove, id)
					}
				}
			} else {
				sum.Added++
			}
			sum.count(p.entry)
			c.Docs = append(c.Docs, p.docs...)
			next.Files[p.rel] = p.rec
			dirty = true
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	sortSkips(sum.Skipped)
	sum.Files = len(next.Files)
	if !dirty {
		c = nil
	}
	return c, sum, nil
}
