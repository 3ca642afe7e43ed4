package store

import (
	"context"
	"errors"
	"maps"
	"path/filepath"
	"runtime"
	"sync"
	"testing"

	"github.com/recaphq/recap/indexer/search"
)

// TestLiveResultsFollowChanges checks that a search asked again answers
// what the index holds after each way it changes: a commit in place, a
// rebuild swapped in, and a failed commit's reopen.
func TestLiveResultsFollowChanges(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	s := openStore(t, dir, true)
	if err := s.Rebuild(t.Context(), fillWith(t, map[string]string{"a": "aardvark", "b": "buffalo"})); err != nil {
		t.Fatal(err)
	}
	total := func(q string) int {
		t.Helper()
		r, err := s.Live().Search(t.Context(), search.Query{Text: q})
		if err != nil {
			t.Fatal(err)
		}
		return r.Total
	}
	steps := []struct {
		name   string
		change func() error
		want   map[string]int
	}{
		{"before", func() error { return nil }, map[string]int{"aardvark": 1, "chameleon": 0}},
		{"commit in place", func() error {
			return s.Commit(t.Context(), &Change{Docs: docs(t, "c", "chameleon"), Remove: []string{search.PostID("a")}, Manifest: manifestOf("b", "c")})
		}, map[string]int{"aardvark": 0, "chameleon": 1}},
		{"rebuild", func() error {
			return s.Rebuild(t.Context(), fillWith(t, map[string]string{"a": "aardvark", "d": "dingo"}))
		}, map[string]int{"aardvark": 1, "chameleon": 0, "dingo": 1}},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			if err := st.change(); err != nil {
				t.Fatal(err)
			}
			for q, want := range st.want {
				// Twice: the second is answered from the cache.
				for range 2 {
					if got := total(q); got != want {
						t.Errorf("%s: %d hits, want %d", q, got, want)
					}
				}
			}
		})
	}
}

// TestResultCacheRunsOnce checks that callers asking for the same query
// while it runs share its one search, that each gets a Result of its own
// to set fields on, and that a later call is answered without a search.
func TestResultCacheRunsOnce(t *testing.T) {
	c := newResultCache(4)
	started, release := make(chan struct{}), make(chan struct{})
	runs := 0
	run := func(ctx context.Context, q search.Query) (*search.Result, error) {
		runs++
		if runs == 1 {
			close(started)
			<-release
		}
		return &search.Result{Query: q, Total: 7}, nil
	}
	q := search.Query{Text: "kubernetes"}
	const callers = 8
	results := make([]*search.Result, callers)
	var wg sync.WaitGroup
	wg.Go(func() { results[0], _ = c.search(context.Background(), q, run) })
	<-started
	for i := 1; i < callers; i++ {
		wg.Go(func() { results[i], _ = c.search(context.Background(), q, run) })
	}
	// The waiters are counted in once they hold the entry.
	for waiting(c, q) < callers-1 {
		runtime.Gosched()
	}
	close(release)
	wg.Wait()
	if r, _ := c.search(context.Background(), q, run); r.Total != 7 {
		t.Errorf("cached total %d, want 7", r.Total)
	}
	if runs != 1 {
		t.Errorf("%d searches for %d callers of one query, want 1", runs, callers+1)
	}
	for i, r := range results {
		if r == nil || r.Total != 7 {
			t.Fatalf("caller %d: %+v", i, r)
		}
		r.Facets.Lang = []search.FacetValue{{Value: "x"}}
	}
	if r, _ := c.search(context.Background(), q, run); r.Facets.Lang != nil {
		t.Error("a caller's change to its Result reached the cache")
	}
}

// waiting counts the callers that found q's entry there (see
// cacheEntry.waiters).
func waiting(c *resultCache, q search.Query) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.entries[queryKey(q)]; ok {
		return el.Value.(*cacheEntry).waiters
	}
	return 0
}

// TestResultCacheGivenUp checks that a search its caller gave up is not
// kept and is run again for a caller still waiting, and that a failed
// search is shared but not kept.
func TestResultCacheGivenUp(t *testing.T) {
	c := newResultCache(4)
	q := search.Query{Text: "ingress"}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := c.search(ctx, q, func(ctx context.Context, q search.Query) (*search.Result, error) { return nil, ctx.Err() }); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled search: %v", err)
	}
	r, err := c.search(context.Background(), q, func(context.Context, search.Query) (*search.Result, error) { return &search.Result{Total: 3}, nil })
	if err != nil || r.Total != 3 {
		t.Fatalf("after a cancelled search: %+v, %v", r, err)
	}
	boom := errors.New("boom")
	q2 := search.Query{Text: "gateway"}
	if _, err := c.search(context.Background(), q2, func(context.Context, search.Query) (*search.Result, error) { return nil, boom }); !errors.Is(err, boom) {
		t.Fatalf("failed search: %v", err)
	}
	if r, err := c.search(context.Background(), q2, func(context.Context, search.Query) (*search.Result, error) { return &search.Result{Total: 1}, nil }); err != nil || r.Total != 1 {
		t.Errorf("after a failed search: %+v, %v", r, err)
	}
}

// TestResultCacheBound checks that the cache keeps at most its bound,
// the least recently used going first.
func TestResultCacheBound(t *testing.T) {
	c := newResultCache(2)
	runs := map[string]int{}
	run := func(_ context.Context, q search.Query) (*search.Result, error) {
		runs[q.Text]++
		return &search.Result{}, nil
	}
	for _, w := range []string{"a", "b", "a", "c", "a", "b"} {
		if _, err := c.search(context.Background(), search.Query{Text: w}, run); err != nil {
			t.Fatal(err)
		}
	}
	// a stays (used last but one each time); b went when c came.
	if want := map[string]int{"a": 1, "b": 2, "c": 1}; !maps.Equal(runs, want) {
		t.Errorf("searches run %v, want %v", runs, want)
	}
}

// TestLiveCached checks that Cached answers only a query that Live has
// searched on the index as it is now.
func TestLiveCached(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	s := openStore(t, dir, true)
	if err := s.Rebuild(t.Context(), fillWith(t, map[string]string{"a": "aardvark"})); err != nil {
		t.Fatal(err)
	}
	q := search.Query{Text: "aardvark"}
	if _, ok := s.Live().Cached(q); ok {
		t.Fatal("Cached before any search")
	}
	if _, err := s.Live().Search(t.Context(), q); err != nil {
		t.Fatal(err)
	}
	if r, ok := s.Live().Cached(q); !ok || r.Total != 1 {
		t.Fatalf("Cached after the search: %+v, %v", r, ok)
	}
	if err := s.Commit(t.Context(), &Change{Docs: docs(t, "b", "aardvark"), Manifest: manifestOf("a", "b")}); err != nil {
		t.Fatal(err)
	}
	if _, ok := s.Live().Cached(q); ok {
		t.Error("Cached after a commit answers the index before it")
	}
}
