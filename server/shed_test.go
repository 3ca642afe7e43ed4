package server

import (
	"log/slog"
	"testing"
	"time"
)

// TestSearchPace checks the estimate that turns a search away at once:
// the queue before it times the searches' moving average, shared among
// the places.
func TestSearchPace(t *testing.T) {
	var p searchPace
	if got := p.expectedWait(10, 4); got != 0 {
		t.Errorf("before any search: expected wait %v, want 0", got)
	}
	p.observe(100 * time.Millisecond)
	for _, tc := range []struct {
		queued, places int
		want           time.Duration
	}{
		{0, 1, 100 * time.Millisecond},
		{3, 4, 100 * time.Millisecond},
		{39, 4, time.Second},
	} {
		if got := p.expectedWait(tc.queued, tc.places); got != tc.want {
			t.Errorf("expectedWait(%d, %d) = %v, want %v", tc.queued, tc.places, got, tc.want)
		}
	}
	// A run of fast searches (answers from the cache) brings the pace
	// down towards theirs.
	for range 50 {
		p.observe(time.Millisecond)
	}
	if got := p.expectedWait(0, 1); got >= 10*time.Millisecond || got < time.Millisecond {
		t.Errorf("after 50 searches of 1ms: expected wait %v, want between 1ms and 10ms", got)
	}
}

// TestSearchShedByPace checks that a search is turned away at once, with
// 503, when the searches waiting before it would not be through within
// SearchQueueWait at the pace searches have gone (which the test sets),
// although the queue has room.
func TestSearchShedByPace(t *testing.T) {
	cfg := DefaultConfig()
	cfg.MaxSearches, cfg.SearchQueueWait = 1, time.Hour
	g := gateIndex{started: make(chan struct{}, 1), release: make(chan struct{})}
	s, err := NewServer(cfg, Deps{Index: g, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	s.pace.observe(2 * time.Hour)
	done := make(chan int)
	go func() { done <- get(t, s, "/api/search?q=running").Code }()
	<-g.started
	if code := get(t, s, "/api/search?q=shed").Code; code != 503 {
		t.Errorf("search behind a queue of an hour's pace = %d, want 503 at once", code)
	}
	close(g.release)
	if code := <-done; code != 200 {
		t.Errorf("running search = %d, want 200", code)
	}
}
