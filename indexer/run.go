package indexer

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/recaphq/recap/indexer/search"
	"github.com/recaphq/recap/indexer/store"
)

// Options configures an indexing run.
type Options struct {
	DataDir  string
	IndexDir string
	Logger   *slog.Logger
	// Full rebuilds the index from nothing instead of updating it.
	Full bool
	// LockWait is how long Run and OpenWriter wait for another
	// writer to finish before they fail; zero fails at once.
	LockWait time.Duration
	// Pipeline processes each post; nil means NewPipeline(DataDir).
	Pipeline *Pipeline
	// Search configures the searches of the index a Writer serves (its
	// synonyms).
	Search []search.Option
	// Progress, when set, is called after each file processed with the
	// number of files done and the total.
	Progress func(done, total int)
	// RetryBackoff is how long a Writer waits before it tries a failed
	// run again, doubled at each failure in a row; zero means
	// DefaultRetryBackoff.
	RetryBackoff time.Duration
	// beforeBatch is store.Options.BeforeBatch, for tests that fail a
	// write as a full disk does.
	beforeBatch func(*search.Index) error
}

func (o Options) retryBackoff() time.Duration {
	if o.RetryBackoff <= 0 {
		return DefaultRetryBackoff
	}
	return o.RetryBackoff
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

// errNoManifest is returned by an incremental run on an index that has no
// manifest, which only a full build can give it.
var errNoManifest = errors.New("index has no manifest")

// Run is what `recap index` does: under the index lock, a full build when
// opts.Full is set or there is no usable index, and otherwise an
// incremental run.
//
// Neither writes the live generation, which a server may have open: a
// full build writes a new generation, and an incremental run a clone of
// the live one (hard links for the immutable segment files, a copy of the
// small root file), which the store then makes current by an atomic
// rename. A kill -9 at any point leaves CURRENT naming the generation
// before the run; the next run removes the half-made one and starts again.
func Run(ctx context.Context, opts Options) (*Summary, error) {
	st, err := openStore(ctx, opts, "recap index", false)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	return reindex(ctx, st, opts, opts.Full, nil)
}

// openStore opens the store of opts.IndexDir for the writer who; serve
// keeps the live generation open for a server's searches.
func openStore(ctx context.Context, opts Options, who string, serve bool) (*store.Store, error) {
	return store.Open(ctx, opts.IndexDir, store.Options{
		Who:      who,
		LockWait: opts.LockWait,
		Serve:    serve,
		Search:   opts.Search,
		Logger:   opts.logger(),

		BeforeBatch: opts.beforeBatch,
	})
}

// reindex is one run on st, for Run and the Writer alike: a full build
// when full is set or st has no index or no manifest of the current
// mapping, and otherwise an incremental run over the files at or below
// paths, nil meaning all. Both end in the store's one commit path.
func reindex(ctx context.Context, st *store.Store, opts Options, full bool, paths []string) (*Summary, error) {
	if !full && st.Exists() {
		sum, err := update(ctx, st, opts, paths)
		if !errors.Is(err, errNoManifest) {
			return sum, err
		}
		opts.logger().Info("index has no manifest: rebuilding it in full")
	}
	return build(ctx, st, opts)
}

// build writes every post into a new generation and makes it current.
func build(ctx context.Context, st *store.Store, opts Options) (*Summary, error) {
	start := time.Now()
	fill, sum, unseen, err := planFull(opts)
	if err != nil {
		return nil, err
	}
	if len(unseen) > 0 && st.Exists() {
		if err := wouldDrop(st, opts.DataDir, unseen); err != nil {
			return nil, err
		}
	}
	if err := st.Rebuild(ctx, fill); err != nil {
		return nil, err
	}
	sum.Took = time.Since(start)
	return sum, nil
}

// wouldDrop fails when a full build would drop indexed posts that the
// walk could not see: those the live manifest lists at or below unseen,
// or, for an index without a manifest of the current mapping, which
// cannot tell, any post below a folder that could not be read. A full
// build starts from nothing and cannot keep them, as an incremental run
// does; the live index stays until the folder can be read again.
func wouldDrop(st *store.Store, dataDir string, unseen []string) error {
	m, err := st.Manifest()
	if err != nil {
		return err
	}
	for _, u := range unseen {
		n := 0
		if m != nil {
			for rel := range m.Files {
				if atOrBelow(rel, []string{u}) {
					n++
				}
			}
		} else if fi, err := os.Lstat(filepath.Join(dataDir, filepath.FromSlash(u))); err == nil && fi.IsDir() {
			n = -1
		}
		switch {
		case n > 0:
			return fmt.Errorf("full build: %s cannot be read as a post or folder, and a full build would drop the %d posts indexed at or below it; make it readable or move it out of the data folder (an incremental run keeps them)", u, n)
		case n < 0:
			return fmt.Errorf("full build: folder %s cannot be read, and a full build would drop what is indexed below it; make it readable or move it out of the data folder", u)
		}
	}
	return nil
}

// update brings the index of st up to date with the files at or below
// paths (nil: all), committing the change, manifest included, as one
// batch.
func update(ctx context.Context, st *store.Store, opts Options, paths []string) (*Summary, error) {
	start := time.Now()
	m, err := st.Manifest()
	if err != nil {
		return nil, err
	}
	if m == nil {
		return nil, errNoManifest
	}
	c, sum, err := planUpdate(ctx, m, opts, paths)
	if err != nil {
		return nil, err
	}
	if c != nil {
		if err := st.Commit(ctx, c); err != nil {
			return nil, err
		}
	}
	sum.Took = time.Since(start)
	return sum, nil
}
