package baseline

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	"github.com/recaphq/recap/indexer/kb"
	"github.com/recaphq/recap/indexer/search"
)

func TestBaseline(t *testing.T) {
	ix, err := Create(filepath.Join(t.TempDir(), "b"))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	var docs []search.Doc
	for _, p := range []kb.Post{
		{Slug: "a", Lang: kb.LangVI, Title: "Kỹ sư", Text: "Vấn đề lớn"},
		{Slug: "b", Lang: kb.LangEN, Title: "Notes", Text: "Kubernetes networking"},
	} {
		ds, err := search.Documents(kb.Entry{Post: p})
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, ds...)
	}
	if err := ix.Apply(docs); err != nil {
		t.Fatal(err)
	}
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
