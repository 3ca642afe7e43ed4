package synth

import (
	"context"
	"fmt"
	"math/rand"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/recaphq/recap/cmd/internal/baseline"
	"github.com/recaphq/recap/indexer/kb"
	"github.com/recaphq/recap/indexer/search"
	"github.com/recaphq/recap/indexer/textrule"
)

func TestZZKinds(t *testing.T) {
	dir := os.Getenv("ZZDIR")
	if dir == "" {
		t.Skip()
	}
	g := New(1)
	r := rand.New(rand.NewSource(g.seed + 7))
	z := rand.NewZipf(r, 1.07, 2, VocabularySize-1)
	kinds := map[string][]string{}
	for i := 0; i < 1000; i++ {
		lang := kb.Languages[r.Intn(len(kb.Languages))]
		v := g.vocab[lang]
		word := func() string { return v[QueryRankFrom+z.Uint64()%uint64(len(v)-QueryRankFrom)] }
		var q, k string
		switch kk := r.Intn(10); {
		case kk < 4:
			q, k = word(), "word"
		case kk < 6:
			q, k = word()+" "+word(), "two"
		case kk < 7:
			q, k = `"`+word()+" "+word()+`"`, "phrase"
		case kk < 8:
			q, k = textrule.Fold(word()), "folded"
		case kk < 9:
			w := []rune(word())
			q, k = string(w[:max(1, len(w)*2/3)]), "prefix"
		default:
			w := []rune(word())
			if len(w) > 4 {
				w[len(w)/2], w[len(w)/2+1] = w[len(w)/2+1], w[len(w)/2]
			}
			q, k = string(w), "typo"
		}
		kinds[k+"-"+lang] = append(kinds[k+"-"+lang], q)
		kinds[k] = append(kinds[k], q)
	}
	rx, err := search.Open(dir + "/recap")
	if err != nil {
		t.Fatal(err)
	}
	bx, err := baseline.Open(dir + "/baseline")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	rx.Search(ctx, search.Query{Text: "日本"})
	names := []string{}
	for k := range kinds {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		qs := kinds[k]
		med := func(f func(q string)) time.Duration {
			var lat []time.Duration
			for rep := 0; rep < 3; rep++ {
				for _, q := range qs {
					s := time.Now()
					f(q)
					lat = append(lat, time.Since(s))
				}
			}
			sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
			return lat[len(lat)/2]
		}
		a := med(func(q string) { rx.Search(ctx, search.Query{Text: q}) })
		b := med(func(q string) {
			bx.Search(ctx, baseline.Request{Text: strings.Trim(q, `"`), Size: search.DefaultSize, Facets: true, Highlight: true})
		})
		fmt.Printf("%-12s n=%3d recap %6.2fms base %6.2fms ratio %.2f\n", k, len(qs), a.Seconds()*1000, b.Seconds()*1000, a.Seconds()/b.Seconds())
	}
}
