package store

import (
	"container/list"
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"

	"github.com/recaphq/recap/indexer/search"
)

// cachedResults is how many results a Live keeps. A result is a page of
// hits with their snippets and the facets, a few kilobytes to a few tens:
// the cache holds a few megabytes at most.
const cachedResults = 256

// resultCache keeps the results of the searches of one index state, the
// most recently used first, and lets searches for the same query that
// arrive while it runs wait for it rather than run it again: under load
// the same query comes many times at once (a link shared, a word being
// typed), and each copy was a full search competing for the same cores.
// Any change to the index (see Live.invalidate) empties it.
type resultCache struct {
	mu      sync.Mutex
	gen     uint64 // the index state the entries are of
	entries map[string]*list.Element
	lru     list.List // of *cacheEntry, most recently used at the front
	max     int
}

// cacheEntry is one query's result, or the search that is finding it
// until done is closed.
type cacheEntry struct {
	key  string
	gen  uint64
	done chan struct{}
	r    *search.Result
	err  error
	// waiters counts the callers that found the entry rather than
	// claimed it: while it is being filled, those who wait for it.
	waiters int
}

func newResultCache(max int) *resultCache {
	return &resultCache{entries: map[string]*list.Element{}, max: max}
}

// queryKey names what a query asks, its fields in a fixed order.
func queryKey(q search.Query) string {
	var b strings.Builder
	for _, s := range []string{q.Text, q.Lang, q.Tag, q.Topic, q.Year, q.Type, q.Speaker, q.Event, q.Sort, strings.Join(q.Langs, ",")} {
		b.WriteString(strconv.Quote(s))
	}
	b.WriteString(strconv.Itoa(q.Page))
	b.WriteByte(' ')
	b.WriteString(strconv.Itoa(q.Size))
	if q.Undated {
		b.WriteString(" undated")
	}
	if q.NoFacets {
		b.WriteString(" nofacets")
	}
	return b.String()
}

// claim returns the entry of key and whether the caller must fill it: a
// new entry is the caller's to search and finish; an existing one is
// finished or being filled by another caller.
func (c *resultCache) claim(key string) (*cacheEntry, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.entries[key]; ok {
		c.lru.MoveToFront(el)
		e := el.Value.(*cacheEntry)
		e.waiters++
		return e, false
	}
	e := &cacheEntry{key: key, gen: c.gen, done: make(chan struct{})}
	c.entries[key] = c.lru.PushFront(e)
	for c.lru.Len() > c.max {
		old := c.lru.Back()
		c.lru.Remove(old)
		delete(c.entries, old.Value.(*cacheEntry).key)
	}
	return e, true
}

// finish records the result of a claimed entry and wakes those waiting
// for it. A failed search, or one of an index state that has changed
// since the claim, is not kept.
func (c *resultCache) finish(e *cacheEntry, r *search.Result, err error) {
	c.mu.Lock()
	e.r, e.err = r, err
	if err != nil || e.gen != c.gen {
		if el, ok := c.entries[e.key]; ok && el.Value.(*cacheEntry) == e {
			c.lru.Remove(el)
			delete(c.entries, e.key)
		}
	}
	c.mu.Unlock()
	close(e.done)
}

// cached returns a copy of the result of q if the cache holds it, found;
// a search still being filled is not.
func (c *resultCache) cached(q search.Query) (*search.Result, bool) {
	key := queryKey(q)
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.entries[key]
	if !ok {
		return nil, false
	}
	e := el.Value.(*cacheEntry)
	select {
	case <-e.done:
	default:
		return nil, false
	}
	if e.err != nil {
		return nil, false
	}
	c.lru.MoveToFront(el)
	return copyResult(e.r), true
}

// invalidate forgets every entry: the index has changed. Searches being
// filled finish for those waiting on them, but are not kept.
func (c *resultCache) invalidate() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	clear(c.entries)
	c.lru.Init()
}

// search answers q from the cache, or by run, once for all the callers
// that ask for q while it runs. A caller gets a copy of the Result, whose
// top-level fields (the facets, say) it may set; the hits are shared and
// must not be changed. A search that its caller gave up (its client left,
// or its deadline passed) is run again by a caller still waiting.
func (c *resultCache) search(ctx context.Context, q search.Query, run func(context.Context, search.Query) (*search.Result, error)) (*search.Result, error) {
	key := queryKey(q)
	for {
		e, mine := c.claim(key)
		if mine {
			r, err := run(ctx, q)
			c.finish(e, r, err)
			return copyResult(r), err
		}
		select {
		case <-e.done:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		if e.err == nil {
			return copyResult(e.r), nil
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if !errors.Is(e.err, context.Canceled) && !errors.Is(e.err, context.DeadlineExceeded) {
			return nil, e.err
		}
	}
}

func copyResult(r *search.Result) *search.Result {
	if r == nil {
		return nil
	}
	cp := *r
	return &cp
}
