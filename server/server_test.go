package server

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/recaphq/recap/indexer"
	"github.com/recaphq/recap/indexer/store"
)

var update = flag.Bool("update", false, "rewrite golden files")

// testServer is built once: every test reads the same index of
// testdata/posts, and handlers are safe for concurrent use.
var testServer struct {
	once sync.Once
	dir  string
	s    *Server
	err  error
}

// newTestServer returns a server over the index of testdata/posts.
func newTestServer(t *testing.T) *Server {
	t.Helper()
	testServer.once.Do(func() { testServer.s, testServer.err = buildTestServer() })
	if testServer.err != nil {
		t.Fatal(testServer.err)
	}
	return testServer.s
}

func buildTestServer() (*Server, error) {
	dir, err := os.MkdirTemp("", "recap-server-test")
	if err != nil {
		return nil, err
	}
	testServer.dir = dir
	index := filepath.Join(dir, "index")
	if _, err := indexer.Run(context.Background(), indexer.Options{DataDir: "testdata/posts", IndexDir: index, Full: true}); err != nil {
		return nil, err
	}
	ix, err := store.OpenIndex(index)
	if err != nil {
		return nil, err
	}
	tax, err := indexer.LoadTaxonomy("testdata/posts")
	if err != nil {
		return nil, err
	}
	return NewServer(DefaultConfig(), Deps{Index: store.NewLive(ix), Taxonomy: tax, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
}

func TestMain(m *testing.M) {
	code := m.Run()
	if testServer.s != nil {
		if l, ok := testServer.s.index.(*store.Live); ok {
			l.Close()
		}
	}
	if testServer.dir != "" {
		os.RemoveAll(testServer.dir)
	}
	os.Exit(code)
}

func get(t *testing.T, s *Server, target string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, req)
	return rec
}

func TestPages(t *testing.T) {
	s := newTestServer(t)
	tests := []struct {
		target string
		status int
		want   []string
		not    []string
	}{
		{"/", 200, []string{`<form class="search"`, "Kubernetes Meetup Tokyo #18"}, nil},
		{"/?ui=vi", 200, []string{`<html lang="vi">`, "Tìm"}, nil},
		{"/search?q=kubernetes", 200, []string{"<mark>Kubernetes</mark>", `href="/search?lang=ja&amp;q=kubernetes"`, `href="/search?q=kubernetes&amp;topic=ingress">Ingress</a>`, `>Go and <mark>Kubernetes</mark> meetup notes</a></h3>`}, nil},
		{"/search?q=ky+su", 200, []string{"<mark>kỹ</mark>", "Gặp mặt cộng đồng"}, nil},
		{"/search?q=kubernetes&lang=vi", 200, []string{"1 result ", "Tiếng Việt <span aria-hidden=\"true\">✕"}, nil},
		{"/search?q=zzzzqqq", 200, []string{"No recaps match", "ky su"}, nil},
		{"/search?q=kubernets", 200, []string{"Showing results for “kubernetes”", "<mark>Kubernetes</mark>"}, nil},
		{"/search?q=kubernetes", 200, nil, []string{"Showing results for"}},
		{"/search?q=x&size=1000", 400, []string{"size must be between"}, nil},
		{"/posts/vi-2019-01-07-gap-mat", 200, []string{`<article class="post" lang="vi">`, "<table>", "<strong>kỹ sư</strong>"}, []string{"ghi chú thô"}},
		{"/posts/does-not-exist", 404, []string{"Page not found"}, nil},
		{"/nope", 404, []string{"Page not found"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			rec := get(t, s, tt.target)
			if rec.Code != tt.status {
				t.Fatalf("status = %d, want %d; body:\n%s", rec.Code, tt.status, rec.Body)
			}
			if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
				t.Errorf("content type %q", ct)
			}
			body := rec.Body.String()
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("body lacks %q", w)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(body, w) {
					t.Errorf("body has %q", w)
				}
			}
		})
	}
}

