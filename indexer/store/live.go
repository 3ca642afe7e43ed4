package store

import (
	"context"
	"errors"
	"log/slog"
	"path/filepath"
	"sync"
	"time"

	"github.com/recaphq/recap/indexer/kb"
	"github.com/recaphq/recap/indexer/search"
)

// Live is the index a server reads, which a re-index run can replace while
// searches go on. Every read holds a read lock for its duration; Swap waits
// for running reads, switches, and closes the old index, so no search ever
// sees a closed or half-built index.
type Live struct {
	mu sync.RWMutex
	ix *search.Index
	// opts configure the searches of every generation a Follower opens.
	opts []search.Option
	// results are the recent results of the index as it is now.
	results *resultCache
}

// NewLive wraps ix, which may be nil for no index yet; opts are the search
// options that ix was opened with, for the generations that replace it.
func NewLive(ix *search.Index, opts ...search.Option) *Live {
	return &Live{ix: ix, opts: opts, results: newResultCache(cachedResults)}
}

// invalidate forgets the results of the index before a change to it.
func (l *Live) invalidate() { l.results.invalidate() }

var errClosed = errors.New("index is closed")

// Swap makes ix the live index and closes the one it replaces.
func (l *Live) Swap(ix *search.Index) error {
	l.mu.Lock()
	old := l.ix
	l.ix = ix
	l.invalidate()
	l.mu.Unlock()
	if old != nil && old != ix {
		return old.Close()
	}
	return nil
}

// replace swaps the live index for the one open returns, given the one it
// replaces, with searches held off from before the call until after it;
// open must close the old index itself. When open fails, Live holds no
// index and searches fail with an error until the next Swap or replace.
func (l *Live) replace(open func(old *search.Index) (*search.Index, error)) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	ix, err := open(l.ix)
	l.ix = ix
	l.invalidate()
	return err
}

// Close closes the live index.
func (l *Live) Close() error { return l.Swap(nil) }

// With runs fn with the live index held for reading.
func (l *Live) With(fn func(*search.Index) error) error {
	l.mu.RLock()
	defer l.mu.RUnlock()
	if l.ix == nil {
		return errClosed
	}
	return fn(l.ix)
}

// Search runs q on the live index, or answers it from the results of the
// same query on the index as it is now (see resultCache). The Result's
// hits are shared with other callers and must not be changed.
func (l *Live) Search(ctx context.Context, q search.Query) (*search.Result, error) {
	return l.results.search(ctx, q, func(ctx context.Context, q search.Query) (r *search.Result, err error) {
		err = l.With(func(ix *search.Index) error {
			r, err = ix.Search(ctx, q)
			return err
		})
		return r, err
	})
}

// Cached answers q from the results Live keeps of the index as it is
// now, if it has them, without a search: a server answers such a query
// without waiting for a place among the searches it runs at once. As with
// Search, the hits are shared and must not be changed.
func (l *Live) Cached(q search.Query) (*search.Result, bool) { return l.results.cached(q) }

// Entry returns the stored entry of a post.
func (l *Live) Entry(ctx context.Context, slug string) (e *kb.Entry, err error) {
	err = l.With(func(ix *search.Index) error {
		e, err = ix.Entry(ctx, slug)
		return err
	})
	return e, err
}

// TopicCounts counts posts and talks per topic in the live index.
func (l *Live) TopicCounts(ctx context.Context) (posts, talks map[string]int, err error) {
	err = l.With(func(ix *search.Index) error {
		posts, talks, err = ix.TopicCounts(ctx)
		return err
	})
	return posts, talks, err
}

// Counts counts the documents of a type by the values of a field in the
// live index (see search.Index.Counts).
func (l *Live) Counts(ctx context.Context, typ, field string) (n map[string]int, err error) {
	err = l.With(func(ix *search.Index) error {
		n, err = ix.Counts(ctx, typ, field)
		return err
	})
	return n, err
}

// Talk returns a stored talk.
func (l *Live) Talk(ctx context.Context, id string) (t *kb.TalkEntry, err error) {
	err = l.With(func(ix *search.Index) error {
		t, err = ix.Talk(ctx, id)
		return err
	})
	return t, err
}

// Talks returns the stored talks that f selects.
func (l *Live) Talks(ctx context.Context, f search.TalkFilter) (ts []kb.TalkEntry, err error) {
	err = l.With(func(ix *search.Index) error {
		ts, err = ix.Talks(ctx, f)
		return err
	})
	return ts, err
}

// Follower keeps a Live on the live generation of an index folder that
// another process writes, for a server that only reads while `recap
// index` runs switch generations. Whoever starts a Follower stops it: Stop
// waits for the goroutine that Start began, so that nothing swaps the Live
// after Stop returns.
type Follower struct {
	live     *Live
	dir      string
	interval time.Duration
	log      *slog.Logger

	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// NewFollower returns a Follower that keeps live on the live generation of
// the index in dir, looking at CURRENT every interval.
func NewFollower(live *Live, dir string, interval time.Duration, log *slog.Logger) *Follower {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Follower{live: live, dir: dir, interval: interval, log: log}
}

// Start begins following in the background, until ctx is done or Stop is
// called. The generation live holds is taken to be the one CURRENT names
// now.
func (f *Follower) Start(ctx context.Context) {
	ctx, f.cancel = context.WithCancel(ctx)
	cur, _ := currentGeneration(f.dir)
	f.wg.Go(func() { f.follow(ctx, cur) })
}

// Stop ends the following and waits for it to end.
func (f *Follower) Stop() {
	if f.cancel != nil {
		f.cancel()
	}
	f.wg.Wait()
}

// follow reads CURRENT every interval and, when a `recap index` run has
// switched it, opens the new generation read-only and swaps it in.
func (f *Follower) follow(ctx context.Context, cur string) {
	t := time.NewTicker(f.interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		gen, err := currentGeneration(f.dir)
		if err != nil || gen == cur {
			continue
		}
		ix, err := search.OpenWith(gen, search.OpenOptions{ReadOnly: true, LockTimeout: "2s"}, f.live.opts...)
		if err != nil {
			// The generation may already be replaced again; try next tick.
			f.log.Warn("open new index generation", "gen", gen, "err", err)
			continue
		}
		if err := f.live.Swap(ix); err != nil {
			f.log.Warn("close replaced index", "err", err)
		}
		cur = gen
		f.log.Info("switched to new index generation", "gen", filepath.Base(gen))
	}
}
