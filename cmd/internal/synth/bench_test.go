package synth

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/recaphq/recap/cmd/internal/baseline"
	"github.com/recaphq/recap/indexer/search"
)

// benchPosts is the corpus size of the benchmarks: RECAP_BENCH_POSTS, or a
// small default so that `go test -bench .` stays quick. `make bench` sets
// 100000.
func benchPosts(b *testing.B) int {
	b.Helper()
	if v := os.Getenv("RECAP_BENCH_POSTS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			b.Fatalf("RECAP_BENCH_POSTS=%q is not a positive number", v)
		}
		return n
	}
	return 1500
}

func buildBoth(b *testing.B, n int) (*search.Index, *baseline.Index) {
	b.Helper()
	dir := b.TempDir()
	g := New(1)
	rx, err := search.Create(filepath.Join(dir, "recap"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { rx.Close() })
	bx, err := baseline.Create(filepath.Join(dir, "baseline"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { bx.Close() })
	for i := 0; i < n; i += 500 {
		var docs []search.Doc
		for j := i; j < min(n, i+500); j++ {
			d, err := search.Documents(g.Post(j))
			if err != nil {
				b.Fatal(err)
			}
			docs = append(docs, d...)
		}
		if err := rx.Apply(docs, nil); err != nil {
			b.Fatal(err)
		}
		if err := bx.Apply(docs); err != nil {
			b.Fatal(err)
		}
	}
	return rx, bx
}

// BenchmarkSearch times recap's full search (facets, snippets) and the
// baseline's (facets, bleve highlighter) over the same mixed queries.
func BenchmarkSearch(b *testing.B) {
	n := benchPosts(b)
	rx, bx := buildBoth(b, n)
	qs := New(1).Queries(1000)
	ctx := context.Background()
	b.Run("recap", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			if _, err := rx.Search(ctx, search.Query{Text: qs[i%len(qs)]}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("baseline", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			if _, err := bx.Search(ctx, baseline.Request{Text: qs[i%len(qs)], Size: search.DefaultSize, Facets: true, Highlight: true}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkIndex times indexing posts into recap's index.
func BenchmarkIndex(b *testing.B) {
	g := New(1)
	rx, err := search.Create(filepath.Join(b.TempDir(), "recap"))
	if err != nil {
		b.Fatal(err)
	}
	defer rx.Close()
	i := 0
	for b.Loop() {
		var docs []search.Doc
		for range 100 {
			d, err := search.Documents(g.Post(i))
			if err != nil {
				b.Fatal(err)
			}
			docs = append(docs, d...)
			i++
		}
		if err := rx.Apply(docs, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(i)/b.Elapsed().Seconds(), "posts/s")
}