func TestAPIErrors(t *testing.T) {
	s := newTestServer(t)
	tests := []struct {
		target string
		status int
		code   string
	}{
		{"/api/search?q=x&size=1000", 400, "invalid_size"},
		{"/api/search?q=x&size=0", 400, "invalid_size"},
		{"/api/search?q=x&size=ten", 400, "invalid_size"},
		{"/api/search?q=x&page=0", 400, "invalid_page"},
		{"/api/search?q=x&page=-3", 400, "invalid_page"},
		{"/api/search?q=" + strings.Repeat("a", 1001), 400, "invalid_q"},
		{"/api/search?q=x&lang=zz", 400, "invalid_lang"},
		{"/api/search?q=x&year=soon", 400, "invalid_year"},
		{"/api/search?q=x&sort=random", 400, "invalid_sort"},
		{"/api/search?q=x&type=video", 400, "invalid_type"},
		{"/api/posts/does-not-exist", 404, "not_found"},
		{"/api/nope", 404, "not_found"},
	}
	for _, tt := range tests {
		t.Run(tt.target[:min(len(tt.target), 60)], func(t *testing.T) {
			rec := get(t, s, tt.target)
			if rec.Code != tt.status {
				t.Fatalf("status = %d, want %d", rec.Code, tt.status)
			}
			var e apiError
			if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil {
				t.Fatalf("body is not an API error: %v\n%s", err, rec.Body)
			}
			if e.Error.Code != tt.code || e.Error.Message == "" {
				t.Errorf("error = %+v, want code %s and a message", e.Error, tt.code)
			}
		})
	}
	// A query of exactly the limit is fine.
	if rec := get(t, s, "/api/search?q="+strings.Repeat("a", 1000)); rec.Code != 200 {
		t.Errorf("1000-character query: status %d", rec.Code)
	}
}

