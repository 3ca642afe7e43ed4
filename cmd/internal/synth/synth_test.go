package synth

import (
	"strings"
	"testing"

	"github.com/recaphq/recap/indexer/kb"
)

func TestVocabulary(t *testing.T) {
	g := New(1)
	for _, lang := range kb.Languages {
		v := g.vocab[lang]
		if len(v) < 50000 {
			t.Errorf("%s vocabulary has %d words, want at least 50000", lang, len(v))
		}
	}
}

func TestPostsDeterministic(t *testing.T) {
	a, b := New(7).Post(42), New(7).Post(42)
	if a.Post.Text != b.Post.Text || a.Post.Title != b.Post.Title {
		t.Error("the same seed and index gave different posts")
	}
	if New(8).Post(42).Post.Text == a.Post.Text {
		t.Error("different seeds gave the same post")
	}
}

func TestPostShape(t *testing.T) {
	g := New(1)
	langs := map[string]int{}
	for i := range 30 {
		p := g.Post(i).Post
		langs[p.Lang]++
		if n := len(p.Text); n < 3600 || n > 4200 {
			t.Errorf("post %d has %d bytes, want about 3.6 KB", i, n)
		}
		if p.Title == "" || p.Slug == "" || p.Date.IsZero() {
			t.Errorf("post %d lacks a title, slug or date: %+v", i, p)
		}
	}
	for _, l := range kb.Languages {
		if langs[l] != 10 {
			t.Errorf("%d of 30 posts in %s, want 10", langs[l], l)
		}
	}
}

// TestZipf checks that the vocabulary is not over-common: a word of rank
// 1,000 appears in a few percent of the posts, not in most of them, while
// the top words are in most.
func TestZipf(t *testing.T) {
	g := New(1)
	v := g.vocab[kb.LangEN]
	const n = 300
	var top, mid int
	for i := 2; i < n*3; i += 3 { // English posts: kb.Languages[2]
		text := " " + g.Post(i).Post.Text + " "
		if strings.Contains(text, " "+v[2]+" ") {
			top++
		}
		if strings.Contains(text, " "+v[1000]+" ") {
			mid++
		}
	}
	if top < n/2 {
		t.Errorf("word of rank 2 is in %d of %d posts, want most", top, n)
	}
	if mid == 0 || mid > n/10 {
		t.Errorf("word of rank 1000 is in %d of %d posts, want a few percent", mid, n)
	}
}

func TestQueries(t *testing.T) {
	qs := New(1).Queries(1000)
	if len(qs) != 1000 {
		t.Fatalf("%d queries, want 1000", len(qs))
	}
	var phrases int
	for _, q := range qs {
		if strings.TrimSpace(q) == "" {
			t.Error("empty query")
		}
		if strings.HasPrefix(q, `"`) {
			phrases++
		}
	}
	if phrases == 0 {
		t.Error("no phrase queries in the mix")
	}
}

func TestQueriesOf(t *testing.T) {
	g := New(1)
	words := map[string]bool{}
	for _, l := range kb.Languages {
		for _, w := range g.vocab[l] {
			words[w] = true
		}
	}
	tests := []struct {
		kind Kind
		// vocabulary says whether a query of the kind is a word of the
		// vocabularies: always, never, or either (0).
		vocabulary int
	}{
		{KindWord, 1},
		{KindPrefix, 0},
		{KindTypo, 0},
		{KindPhrase, -1},
	}
	for _, tt := range tests {
		qs := g.QueriesOf(tt.kind, 200)
		if len(qs) != 200 {
			t.Fatalf("kind %d: %d queries, want 200", tt.kind, len(qs))
		}
		var inVocab int
		for _, q := range qs {
			if words[q] {
				inVocab++
			}
		}
		switch {
		case tt.vocabulary == 1 && inVocab != len(qs):
			t.Errorf("kind %d: %d of %d queries are words", tt.kind, inVocab, len(qs))
		case tt.vocabulary == -1 && inVocab != 0:
			t.Errorf("kind %d: %d of %d queries are words", tt.kind, inVocab, len(qs))
		case tt.vocabulary == 0 && inVocab == len(qs):
			t.Errorf("kind %d: every query is a whole word", tt.kind)
		}
	}
	if a, b := g.QueriesOf(KindPrefix, 5), New(1).QueriesOf(KindPrefix, 5); strings.Join(a, "|") != strings.Join(b, "|") {
		t.Error("the same seed gave different queries")
	}
}
