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
	s := newAdminServer(t, "s3cret", g)
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
		{"token as a prefix", http.MethodPost, "Bearer s3cre", "", 401, "unauthorized"},
		{"other scheme", http.MethodPost, "Basic s3cret", "", 401, "unauthorized"},
		{"status before any run", http.MethodGet, "Bearer s3cret", "", 200, ""},
		{"bad body", http.MethodPost, "Bearer s3cret", `{"ful": true}`, 400, "bad_request"},
		{"start full", http.MethodPost, "Bearer s3cret", `{"full": true}`, 202, ""},
		{"second while going", http.MethodPost, "bearer s3cret", "", 409, "conflict"},
		{"status while going", http.MethodGet, "Bearer s3cret", "", 200, ""},
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
	rec := adminRequest(t, s, http.MethodPost, "Bearer s3cret", "")
	if rec.Code != http.StatusAccepted {
		t.Errorf("start after the run ended: %d, want 202", rec.Code)
	}
}
