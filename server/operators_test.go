package server

import (
	"net/url"
	"path"
	"strings"
	"testing"
)

// TestQueryOperators checks the operators the search page documents, as
// a reader uses them: -word leaves out the posts that have the word, OR
// finds either word, and a quoted phrase finds only the words side by
// side.
func TestQueryOperators(t *testing.T) {
	s := newTestServer(t)
	posts := func(q string) map[string]bool {
		t.Helper()
		r := decode[SearchResponse](t, s, "/api/search?size=50&q="+url.QueryEscape(q))
		out := map[string]bool{}
		for _, h := range r.Hits {
			slug := h.ID
			if h.PostURL != "" { // a talk: its recap
				slug = path.Base(h.PostURL)
			}
			out[slug] = true
		}
		return out
	}
	text := func(slug string) string {
		t.Helper()
		return strings.ToLower(get(t, s, "/api/posts/"+slug).Body.String())
	}

	all, without := posts("kubernetes"), posts("kubernetes -ingress")
	if len(without) == 0 || len(without) >= len(all) {
		t.Fatalf("kubernetes: %d posts, kubernetes -ingress: %d; want fewer, but some", len(all), len(without))
	}
	for slug := range without {
		if strings.Contains(text(slug), "ingress") {
			t.Errorf("kubernetes -ingress found %s, which says ingress", slug)
		}
	}

	either := posts("ingress OR gặp")
	for _, q := range []string{"ingress", "gặp"} {
		one := posts(q)
		if len(one) == 0 {
			t.Fatalf("%s finds nothing: the fixture no longer tests OR", q)
		}
		for slug := range one {
			if !either[slug] {
				t.Errorf("ingress OR gặp misses %s, which %s finds", slug, q)
			}
		}
	}

	phrase := posts(`"controller runtime"`)
	if len(phrase) == 0 {
		t.Errorf(`"controller runtime" finds nothing, though a recap has it`)
	}
	for slug := range phrase {
		if h := text(slug); !strings.Contains(h, "controller-runtime") && !strings.Contains(h, "controller runtime") {
			t.Errorf(`"controller runtime" found %s, which does not have the phrase`, slug)
		}
	}
}
