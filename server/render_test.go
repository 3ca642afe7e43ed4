package server

import (
	"html/template"
	"sync"
	"testing"

	"github.com/recaphq/recap/ui"
)

// TestPagesBindOnFirstUse checks that a page's set is bound to a language
// when it is first looked up, once however many ask at once, and kept.
func TestPagesBindOnFirstUse(t *testing.T) {
	s := newTestServer(t)
	p, err := parsePages(ui.Templates(), s.baseFuncs())
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	binds := map[pageKey]int{}
	p.bind(func(lang string, uiInURL bool) template.FuncMap {
		mu.Lock()
		binds[pageKey{"", lang, uiInURL}]++
		mu.Unlock()
		return s.pageFuncs(lang, uiInURL)
	})
	if len(binds) != 0 {
		t.Fatalf("bound before any lookup: %v", binds)
	}
	vi := pageKey{"home", "vi", false}
	got := make([]*template.Template, 8)
	var wg sync.WaitGroup
	for i := range got {
		wg.Go(func() {
			tpl, ok, err := p.lookup(vi)
			if err != nil || !ok {
				t.Errorf("lookup(%v) = %v, %v", vi, ok, err)
			}
			got[i] = tpl
		})
	}
	wg.Wait()
	for _, tpl := range got[1:] {
		if tpl != got[0] {
			t.Fatal("concurrent lookups of one page and language got different sets")
		}
	}
	ja, ok, err := p.lookup(pageKey{"home", "ja", true})
	if err != nil || !ok || ja == got[0] {
		t.Errorf("lookup of another language = %p, %v, %v; want a set of its own", ja, ok, err)
	}
	if want := map[pageKey]int{{"", "vi", false}: 1, {"", "ja", true}: 1}; len(binds) != len(want) || binds[pageKey{"", "vi", false}] != 1 || binds[pageKey{"", "ja", true}] != 1 {
		t.Errorf("binds = %v, want %v", binds, want)
	}
	if _, ok, err := p.lookup(pageKey{"nope", "en", false}); ok || err != nil {
		t.Errorf("lookup of a page with no set = %v, %v; want not ok", ok, err)
	}
}
