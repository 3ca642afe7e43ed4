package indexer

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"runtime"
	"sort"
	"sync"
	"time"

	"github.com/recaphq/recap/indexer/search"
)

// Options configures an indexing run.
type Options struct {
	DataDir  string
	IndexDir string
	Logger   *slog.Logger
	// Progress, when set, is called after each file with the number of
	// files done and the total.
	Progress func(done, total int)
}

// Summary tells what an indexing run did.
type Summary struct {
	Files   int
	Posts   int
	Talks   int
	ByLang  map[string]int
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
// parsed are reported in the summary; the run goes on without them.
func Build(ctx context.Context, opts Options) (*Summary, error) {
	start := time.Now()
	files, skipped, err := Walk(opts.DataDir)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(opts.IndexDir, 0o755); err != nil {
		return nil, fmt.Errorf("index folder: %w", err)
	}
	gen := newGeneration(opts.IndexDir)
	ix, err := search.Create(gen)
	if err != nil {
		return nil, err
	}
	sum := &Summary{ByLang: map[string]int{}, Skipped: skipped}
	err = fill(ctx, ix, opts, files, sum)
	if cerr := ix.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.RemoveAll(gen)
		return nil, err
	}
	if err := makeCurrent(opts.IndexDir, gen); err != nil {
		return nil, fmt.Errorf("switch to new index: %w", err)
	}
	sort.Slice(sum.Skipped, func(i, j int) bool { return sum.Skipped[i].Path < sum.Skipped[j].Path })
	sum.Took = time.Since(start)
	return sum, nil
}

type loaded struct {
	rel   string
	entry search.Entry
	err   error
}

// fill processes files on every core and writes their documents in batches.
func fill(ctx context.Context, ix *search.Index, opts Options, files []string, sum *Summary) error {
	var pl Pipeline
	jobs := make(chan string)
	out := make(chan loaded)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for rel := range jobs {
				e, err := pl.Load(opts.DataDir, rel)
				out <- loaded{rel, e, err}
			}
		}()
	}
	go func() {
		defer close(jobs)
		for _, f := range files {
			select {
			case jobs <- f:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(out) }()

	var pending []search.Doc
	flush := func() error {
		if len(pending) == 0 {
			return nil
		}
		err := ix.Apply(pending, nil)
		pending = pending[:0]
		return err
	}
	done := 0
	var firstErr error
	for l := range out {
		done++
		if opts.Progress != nil {
			opts.Progress(done, len(files))
		}
		if firstErr != nil {
			continue // drain
		}
		if l.err != nil {
			sum.Skipped = append(sum.Skipped, Skip{l.rel, l.err.Error()})
			continue
		}
		docs, err := search.Documents(l.entry)
		if err != nil {
			sum.Skipped = append(sum.Skipped, Skip{l.rel, err.Error()})
			continue
		}
		sum.count(l.entry)
		pending = append(pending, docs...)
		if len(pending) >= batchDocs {
			firstErr = flush()
		}
	}
	if firstErr != nil {
		return firstErr
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return flush()
}

func (s *Summary) count(e search.Entry) {
	s.Files++
	s.Posts++
	s.Talks += len(e.Talks)
	s.ByLang[e.Post.Lang]++
	if e.Post.Repair.Changed() {
		s.RepairedFiles++
		s.RepairedChars += e.Post.Repair.Chars
	}
}
