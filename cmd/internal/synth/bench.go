package synth

import (
	"context"
	"fmt"
	"io"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/recaphq/recap/cmd/internal/baseline"
	"github.com/recaphq/recap/indexer/kb"
	"github.com/recaphq/recap/indexer/search"
	"github.com/recaphq/recap/indexer/textrule"
)

// Report is what one speed run measured for one system.
type Report struct {
	System      string
	Posts       int
	IndexTime   time.Duration
	PostsPerSec float64
	P50, P99    time.Duration
	Queries     int
}

func (r Report) String() string {
	if r.IndexTime == 0 {
		return fmt.Sprintf("%-9s %7d posts  index reused  %d queries  p50 %6.2f ms  p99 %7.2f ms",
			r.System, r.Posts, r.Queries, float64(r.P50.Microseconds())/1000, float64(r.P99.Microseconds())/1000)
	}
	return fmt.Sprintf("%-9s %7d posts  index %6.0f posts/s (%v)  %d queries  p50 %6.2f ms  p99 %7.2f ms",
		r.System, r.Posts, r.PostsPerSec, r.IndexTime.Round(time.Second), r.Queries,
		float64(r.P50.Microseconds())/1000, float64(r.P99.Microseconds())/1000)
}

// QueryRankFrom is the rank of the most frequent word that Queries uses.
const QueryRankFrom = 300

// Kind is a kind of query the generator makes.
type Kind int

// The kinds of query, in the proportions Queries mixes them (of ten: 4
// words, 2 pairs, 1 phrase, 1 folded, 1 prefix, 1 typo).
const (
	KindWord   Kind = iota // one word of any frequency
	KindPair               // two words
	KindPhrase             // two words in quotes
	KindFolded             // a Vietnamese word typed without accents
	KindPrefix             // the first two thirds of a word, as it is typed
	KindTypo               // a word with two letters swapped
)

// mixKinds lists the kind of each of ten draws of Queries.
var mixKinds = [10]Kind{KindWord, KindWord, KindWord, KindWord, KindPair, KindPair, KindPhrase, KindFolded, KindPrefix, KindTypo}

// Queries returns n mixed queries drawn from the vocabularies: single words
// of every frequency, two-word queries and phrases, Vietnamese without
// accents, prefixes being typed and misspelt words.
func (g *Generator) Queries(n int) []string {
	r := rand.New(rand.NewSource(g.seed + 7))
	z := rand.NewZipf(r, 1.07, 2, VocabularySize-1)
	out := make([]string, 0, n)
	for len(out) < n {
		lang := kb.Languages[r.Intn(len(kb.Languages))]
		out = append(out, g.query(r, z, lang, mixKinds[r.Intn(len(mixKinds))]))
	}
	return out
}

// QueriesOf returns n queries of one kind, drawn as Queries draws them, so
// that a kind of query can be timed apart from the mix.
func (g *Generator) QueriesOf(kind Kind, n int) []string {
	r := rand.New(rand.NewSource(g.seed + 11 + int64(kind)))
	z := rand.NewZipf(r, 1.07, 2, VocabularySize-1)
	out := make([]string, 0, n)
	for len(out) < n {
		out = append(out, g.query(r, z, kb.Languages[r.Intn(len(kb.Languages))], kind))
	}
	return out
}

// query draws a query of the kind in the language's vocabulary.
func (g *Generator) query(r *rand.Rand, z *rand.Zipf, lang string, kind Kind) string {
	v := g.vocab[lang]
	// Query words are content words: past the few hundred most
	// frequent, which are in most posts as function words are in real
	// text. A word of rank 300 is in about 15% of the posts, one of
	// rank 1,000 in about 5%.
	word := func() string { return v[QueryRankFrom+z.Uint64()%uint64(len(v)-QueryRankFrom)] }
	switch kind {
	case KindPair:
		return word() + " " + word()
	case KindPhrase:
		return `"` + word() + " " + word() + `"`
	case KindFolded:
		return textrule.Fold(word())
	case KindPrefix:
		w := []rune(word())
		return string(w[:max(1, len(w)*2/3)])
	case KindTypo:
		w := []rune(word())
		if len(w) > 4 {
			w[len(w)/2], w[len(w)/2+1] = w[len(w)/2+1], w[len(w)/2]
		}
		return string(w)
	}
	return word()
}