func TestAPISearchGolden(t *testing.T) {
	s := newTestServer(t)
	rec := get(t, s, "/api/search?q=kubernetes&size=5")
	if rec.Code != 200 {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	var resp SearchResponse
	if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil {
		t.Fatal(err)
	}
	// Timing varies from run to run, scores in their last digits.
	resp.TookMS = 0
	for i := range resp.Hits {
		resp.Hits[i].Score = math.Round(resp.Hits[i].Score*1000) / 1000
	}
	got, _ := json.MarshalIndent(resp, "", "  ")
	golden(t, "testdata/search_kubernetes.golden.json", got)
}

func TestAPISearchCorrected(t *testing.T) {
	s := newTestServer(t)
	rec := get(t, s, "/api/search?q=kubernets+ingres")
	var r SearchResponse
	if err := json.Unmarshal(rec.Body.Bytes(), &r); err != nil {
		t.Fatalf("status %d: %v", rec.Code, err)
	}
	// The last word begins indexed words: it is being typed, and
	// searched as its commonest completion as well as a prefix.
	if r.Query != "kubernets ingres" || r.Corrected != "kubernetes ingress" || r.Total == 0 {
		t.Errorf("query %q corrected %q total %d, want kubernets ingres searched as kubernetes ingress", r.Query, r.Corrected, r.Total)
	}
}

// TestAPISearchRelaxed checks that a query with a word no post has still
// finds the posts with its other words, and says which word they lack.
func TestAPISearchRelaxed(t *testing.T) {
	s := newTestServer(t)
	rec := get(t, s, "/api/search?q=kubernetes+qzxvkjw+controller")
	var r SearchResponse
	if err := json.Unmarshal(rec.Body.Bytes(), &r); err != nil {
		t.Fatalf("status %d: %v", rec.Code, err)
	}
	if len(r.Hits) == 0 || !slices.Contains(r.Relaxed, "qzxvkjw") || slices.Contains(r.Relaxed, "kubernetes") {
		t.Errorf("%d hits, relaxed %q; want hits and qzxvkjw relaxed", len(r.Hits), r.Relaxed)
	}
	page := get(t, s, "/search?q=kubernetes+qzxvkjw+controller").Body.String()
	if !strings.Contains(page, `class="relaxed"`) || !strings.Contains(page, "<s>qzxvkjw</s>") {
		t.Error("the search page does not say which word was relaxed")
	}
}

// TestSearchPageCountsEveryWord checks that a page whose hits with every
// word are followed by hits with some says what its count counts.
func TestSearchPageCountsEveryWord(t *testing.T) {
	s := newTestServer(t)
	var r SearchResponse
	if err := json.Unmarshal(get(t, s, "/api/search?q=meetup+ingress").Body.Bytes(), &r); err != nil {
		t.Fatal(err)
	}
	relaxed := slices.ContainsFunc(r.Hits, func(h HitJSON) bool { return h.Relaxed })
	if !relaxed || r.Total == 0 {
		t.Fatalf("meetup ingress: total %d, relaxed hits %v; the test wants both kinds", r.Total, relaxed)
	}
	page := get(t, s, "/search?q=meetup+ingress").Body.String()
	want := fmt.Sprintf("%d results with every word", r.Total)
	if r.Total == 1 {
		want = "1 result with every word"
	}
	if !strings.Contains(page, want) {
		t.Errorf("the page does not say %q", want)
	}
	page = get(t, s, "/search?q=kubernetes").Body.String()
	if strings.Contains(page, "with every word") {
		t.Error("a page of hits that all have every word says it counts them apart")
	}
}

func TestAPIPost(t *testing.T) {
	s := newTestServer(t)
	rec := get(t, s, "/api/posts/ja-2019-04-22-kmt")
	if rec.Code != 200 {
		t.Fatalf("status %d", rec.Code)
	}
	var p PostResponse
	if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil {
		t.Fatal(err)
	}
	if p.Title != "Kubernetes Meetup Tokyo #18 参加レポート" || p.Lang != "ja" || p.Date != "2019-04-22" || p.Format != "toml" || !strings.Contains(p.HTML, "<p>コンテナ") {
		t.Errorf("post = %+v", p)
	}
}

func TestHealthStaticAndHeaders(t *testing.T) {
	s := newTestServer(t)
	rec := get(t, s, "/healthz")
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), "ok") {
		t.Errorf("/healthz: %d %s", rec.Code, rec.Body)
	}
	css, err := s.assets.url("style.css")
	if err != nil {
		t.Fatal(err)
	}
	rec = get(t, s, css)
	if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/css") || !strings.Contains(rec.Header().Get("Cache-Control"), "immutable") {
		t.Errorf("%s: %d %v", css, rec.Code, rec.Header())
	}
	if rec := get(t, s, "/static/style.css"); rec.Code != 404 {
		t.Errorf("unhashed asset name served: %d", rec.Code)
	}
	for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options"} {
		if rec.Header().Get(h) == "" {
			t.Errorf("no %s header", h)
		}
	}
}

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if string(want) != string(got) {
		t.Errorf("%s differs (run go test -update if the change is intended):\n%s", path, got)
	}
}

// TestValidateAdminToken checks that a token too short to resist guessing,
// or one that no request can send, is refused at start.
func TestValidateAdminToken(t *testing.T) {
	tests := []struct {
		name, token string
		ok          bool
	}{
		{"none: the API is off", "", true},
		{"one character", "x", false},
		{"15 characters", "abcdefghijklmno", false},
		{"16 characters", "abcdefghijklmnop", true},
		{"16 characters, not all ASCII", "ключ-ключ-ключ-к", true},
		{"spaces only", "                    ", false},
		{"leading space", " abcdefghijklmnopq", false},
		{"trailing newline", "abcdefghijklmnopq\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := DefaultConfig()
			cfg.AdminToken = tt.token
			err := cfg.Validate()
			if (err == nil) != tt.ok {
				t.Fatalf("Validate() = %v, want ok %v", err, tt.ok)
			}
			if err != nil && !strings.Contains(err.Error(), "RECAP_ADMIN_TOKEN") {
				t.Errorf("error %q does not name RECAP_ADMIN_TOKEN", err)
			}
		})
	}
}
