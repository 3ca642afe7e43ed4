package main

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/recaphq/recap/indexer"
	"github.com/recaphq/recap/server"
)

// TestAdminWithWriter drives a real run through the admin API, over the
// adapter that shows the indexer's Writer to the server.
func TestAdminWithWriter(t *testing.T) {
	data := t.TempDir()
	for name, body := range map[string]string{
		"a.md":     "---\ntitle: Alpha\nlang: en\n---\nNotes about aardvarks.\n",
		"sub/b.md": "---\ntitle: Beta\nlang: en\n---\nNotes about buffaloes.\n",
	} {
		p := filepath.Join(data, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	w, err := indexer.OpenWriter(t.Context(), indexer.Options{DataDir: data, IndexDir: filepath.Join(t.TempDir(), "index")})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	cfg := server.DefaultConfig()
	cfg.AdminToken = "tok-tok-tok-tok-tok"
	srv, err := server.NewServer(cfg, server.Deps{Index: w.Live(), Reindexer: reindexer{w}, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	request := func(method string) *httptest.ResponseRecorder {
		t.Helper()
		req := httptest.NewRequest(method, "/api/admin/reindex", strings.NewReader(""))
		req.Header.Set("Authorization", "Bearer tok-tok-tok-tok-tok")
		rec := httptest.NewRecorder()
		srv.Handler().ServeHTTP(rec, req)
		return rec
	}

	rec := request(http.MethodPost)
	if rec.Code != http.StatusAccepted {
		t.Fatalf("start: %d %s", rec.Code, rec.Body)
	}
	var started struct{ ID string }
	if err := json.Unmarshal(rec.Body.Bytes(), &started); err != nil || started.ID == "" {
		t.Fatalf("start body %s: %v", rec.Body, err)
	}
	if _, err := (reindexer{w}).Start(false, "test"); err != server.ErrBusy && err != nil {
		t.Errorf("start while a run goes: %v, want server.ErrBusy or none (the run may have ended)", err)
	}
	w.Wait()
	rec = request(http.MethodGet)
	var st server.RunStatus
	if err := json.Unmarshal(rec.Body.Bytes(), &st); err != nil {
		t.Fatal(err)
	}
	if rec.Code != 200 || st.State != indexer.StateDone || st.Finished == nil || st.Unchanged != 2 || st.Failures == nil {
		t.Errorf("status %d %s, want a run done with 2 unchanged files", rec.Code, rec.Body)
	}
	var fields map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &fields); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"id", "state", "full", "trigger", "started", "finished", "added", "updated", "removed", "unchanged", "failures"} {
		if _, ok := fields[k]; !ok {
			t.Errorf("status lacks %q: %s", k, rec.Body)
		}
	}
}

// TestServeRefusesWeakToken checks that `recap serve` refuses, before it
// opens anything, an admin token that is too short or cannot be sent.
func TestServeRefusesWeakToken(t *testing.T) {
	for _, tok := range []string{"x", "                ", " a-token-long-enough"} {
		t.Run(strconv.Quote(tok), func(t *testing.T) {
			env := map[string]string{"RECAP_ADMIN_TOKEN": tok, "RECAP_INDEX": filepath.Join(t.TempDir(), "index"), "RECAP_DATA": t.TempDir()}
			var out bytes.Buffer
			err := run(t.Context(), []string{"serve"}, stdio{nil, &out, &out}, func(k string) string { return env[k] })
			if err == nil || !strings.Contains(err.Error(), "RECAP_ADMIN_TOKEN") {
				t.Fatalf("serve with token %q: %v, want an error naming RECAP_ADMIN_TOKEN", tok, err)
			}
		})
	}
}

// TestServeRefusesBadSiteFlags checks that a base URL or a CORS origin
// that cannot be used stops `recap serve` with an error naming it, from
// the flag or from the environment.
func TestServeRefusesBadSiteFlags(t *testing.T) {
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want string
	}{
		{"relative base URL", []string{"serve", "--base-url", "recap.example.org"}, nil, "recap.example.org"},
		{"base URL with a query", nil, map[string]string{"RECAP_BASE_URL": "https://r.example.org/?x=1"}, "https://r.example.org/?x=1"},
		{"origin with a path", []string{"serve", "--cors-origins", "https://a.example.org,https://b.example.org/app"}, nil, "https://b.example.org/app"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := map[string]string{"RECAP_INDEX": filepath.Join(t.TempDir(), "index")}
			for k, v := range tt.env {
				env[k] = v
			}
			args := tt.args
			if args == nil {
				args = []string{"serve"}
			}
			var out bytes.Buffer
			err := run(t.Context(), args, stdio{nil, &out, &out}, func(k string) string { return env[k] })
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("%v: %v, want an error naming %q", args, err, tt.want)
			}
		})
	}
}
