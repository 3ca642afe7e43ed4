package server

import (
	"context"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/recaphq/recap/indexer"
	"github.com/recaphq/recap/indexer/store"
)

// heavyQuery is the heavy query of the issue that bounded the work per
// search: 990 characters of the commonest words of the three languages.
func heavyQuery() string {
	rnd := rand.New(rand.NewPCG(3, 3))
	words := []string{"a", "the", "of", "la", "và", "の", "に", "kubernetes", "meetup", "go"}
	var b strings.Builder
	for b.Len() < 1200 {
		b.WriteString(words[rnd.IntN(len(words))])
		b.WriteString(" ")
	}
	r := []rune(b.String())
	return strings.TrimSpace(string(r[:990]))
}

// benchServer returns a server over the index of data/ and, when they are
// there, ../shared/corpus and ../shared/seeds: the corpus the issue was
// measured on.
func benchServer(b *testing.B) *Server {
	b.Helper()
	data := b.TempDir()
	copyTree(b, "../data", data)
	for _, shared := range []string{"corpus", "seeds"} {
		src := filepath.Join("..", "..", "shared", shared)
		if _, err := os.Stat(src); err == nil {
			copyTree(b, src, filepath.Join(data, shared))
		}
	}
	index := filepath.Join(b.TempDir(), "index")
	if _, err := indexer.Run(context.Background(), indexer.Options{DataDir: data, IndexDir: index}); err != nil {
		b.Fatal(err)
	}
	ix, err := store.OpenIndex(index)
	if err != nil {
		b.Fatal(err)
	}
	live := store.NewLive(ix)
	b.Cleanup(func() { live.Close() })
	tax, err := indexer.LoadTaxonomy(data)
	if err != nil {
		b.Fatal(err)
	}
	s, err := NewServer(DefaultConfig(), Deps{Index: live, Taxonomy: tax, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		b.Fatal(err)
	}
	return s
}

// BenchmarkHeavyQuery measures the heavy query alone and 16 at once
// through the server, admission control and search timeout included,
// against a plain one-word query in the same run: the ratios are what
// the bound on a query's work holds down, whatever the machine. It
// reports the median time of each, the ratios, and the answers of the 16
// that were not 200 (503 when admission turned them away, 504 at the
// timeout).
func BenchmarkHeavyQuery(b *testing.B) {
	s := benchServer(b)
	h := s.Handler()
	do := func(q string) int {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, routePath(routeAPISearch)+"?q="+url.QueryEscape(q), nil))
		return rec.Code
	}
	median := func(n int, f func()) time.Duration {
		ds := make([]time.Duration, n)
		for i := range ds {
			t := time.Now()
			f()
			ds[i] = time.Since(t)
		}
		slices.Sort(ds)
		return ds[n/2]
	}
	heavy := heavyQuery()
	do("kubernetes") // warm up
	do(heavy)
	for b.Loop() {
		plain := median(21, func() { do("kubernetes") })
		alone := median(5, func() { do(heavy) })
		var mu sync.Mutex
		codes := map[int]int{}
		at16 := median(3, func() {
			var wg sync.WaitGroup
			for range 16 {
				wg.Go(func() {
					c := do(heavy)
					mu.Lock()
					codes[c]++
					mu.Unlock()
				})
			}
			wg.Wait()
		})
		b.ReportMetric(float64(plain.Microseconds())/1000, "plain-ms")
		b.ReportMetric(float64(alone.Microseconds())/1000, "heavy-ms")
		b.ReportMetric(float64(alone)/float64(plain), "heavy/plain")
		b.ReportMetric(float64(at16.Microseconds())/1000, "heavy16-ms")
		b.ReportMetric(float64(at16)/float64(plain), "heavy16/plain")
		b.ReportMetric(float64(codes[http.StatusServiceUnavailable]), "503s/48")
		b.ReportMetric(float64(codes[http.StatusGatewayTimeout]), "504s/48")
		for c := range codes {
			if c != http.StatusOK && c != http.StatusServiceUnavailable && c != http.StatusGatewayTimeout {
				b.Errorf("heavy queries answered %d", c)
			}
		}
	}
	b.Logf("heavy query: %d characters", len([]rune(heavy)))
}

// copyTree copies the files below src into dst, keeping their relative
// paths.
func copyTree(tb testing.TB, src, dst string) {
	tb.Helper()
	if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
		tb.Fatal(err)
	}
}
