package server

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/recaphq/recap/indexer/kb"
	"github.com/recaphq/recap/indexer/search"
)

// TestHTTPMethodsAndHeaders checks the answers the router gives before any
// handler runs: HEAD as GET without a body, 405 with Allow for a method a
// path does not take, the trailing-slash redirect and 431 for huge headers,
// every one with the security headers.
func TestHTTPMethodsAndHeaders(t *testing.T) {
	s := newTestServer(t)
	tests := []struct {
		name, method, target string
		header               map[string]string
		status               int
		json                 bool   // the body is an API error
		allow                string // the Allow header wanted
	}{
		{name: "HEAD healthz", method: http.MethodHead, target: "/healthz", status: http.StatusOK},
		{name: "HEAD search page", method: http.MethodHead, target: "/search?q=kubernetes", status: http.StatusOK},
		{name: "HEAD API", method: http.MethodHead, target: "/api/search?q=kubernetes", status: http.StatusOK},
		{name: "PUT page", method: http.MethodPut, target: "/search", status: http.StatusMethodNotAllowed, allow: "GET, HEAD"},
		{name: "OPTIONS API", method: http.MethodOptions, target: "/api/search", status: http.StatusMethodNotAllowed, json: true, allow: "GET, HEAD"},
		{name: "DELETE unknown", method: http.MethodDelete, target: "/api/nowhere", status: http.StatusNotFound, json: true},
		{name: "trailing slash", method: http.MethodGet, target: "/topics/", status: http.StatusMovedPermanently},
		{name: "huge header", method: http.MethodGet, target: "/api/search?q=x", header: map[string]string{"X-Big": strings.Repeat("a", maxHeaderBytes+1)}, status: http.StatusRequestHeaderFieldsTooLarge, json: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(tt.method, tt.target, nil)
			for k, v := range tt.header {
				req.Header.Set(k, v)
			}
			rec := httptest.NewRecorder()
			s.Handler().ServeHTTP(rec, req)
			if rec.Code != tt.status {
				t.Fatalf("%s %s = %d, want %d\n%s", tt.method, tt.target, rec.Code, tt.status, rec.Body)
			}
			for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy"} {
				if rec.Header().Get(h) == "" {
					t.Errorf("%s %s: no %s header", tt.method, tt.target, h)
				}
			}
			if tt.allow != "" && rec.Header().Get("Allow") != tt.allow {
				t.Errorf("Allow = %q, want %q", rec.Header().Get("Allow"), tt.allow)
			}
			if tt.json {
				var body apiError
				if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || body.Error.Code == "" {
					t.Errorf("body %q is not an API error (%v)", rec.Body, err)
				}
			}
		})
	}
}

// panicIndex is an index whose every search panics.
type panicIndex struct{}

func (panicIndex) Search(context.Context, search.Query) (*search.Result, error) {
	panic("search exploded")
}
func (panicIndex) Entry(context.Context, string) (*kb.Entry, error) { panic("entry exploded") }
func (panicIndex) Talk(context.Context, string) (*kb.TalkEntry, error) {
	panic("talk exploded")
}
func (panicIndex) Talks(context.Context, search.TalkFilter) ([]kb.TalkEntry, error) {
	panic("talks exploded")
}
func (panicIndex) Counts(context.Context, string, string) (map[string]int, error) {
	panic("boom")
}
func (panicIndex) TopicCounts(context.Context) (map[string]int, map[string]int, error) {
	panic("counts exploded")
}

// TestPanicAnswersLikeAnyError checks that a panic in a handler answers
// the same 500 as any internal error: the JSON error under /api, the error
// page elsewhere, never an empty body.
func TestPanicAnswersLikeAnyError(t *testing.T) {
	s, err := NewServer(DefaultConfig(), Deps{Index: panicIndex{}, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ target, contentType string }{
		{"/api/search?q=x", "application/json"},
		{"/search?q=x", "text/html"},
		{"/posts/x", "text/html"},
	} {
		t.Run(tt.target, func(t *testing.T) {
			rec := httptest.NewRecorder()
			s.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, tt.target, nil))
			if rec.Code != http.StatusInternalServerError {
				t.Fatalf("status %d, want 500", rec.Code)
			}
			if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, tt.contentType) {
				t.Errorf("Content-Type %q, want %s", ct, tt.contentType)
			}
			if rec.Body.Len() == 0 || strings.Contains(rec.Body.String(), "exploded") {
				t.Errorf("body %q: want the generic error, not empty or the panic", rec.Body)
			}
		})
	}
}