// Run indexes n posts into recap's index and into the baseline, in folders
// under dir, and times the queries on both: recap's full search (facets,
// snippets, synonyms-free) and the baseline with bleve's facets and
// highlighter. When reuse is set and dir already holds both indexes of an
// earlier run (of the same n), they are searched as they are, which lets a
// change to query code be measured without indexing again; the report then
// has no index figures.
func Run(ctx context.Context, w io.Writer, dir string, n, queries int, reuse bool) ([]Report, error) {
	g := New(1)
	rdir, bdir := filepath.Join(dir, "recap"), filepath.Join(dir, "baseline")
	reused := reuse && exists(rdir) && exists(bdir)
	openRecap, openBase := search.Create, baseline.Create
	if reused {
		openRecap, openBase = search.Open, baseline.Open
	}
	rx, err := openRecap(rdir)
	if err != nil {
		return nil, err
	}
	defer rx.Close()
	bx, err := openBase(bdir)
	if err != nil {
		return nil, err
	}
	defer bx.Close()
	if reused {
		fmt.Fprintf(w, "reusing the indexes in %s\n", dir)
		return measure(ctx, w, g, rx, bx, n, 0, 0, queries)
	}

	const batch = 1000
	index := func(apply func([]search.Doc) error) (time.Duration, error) {
		start := time.Now()
		for i := 0; i < n; i += batch {
			var docs []search.Doc
			for j := i; j < min(n, i+batch); j++ {
				d, err := search.Documents(g.Post(j))
				if err != nil {
					return 0, err
				}
				docs = append(docs, d...)
			}
			if err := apply(docs); err != nil {
				return 0, err
			}
		}
		return time.Since(start), nil
	}
	rt, err := index(func(d []search.Doc) error { return rx.Apply(d, nil) })
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(w, "recap indexed %d posts in %v\n", n, rt.Round(time.Second))
	bt, err := index(bx.Apply)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(w, "baseline indexed %d posts in %v\n", n, bt.Round(time.Second))
	return measure(ctx, w, g, rx, bx, n, rt, bt, queries)
}

// measure times the generator's queries on both indexes, recap's first.
func measure(ctx context.Context, w io.Writer, g *Generator, rx *search.Index, bx *baseline.Index, n int, rt, bt time.Duration, queries int) ([]Report, error) {
	qs := g.Queries(queries)
	recapLat, err := time1(qs, func(q string) error {
		_, err := rx.Search(ctx, search.Query{Text: q})
		return err
	})
	if err != nil {
		return nil, err
	}
	baseLat, err := time1(qs, func(q string) error {
		_, err := bx.Search(ctx, baseline.Request{Text: strings.Trim(q, `"`), Size: search.DefaultSize, Facets: true, Highlight: true})
		return err
	})
	if err != nil {
		return nil, err
	}
	reps := []Report{report("recap", n, rt, recapLat), report("baseline", n, bt, baseLat)}
	for _, r := range reps {
		fmt.Fprintln(w, r)
	}
	return reps, nil
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

func time1(qs []string, f func(string) error) ([]time.Duration, error) {
	lat := make([]time.Duration, 0, len(qs))
	for _, q := range qs {
		start := time.Now()
		if err := f(q); err != nil {
			return nil, fmt.Errorf("query %q: %w", q, err)
		}
		lat = append(lat, time.Since(start))
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	return lat, nil
}

func report(system string, n int, took time.Duration, lat []time.Duration) Report {
	r := Report{System: system, Posts: n, IndexTime: took, Queries: len(lat)}
	if took > 0 {
		r.PostsPerSec = float64(n) / took.Seconds()
	}
	if len(lat) > 0 {
		r.P50 = lat[len(lat)/2]
		r.P99 = lat[min(len(lat)-1, len(lat)*99/100)]
	}
	return r
}
