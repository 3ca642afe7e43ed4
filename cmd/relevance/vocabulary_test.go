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
// katakana or of kanji (a Japanese word written in one script; the
// iteration mark 々 ends a run, as the analyzer's bigrams do).
func vocabularyWords(s string) []string {
	class := func(r rune) int {
		switch {
		case unicode.Is(unicode.Katakana, r) || r == 'ー':
			return 1
		case unicode.Is(unicode.Ideographic, r):
			return 2
		case textrule.IsCJK(r):
			return 0
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' || r == '’':
			// An apostrophe stays inside a word, as Unicode word breaking
			// keeps it (shouldn't).
			return 3
		}
		return 0
	}
	var out []string
	var cur []rune
	prev := 0
	flush := func() {
		if w := strings.Trim(string(cur), "'’"); w != "" {
			out = append(out, w)
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
	if raceEnabled {
		t.Skip("thousands of searches over the corpus; make test runs it without -race")
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
		if r := []rune(w); len(ps) > maxPosts || len(r) < 2 || len(r) > search.MaxWordRunes || !unicode.IsLetter(r[0]) {
			// A word begins with a letter ("64" in x86_64, "2p" in
			// 10.2p are no tokens), and a query cuts a word to
			// MaxWordRunes.
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
		want := map[int]int{0: 300, 1: 110, 2: 110}[s]
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

	// Typing: as the last word grows letter by letter after another word,
	// the hits narrow and never jump ("service m" 2, "service me" 45,
	// "service mes" 114 was the bug). A prefix that is a word of its own
	// may add what that word stands for (its stem's other forms, a
	// concept's other names), so a step may grow within a bound; a stop
	// word, which is never required, is not a step.
	var long []string
	for _, w := range byScript[0] {
		if len(w) >= 7 && textrule.Fold(w) == w && strings.IndexFunc(w, func(r rune) bool { return r > unicode.MaxASCII || !unicode.IsLetter(r) }) < 0 {
			long = append(long, w)
		}
	}
	sort.Strings(long)
	step := max(1, len(long)/25)
	jumps := 0
	for i := 0; i < len(long); i += step {
		w := long[i]
		var lead string
		for slug := range posts[w] {
			// A word of the same post, so that the query has hits.
			lead = firstWord(docs, slug, w)
			break
		}
		if lead == "" {
			continue
		}
		if p, err := ix.Plan(ctx, search.Query{Text: lead}); err != nil || len(p.Units) != 1 || p.Units[0].Stop {
			continue // a stop word is required when it is all there is
		}
		prev := -1
		// One and two letters are not completed (see Plan); from three
		// on, each letter narrows, until the word is whole, when its
		// stem also finds its other forms ("attendance", "attended").
		for n := 3; n < len(w); n++ {
			q := lead + " " + w[:n]
			r, err := ix.Search(ctx, search.Query{Text: q})
			if err != nil {
				t.Fatalf("search %q: %v", q, err)
			}
			if p, err := ix.Plan(ctx, search.Query{Text: q}); err == nil && len(p.Units) > 0 && p.Units[len(p.Units)-1].Stop {
				prev = -1
				continue
			}
			if prev >= 0 && r.Total > 2*prev+5 {
				jumps++
				if jumps <= 10 {
					t.Errorf("%q: %d hits, more than the %d of one letter less", q, r.Total, prev)
				}
			}
			prev = r.Total
		}
	}
	if jumps > 0 {
		t.Errorf("%d jumps while typing", jumps)
	}
}

// firstWord returns the first word of at least five ASCII letters of the
// post with the given slug, other than not.
func firstWord(docs []Doc, slug, not string) string {
	for _, d := range docs {
		if d.Entry.Post.Slug != slug {
			continue
		}
		for _, w := range vocabularyWords(d.Entry.Post.Title + " " + d.Entry.Post.Text) {
			l := strings.ToLower(w)
			if len(l) >= 5 && l != not && strings.IndexFunc(l, func(r rune) bool { return r < 'a' || r > 'z' }) < 0 {
				return l
			}
		}
	}
	return ""
}