func TestLoggedQueryIsCapped(t *testing.T) {
	long := strings.Repeat("kỹ sư ", 500)
	got := loggedQuery(long)
	if len(got) > maxLoggedQuery+32 || !strings.HasPrefix(got, long[:100]) || !strings.Contains(got, "bytes)") {
		t.Errorf("loggedQuery kept %d bytes: %q", len(got), got)
	}
	if q := "q=kubernetes"; loggedQuery(q) != q {
		t.Errorf("loggedQuery(%q) = %q, want it whole", q, loggedQuery(q))
	}
}

// gateIndex is an index whose searches wait until release is closed.
type gateIndex struct {
	panicIndex
	started chan struct{}
	release chan struct{}
}

func (g gateIndex) Search(ctx context.Context, q search.Query) (*search.Result, error) {
	g.started <- struct{}{}
	<-g.release
	return &search.Result{Query: q}, nil
}

// TestSearchAdmission checks that searches past MaxSearches wait their
// turn for SearchQueueWait and are then answered 503 with Retry-After.
func TestSearchAdmission(t *testing.T) {
	cfg := DefaultConfig()
	cfg.MaxSearches, cfg.SearchQueueWait = 1, 20*time.Millisecond
	g := gateIndex{started: make(chan struct{}, 1), release: make(chan struct{})}
	s, err := NewServer(cfg, Deps{Index: g, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan int)
	go func() {
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/search?q=a", nil))
		done <- rec.Code
	}()
	<-g.started
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/search?q=b", nil))
	if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") == "" {
		t.Errorf("second search = %d, Retry-After %q; want 503 with Retry-After", rec.Code, rec.Header().Get("Retry-After"))
	}
	close(g.release)
	if code := <-done; code != http.StatusOK {
		t.Errorf("first search = %d, want 200", code)
	}
	// The place is free again.
	rec = httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/search?q=c", nil))
	<-g.started
	if rec.Code != http.StatusOK {
		t.Errorf("third search = %d, want 200", rec.Code)
	}
}

// TestSearchQueueBound checks that a search finding MaxQueued searches
// waiting already is answered 503 at once, not after its own wait (which
// the test makes far longer than it runs), and that the queued one runs
// once a place is free.
func TestSearchQueueBound(t *testing.T) {
	cfg := DefaultConfig()
	cfg.MaxSearches, cfg.MaxQueued, cfg.SearchQueueWait = 1, 1, time.Hour
	g := gateIndex{started: make(chan struct{}, 2), release: make(chan struct{})}
	s, err := NewServer(cfg, Deps{Index: g, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	codes := make(chan int, 2)
	get := func(q string) {
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/search?q="+q, nil))
		codes <- rec.Code
	}
	go get("running")
	<-g.started
	go get("queued")
	for len(s.queue) == 0 {
		runtime.Gosched()
	}
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/search?q=shed", nil))
	if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") == "" {
		t.Errorf("search past the queue = %d, Retry-After %q; want 503 with Retry-After", rec.Code, rec.Header().Get("Retry-After"))
	}
	close(g.release)
	for range 2 {
		if code := <-codes; code != http.StatusOK {
			t.Errorf("running or queued search = %d, want 200", code)
		}
	}
}

// cachedGateIndex is a gateIndex that has the results of one query.
type cachedGateIndex struct {
	gateIndex
	has string
}

func (c cachedGateIndex) Cached(q search.Query) (*search.Result, bool) {
	if q.Text != c.has {
		return nil, false
	}
	return &search.Result{Query: q, Total: 1}, true
}

// TestCachedSearchNeedsNoPlace checks that a query whose results the
// index keeps is answered while every place is taken and no search may
// wait, and that another query is not.
func TestCachedSearchNeedsNoPlace(t *testing.T) {
	cfg := DefaultConfig()
	cfg.MaxSearches, cfg.MaxQueued = 1, 0
	g := cachedGateIndex{gateIndex{started: make(chan struct{}, 1), release: make(chan struct{})}, "kubernetes"}
	s, err := NewServer(cfg, Deps{Index: g, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan int)
	go func() { done <- get(t, s, "/api/search?q=running").Code }()
	<-g.started
	if code := get(t, s, "/api/search?q=kubernetes").Code; code != http.StatusOK {
		t.Errorf("kept query while the place is taken = %d, want 200", code)
	}
	if code := get(t, s, "/api/search?q=other").Code; code != http.StatusServiceUnavailable {
		t.Errorf("other query while the place is taken = %d, want 503", code)
	}
	close(g.release)
	if code := <-done; code != http.StatusOK {
		t.Errorf("running search = %d, want 200", code)
	}
}
