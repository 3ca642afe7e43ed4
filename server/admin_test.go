package server

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/recaphq/recap/indexer"
	"github.com/recaphq/recap/indexer/store"
)

// gateReindexer is a Reindexer whose runs last until the test ends them,
// so that a second request can arrive while one is going.
type gateReindexer struct {
	mu      sync.Mutex
	running bool
	full    bool
	started int
}

func (g *gateReindexer) Start(full bool, trigger string) (string, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.running {
		return "", ErrBusy
	}
	g.running, g.full = true, full
	g.started++
	return "run-1", nil
}

func (g *gateReindexer) Status() *RunStatus {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.started == 0 {
		return nil
	}
	st := &RunStatus{ID: "run-1", State: "running", Full: g.full}
	if !g.running {
		st.State = "done"
	}
	return st
}

func (g *gateReindexer) finish() {
	g.mu.Lock()
	g.running = false
	g.mu.Unlock()
}

func newAdminServer(t *testing.T, token string, r Reindexer) *Server {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "index")
	if _, err := indexer.Run(t.Context(), indexer.Options{DataDir: "testdata/posts", IndexDir: dir, Full: true}); err != nil {
		t.Fatal(err)
	}
	ix, err := store.OpenIndex(dir)
	if err != nil {
		t.Fatal(err)
	}
	live := store.NewLive(ix)
	t.Cleanup(func() { live.Close() })
	cfg := DefaultConfig()
	cfg.AdminToken = token
	s, err := NewServer(cfg, Deps{Index: live, Reindexer: r, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func adminRequest(t *testing.T, s *Server, method, auth, body string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, "/api/admin/reindex", strings.NewReader(body))
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, req)
	return rec
}

func TestAdminOffWithoutToken(t *testing.T) {
	s := newAdminServer(t, "", &gateReindexer{})
	for _, m := range []string{http.MethodGet, http.MethodPost} {
		if rec := adminRequest(t, s, m, "Bearer anything", ""); rec.Code != http.StatusNotFound {
			t.Errorf("%s with no token configured: %d, want 404", m, rec.Code)
		}
	}
}

func TestAdminAuthAndConflict(t *testing.T) {
	g := &gateReindexer{}
	s := newAdminServer(t, "s3cret-admin-token", g)
	steps := []struct {
		name   string
		method string
		auth   string
		body   string
		status int
		code   string // the JSON error code, for errors
	}{
		{"no header", http.MethodPost, "", "", 401, "unauthorized"},
		{"wrong token", http.MethodPost, "Bearer wrong", "", 401, "unauthorized"},
		{"token as a prefix", http.MethodPost, "Bearer s3cret-admin-toke", "", 401, "unauthorized"},
		{"other scheme", http.MethodPost, "Basic s3cret-admin-token", "", 401, "unauthorized"},
		{"status before any run", http.MethodGet, "Bearer s3cret-admin-token", "", 200, ""},
		{"bad body", http.MethodPost, "Bearer s3cret-admin-token", `{"ful": true}`, 400, "bad_request"},
		{"second object after the body", http.MethodPost, "Bearer s3cret-admin-token", `{"full":false}{"full":true}`, 400, "bad_request"},
		{"garbage after the body", http.MethodPost, "Bearer s3cret-admin-token", `{"full":false} x`, 400, "bad_request"},
		{"start full", http.MethodPost, "Bearer s3cret-admin-token", `{"full": true}`, 202, ""},
		{"second while going", http.MethodPost, "bearer s3cret-admin-token", "", 409, "conflict"},
		{"status while going", http.MethodGet, "Bearer s3cret-admin-token", "", 200, ""},
		{"status without token", http.MethodGet, "", "", 401, "unauthorized"},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			rec := adminRequest(t, s, st.method, st.auth, st.body)
			if rec.Code != st.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, st.status, rec.Body)
			}
			if st.code != "" {
				var e apiError
				if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || e.Error.Code != st.code {
					t.Errorf("body %s, want error code %q", rec.Body, st.code)
				}
			}
		})
	}
	if g.started != 1 || !g.full {
		t.Errorf("runs started: %d (full %v), want 1 full", g.started, g.full)
	}
	g.finish()
	rec := adminRequest(t, s, http.MethodPost, "Bearer s3cret-admin-token", "")
	if rec.Code != http.StatusAccepted {
		t.Errorf("start after the run ended: %d, want 202", rec.Code)
	}
}

