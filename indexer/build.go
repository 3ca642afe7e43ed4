package indexer

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/recaphq/recap/indexer/kb"
	"github.com/recaphq/recap/indexer/search"
)

// Options configures an indexing run.
type Options struct {
	DataDir  string
	IndexDir string
	Logger   *slog.Logger
	// Full rebuilds the index from nothing instead of updating it.
	Full bool
	// LockWait is how long Run waits for another writer to finish before
	// it fails; zero fails at once.
	LockWait time.Duration
	// Pipeline processes each post; nil means NewPipeline(DataDir).
	Pipeline *Pipeline
	// Search configures the searches of the index a Writer serves
	// (synonyms, timeout).
	Search []search.Option
	// Progress, when set, is called after each file processed with the
	// number of files done and the total.
	Progress func(done, total int)
}

func (o Options) logger() *slog.Logger {
	if o.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return o.Logger
}

func (o Options) pipeline() (*Pipeline, error) {
	if o.Pipeline != nil {
		return o.Pipeline, nil
	}
	return NewPipeline(o.DataDir)
}

func (o Options) progress(done, total int) {
	if o.Progress != nil {
		o.Progress(done, total)
	}
}

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
	// repaired and the characters that the repair changed.
	RepairedFiles int
	RepairedChars int
	Took          time.Duration
}

// batchDocs is how many documents go into one bleve batch during a full
// build; larger batches index faster but hold more in memory.
const batchDocs = 1000

// Build indexes every post under opts.DataDir into a new generation of the
// index in opts.IndexDir and makes it live. Files that cannot be read or
// parsed are reported in the summary; the run goes on without them. The
// caller holds the index lock (Run does).
func Build(ctx context.Context, opts Options) (*Summary, error) {
	gen, sum, _, err := buildGeneration(ctx, opts)
	if err != nil {
		return nil, err
	}
	if err := switchCurrent(opts.IndexDir, gen); err != nil {
		return nil, fmt.Errorf("switch to new index: %w", err)
	}
	if err := removeStale(opts.IndexDir, filepath.Base(gen)); err != nil {
		opts.logger().Warn("remove old generations", "err", err)
	}
	return sum, nil
}

// buildGeneration writes a complete new generation, manifest included,
// beside the live one, which it leaves live. It returns the generation's
// folder and manifest.
func buildGeneration(ctx context.Context, opts Options) (string, *Summary, *Manifest, error) {
	start := time.Now()
	files, skipped, err := Walk(opts.DataDir)
	if err != nil {
		return "", nil, nil, err
	}
	if err := os.MkdirAll(opts.IndexDir, 0o755); err != nil {
		return "", nil, nil, fmt.Errorf("index folder: %w", err)
	}
	gen := newGeneration(opts.IndexDir)
	ix, err := search.Create(gen)
	if err != nil {
		return "", nil, nil, err
	}
	sum := &Summary{Full: true, ByLang: map[string]int{}, Skipped: skipped}
	m, err := fill(ctx, ix, opts, files, sum)
	if cerr := ix.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.RemoveAll(gen)
		return "", nil, nil, err
	}
	sortSkips(sum.Skipped)
	sum.Took = time.Since(start)
	return gen, sum, m, nil
}

// fill processes files on every core and writes their documents in batches;
// the last batch carries the manifest, which it returns.
func fill(ctx context.Context, ix *search.Index, opts Options, files []string, sum *Summary) (*Manifest, error) {
	cands := make([]candidate, len(files))
	for i, f := range files {
		cands[i] = candidate{rel: f}
	}
	pl, err := opts.pipeline()
	if err != nil {
		return nil, err
	}
	m := newManifest()
	var pending []search.Doc
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
		pending = append(pending, p.docs...)
		if len(pending) >= batchDocs {
			firstErr = ix.Apply(pending, nil)
			pending = pending[:0]
		}
	}
	if firstErr != nil {
		return nil, firstErr
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	sum.Files = len(m.Files)
	u := &update{docs: pending, manifest: m, dirty: true}
	if err := u.apply(ix); err != nil {
		return nil, err
	}
	return m, nil
}

func (s *Summary) count(e kb.Entry) {
	s.Posts++
	s.Talks += len(e.Talks)
	s.ByLang[e.Post.Lang]++
	if e.Post.Repair.Changed() {
		s.RepairedFiles++
		s.RepairedChars += e.Post.Repair.Chars
	}
}

func sortSkips(s []Skip) {
	sort.Slice(s, func(i, j int) bool { return s[i].Path < s[j].Path })
}
