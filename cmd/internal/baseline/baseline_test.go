package baseline

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"testing"

	"github.com/recaphq/recap/indexer/kb"
	"github.com/recaphq/recap/indexer/search"
)

// testIndex is a baseline index of posts, closed when the test ends.
func testIndex(t *testing.T, posts ...kb.Post) *Index {
	t.Helper()
	ix, err := Create(filepath.Join(t.TempDir(), "b"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	var docs []search.Doc
	for _, p := range posts {
		ds, err := search.Documents(kb.Entry{Post: p})
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, ds...)
	}
	if err := ix.Apply(docs); err != nil {
		t.Fatal(err)
	}
	return ix
}

// notes is the post of the tests of one English post.
var notes = kb.Post{Slug: "k", Lang: kb.LangEN, Title: "Notes", Text: "Kubernetes networking"}

func TestBaseline(t *testing.T) {
	ix := testIndex(t,
		kb.Post{Slug: "a", Lang: kb.LangVI, Title: "Kỹ sư", Text: "Vấn đề lớn"},
		kb.Post{Slug: "b", Lang: kb.LangEN, Title: "Notes", Text: "Kubernetes networking"},
	)
	tests := []struct {
		q    string
		want []string
	}{
		{"kubernetes", []string{"post:b"}},
		{"kỹ sư", []string{"post:a"}},
		// The standard analyzer does not fold accents: this is what recap
		// improves on.
		{"ky su", nil},
	}
	for _, tt := range tests {
		got, err := ix.Search(context.Background(), Request{Text: tt.q, Size: 10, Facets: true, Highlight: true})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, tt.want) && !(len(got) == 0 && len(tt.want) == 0) {
			t.Errorf("Search(%q) = %v, want %v", tt.q, got, tt.want)
		}
	}
}

func TestHandler(t *testing.T) {
	ix := testIndex(t, notes)
	srv := httptest.NewServer(Handler(ix, slog.New(slog.DiscardHandler)))
	defer srv.Close()
	tests := []struct {
		path     string
		status   int
		wantHits int
	}{
		{"/api/search?q=kubernetes", http.StatusOK, 1},
		{"/api/search?q=nothing", http.StatusOK, 0},
		{"/healthz", http.StatusOK, -1},
		{"/missing", http.StatusNotFound, -1},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			resp, err := http.Get(srv.URL + tt.path)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d", resp.StatusCode, tt.status)
			}
			if tt.wantHits < 0 {
				return
			}
			var body struct {
				Hits []struct {
					ID        string              `json:"id"`
					Fragments map[string][]string `json:"fragments"`
				} `json:"hits"`
				Facets map[string]any `json:"facets"`
			}
			if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
				t.Fatal(err)
			}
			if len(body.Hits) != tt.wantHits {
				t.Errorf("%d hits, want %d", len(body.Hits), tt.wantHits)
			}
			if len(body.Facets) != 4 {
				t.Errorf("%d facets, want 4", len(body.Facets))
			}
			if tt.wantHits > 0 && len(body.Hits[0].Fragments[search.FieldBody]) == 0 {
				t.Error("the hit has no body fragment")
			}
		})
	}
}

func TestModes(t *testing.T) {
	ix := testIndex(t, notes)
	tests := []struct {
		text string
		mode Mode
		want int
	}{
		{"kube", Match, 0},
		{"kube", Prefix, 1},
		{"Kube", Prefix, 1},
		{"notes netw", Prefix, 1},
		{"kubernetse", Match, 0},
		{"kubernetse", Fuzzy, 1}, // a transposition is one edit
		{"kubrnetse", Fuzzy, 0},
	}
	for _, tt := range tests {
		got, err := ix.Search(context.Background(), Request{Text: tt.text, Mode: tt.mode, Size: 10})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != tt.want {
			t.Errorf("Search(%q, mode %d) = %v, want %d hits", tt.text, tt.mode, got, tt.want)
		}
	}
}