// TestAdminFailureLimit checks that a client IP that fails to show the
// token adminFailures times in a window gets 429 with Retry-After, even
// with the right token, while other IPs are not affected.
func TestAdminFailureLimit(t *testing.T) {
	s := newAdminServer(t, "s3cret-admin-token", &gateReindexer{})
	from := func(ip, auth string) *httptest.ResponseRecorder {
		t.Helper()
		req := httptest.NewRequest(http.MethodGet, "/api/admin/reindex", nil)
		req.RemoteAddr = ip + ":4711"
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, req)
		return rec
	}
	for i := range adminFailures {
		if rec := from("192.0.2.1", "Bearer guess"); rec.Code != http.StatusUnauthorized {
			t.Fatalf("failure %d: %d, want 401", i+1, rec.Code)
		}
	}
	tests := []struct {
		name, ip, auth string
		status         int
	}{
		{"one more guess", "192.0.2.1", "Bearer guess", http.StatusTooManyRequests},
		{"the right token from the same IP", "192.0.2.1", "Bearer s3cret-admin-token", http.StatusTooManyRequests},
		{"the right token from another IP", "192.0.2.2", "Bearer s3cret-admin-token", http.StatusOK},
		{"a guess from another IP", "192.0.2.3", "Bearer guess", http.StatusUnauthorized},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := from(tt.ip, tt.auth)
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, tt.status, rec.Body)
			}
			if tt.status == http.StatusTooManyRequests {
				if ra := rec.Header().Get("Retry-After"); ra == "" || ra == "0" {
					t.Errorf("Retry-After = %q, want the seconds left", ra)
				}
			}
		})
	}
}

// TestFailLimiter checks the windows, the reset on success and the bound
// on the IPs held, with a clock the test moves.
func TestFailLimiter(t *testing.T) {
	now := time.Unix(1_000_000, 0)
	l := newFailLimiter(2, time.Minute, 3, func() time.Time { return now })
	l.fail("a")
	l.fail("a")
	if left, blocked := l.blocked("a"); !blocked || left != time.Minute {
		t.Fatalf("after 2 failures: blocked %v, left %v; want true, 1m", blocked, left)
	}
	now = now.Add(59 * time.Second)
	if left, blocked := l.blocked("a"); !blocked || left != time.Second {
		t.Errorf("late in the window: blocked %v, left %v; want true, 1s", blocked, left)
	}
	now = now.Add(time.Second)
	if _, blocked := l.blocked("a"); blocked {
		t.Error("still blocked after the window")
	}
	l.fail("b")
	l.succeed("b")
	l.fail("b")
	if _, blocked := l.blocked("b"); blocked {
		t.Error("blocked after one failure since a success")
	}
	for _, ip := range []string{"c", "d", "e", "f"} {
		now = now.Add(time.Second)
		l.fail(ip)
		l.fail(ip)
	}
	if len(l.ips) > 3 {
		t.Errorf("%d IPs held, want at most 3", len(l.ips))
	}
	if _, blocked := l.blocked("f"); !blocked {
		t.Error("the newest IP was evicted")
	}
}

// failedReindexer is a Reindexer whose last run failed, as on a full
// disk, and is due to be tried again.
type failedReindexer struct{ retryAt time.Time }

func (failedReindexer) Start(bool, string) (string, error) { return "", ErrBusy }

func (f failedReindexer) Status() *RunStatus {
	return &RunStatus{ID: "run-3", State: "failed", Trigger: "watch", Error: "write batch: no space left on device", FailedRuns: 3, RetryAt: &f.retryAt}
}

// TestAdminReportsFailedRun checks that the status of a failed run tells
// its error, how many runs in a row failed and when the next try is,
// while the server goes on answering searches.
func TestAdminReportsFailedRun(t *testing.T) {
	at := time.Date(2026, 12, 1, 23, 0, 0, 0, time.UTC)
	s := newAdminServer(t, "s3cret-admin-token", failedReindexer{at})
	rec := adminRequest(t, s, http.MethodGet, "Bearer s3cret-admin-token", "")
	var st struct {
		State      string    `json:"state"`
		Error      string    `json:"error"`
		FailedRuns int       `json:"failed_runs"`
		RetryAt    time.Time `json:"retry_at"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &st); err != nil || rec.Code != http.StatusOK {
		t.Fatalf("status: %d %s (%v)", rec.Code, rec.Body, err)
	}
	if st.State != "failed" || !strings.Contains(st.Error, "no space left") || st.FailedRuns != 3 || !st.RetryAt.Equal(at) {
		t.Errorf("status of a failed run: %s", rec.Body)
	}
	search := httptest.NewRecorder()
	s.Handler().ServeHTTP(search, httptest.NewRequest(http.MethodGet, "/api/search?q=kubernetes", nil))
	if search.Code != http.StatusOK {
		t.Errorf("search while the re-index fails: %d", search.Code)
	}
}
