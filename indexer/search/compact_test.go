package search

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	"github.com/recaphq/recap/indexer/kb"
)

// TestCompact checks that an index written in batches of one post each,
// every batch a small part of it, is one segment file after Compact, with
// nothing else left on disk, and answers as before, also once reopened.
func TestCompact(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ix")
	ix, err := Create(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { ix.Close() }()
	for _, p := range testPosts {
		docs, err := Documents(kb.Entry{Post: p, Markdown: p.Text})
		if err != nil {
			t.Fatal(err)
		}
		if err := ix.Apply(docs, nil); err != nil {
			t.Fatal(err)
		}
	}
	ctx := context.Background()
	search := func(ix *Index) []string {
		t.Helper()
		r, err := ix.Search(ctx, Query{Text: "kubernetes"})
		if err != nil {
			t.Fatal(err)
		}
		return slugs(r)
	}
	before := search(ix)
	if len(before) == 0 {
		t.Fatal("no hits for kubernetes before compacting")
	}
	if err := ix.Compact(ctx); err != nil {
		t.Fatal(err)
	}
	if got := search(ix); !slices.Equal(got, before) {
		t.Errorf("hits after Compact = %v, want %v", got, before)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	if n, err := zapFiles(filepath.Join(dir, "store")); err != nil || n != 1 {
		t.Errorf("segment files after Compact and Close = %d, %v; want 1", n, err)
	}
	if ix, err = Open(dir); err != nil {
		t.Fatal(err)
	}
	if got := search(ix); !slices.Equal(got, before) {
		t.Errorf("hits after reopening = %v, want %v", got, before)
	}
}
