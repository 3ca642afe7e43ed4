package main

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode"

	"github.com/recaphq/recap/indexer/search"
	"github.com/recaphq/recap/indexer/taxonomy"
	"github.com/recaphq/recap/indexer/textrule"
)

// vocabularyWords splits a post's indexed text into the words a reader
// could type: runs of letters and digits of a non-CJK script, and runs of
// katakana or of kanji (a Japanese word written in one script).
func vocabularyWords(s string) []string {
	class := func(r rune) int {
		switch {
		case unicode.Is(unicode.Katakana, r) || r == 'ー':
			return 1
		case unicode.Is(unicode.Han, r):
			return 2
		case textrule.IsCJK(r):
			return 0
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			return 3
		}
		return 0
	}
	var out []string
	var cur []rune
	prev := 0
	flush := func() {
		if len(cur) > 0 {
			out = append(out, string(cur))
		}
		cur = cur[:0]
	}
	for _, r := range s {
		c := class(r)
		if c != prev || c == 0 {
			flush()
		}
		if c != 0 {
			cur = append(cur, r)
		}
		prev = c
	}
	flush()
	return out
}

// TestEveryWordFindsItsPosts checks that the matching strategy never
// dead-ends: for words of the corpus vocabulary, a query of the word and two
// words that no post has still returns the posts that have the word. The
// words are a deterministic sample spread over the sorted vocabulary of
// each script (Latin and Vietnamese, katakana, kanji), of words in at most
// maxPosts posts, so that the query's hits can hold all of those posts.
func TestEveryWordFindsItsPosts(t *testing.T) {
	if _, err := os.Stat(filepath.Join(sharedDir, "corpus")); err != nil {
		t.Skipf("shared corpus not available: %v", err)
	}
	if testing.Short() {
		t.Skip("indexes the corpus")
	}
	docs, err := LoadCorpus(Sources(dataDir, sharedDir))
	if err != nil {
		t.Fatal(err)
	}
	tax, err := taxonomy.Load(os.DirFS(dataDir))
	if err != nil {
		t.Fatal(err)
	}
	ix, err := search.Create(filepath.Join(t.TempDir(), "idx"), search.WithSynonyms(search.NewSynonyms(tax)))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	var all []search.Doc
	posts := map[string]map[string]bool{} // folded lowercase word → post slugs
	for _, d := range docs {
		ds, err := search.Documents(d.Entry)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, ds...)
		p := d.Entry.Post
		for _, w := range vocabularyWords(p.Title + "\n" + p.Text) {
			k := textrule.Fold(strings.ToLower(w))
			if posts[k] == nil {
				posts[k] = map[string]bool{}
			}
			posts[k][p.Slug] = true
		}
	}
	if err := ix.Apply(all, nil); err != nil {
		t.Fatal(err)
	}

	const maxPosts = 8
	// Nonsense words, checked to be in no post.
	noise := []string{"qzxvkjw", "wvqxzjk"}
	for _, n := range noise {
		if posts[n] != nil {
			t.Fatalf("noise word %q is in a post", n)
		}
	}
	byScript := map[int][]string{}
	for w, ps := range posts {
		if len(ps) > maxPosts || len([]rune(w)) < 2 {
			continue
		}
		s := 0
		if r := []rune(w)[0]; unicode.Is(unicode.Katakana, r) {
			s = 1
		} else if unicode.Is(unicode.Han, r) {
			s = 2
		}
		byScript[s] = append(byScript[s], w)
	}
	var sample []string
	for s := range 3 {
		ws := byScript[s]
		sort.Strings(ws)
		want := map[int]int{0: 400, 1: 150, 2: 150}[s]
		step := max(1, len(ws)/want)
		for i := 0; i < len(ws); i += step {
			sample = append(sample, ws[i])
		}
	}
	if len(sample) < 500 {
		t.Fatalf("sampled %d words, want at least 500", len(sample))
	}
	ctx := context.Background()
	failed := 0
	for _, w := range sample {
		q := w + " " + strings.Join(noise, " ")
		r, err := ix.Search(ctx, search.Query{Text: q, Type: search.TypePost, Size: search.MaxSize})
		if err != nil {
			t.Fatalf("search %q: %v", q, err)
		}
		got := map[string]bool{}
		for _, h := range r.Hits {
			got[h.Key] = true
		}
		var missing []string
		for slug := range posts[w] {
			if !got[slug] {
				missing = append(missing, slug)
			}
		}
		if len(missing) > 0 {
			failed++
			if failed <= 20 {
				sort.Strings(missing)
				t.Errorf("%q: %d of %d posts with the word not returned (of %d hits), e.g. %s", q, len(missing), len(posts[w]), r.Total, missing[0])
			}
		}
	}
	if failed > 0 {
		t.Errorf("%d of %d words do not find all their posts", failed, len(sample))
	}
}
