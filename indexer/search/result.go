package search

import (
	"encoding/json"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/recaphq/recap/indexer/kb"
)

// Result is the answer to a Query. The HTML page and the JSON API are both
// rendered from it.
type Result struct {
	Query Query
	// Corrected is the query as it was searched when words of it were
	// corrected (see Index.spell), and "" when it was searched as typed.
	Corrected string
	Total     int
	Took      time.Duration
	Hits      []Hit
	Facets    Facets
}

// Pages is the number of result pages.
func (r *Result) Pages() int {
	if r.Query.Size == 0 {
		return 0
	}
	n := (r.Total + r.Query.Size - 1) / r.Query.Size
	if n > MaxPage {
		n = MaxPage
	}
	return n
}

// Hit is one matching post or talk.
type Hit struct {
	Type string
	// Key names the hit among those of its type: a post's slug, a talk's
	// ID.
	Key   string
	Title string
	Lang  string
	Date  time.Time
	Tags  []string
	// Snippet is the part of the body that matched best; TitleMarks is the
	// whole title with its matched words.
	Snippet    Excerpt
	TitleMarks Excerpt
	Score      float64
	// PostSlug and PostTitle name the recap a talk comes from; for a post
	// PostSlug is its own slug.
	PostSlug  string
	PostTitle string
	Speakers  []string
	// Group is a talk's group key (kb.TalkGroups): hits of one talk told
	// by several recaps share it. A post's Group is "".
	Group string
	// Talk is the stored talk of a talk hit, nil for a post.
	Talk *kb.TalkEntry
}

// Facets counts the matching documents by value.
type Facets struct {
	Lang   []FacetValue
	Tags   []FacetValue
	Year   []FacetValue
	Type   []FacetValue
	Topics []FacetValue
}

// FacetValue is one value of a facet and how many documents have it.
type FacetValue struct {
	Value string
	Count int
}

const snippetRunes = 220

// newResult makes the result of q from bleve's; searched is the query
// text as searched (with corrections).
func newResult(q Query, sr *bleve.SearchResult, searched string) *Result {
	r := &Result{Query: q, Total: int(sr.Total), Took: sr.Took}
	own := newOwnWords(searched)
	for _, h := range sr.Hits {
		r.Hits = append(r.Hits, newHit(h, own))
	}
	if q.Sort == SortRelevance {
		sort.SliceStable(r.Hits, func(i, j int) bool {
			a, b := r.Hits[i], r.Hits[j]
			if a.Score != b.Score {
				return a.Score > b.Score
			}
			return a.Date.After(b.Date)
		})
	}
	r.Facets.Lang = facetValues(sr.Facets[FacetLang])
	r.Facets.Tags = facetValues(sr.Facets[FacetTags])
	r.Facets.Year = facetValues(sr.Facets[FacetYear])
	sort.Slice(r.Facets.Year, func(i, j int) bool { return r.Facets.Year[i].Value > r.Facets.Year[j].Value })
	r.Facets.Type = facetValues(sr.Facets[FacetType])
	r.Facets.Topics = facetValues(sr.Facets[FacetTopics])
	return r
}

func newHit(h *bsearch.DocumentMatch, own ownWords) Hit {
	hit := Hit{
		Type:     fieldString(h.Fields[FieldType]),
		Title:    fieldString(h.Fields[FieldTitle]),
		Lang:     fieldString(h.Fields[FieldLang]),
		Tags:     fieldStrings(h.Fields[FieldTags]),
		Score:    h.Score,
		PostSlug: fieldString(h.Fields[FieldPost]),
	}
	hit.Key = strings.TrimPrefix(h.ID, hit.Type+":")
	if d, err := time.Parse(time.RFC3339, fieldString(h.Fields[FieldDate])); err == nil {
		hit.Date = d
	}
	if hit.Type == TypeTalk {
		var st kb.TalkEntry
		if json.Unmarshal([]byte(fieldString(h.Fields[FieldSource])), &st) == nil {
			hit.PostTitle = st.PostTitle
			hit.Group = st.Group
			for _, s := range st.Talk.Speakers {
				hit.Speakers = append(hit.Speakers, s.Name)
			}
			hit.Talk = &st
		}
	}
	body := fieldString(h.Fields[FieldBody])
	hit.Snippet = Snippet(body, matchSpans(h.Locations, FieldBody, body, own), snippetRunes)
	hit.TitleMarks = Snippet(hit.Title, matchSpans(h.Locations, FieldTitle, hit.Title, own), utf8.RuneCountInString(hit.Title))
	return hit
}

// leadText returns the first n characters of s, cut at a space so that no
// word or Vietnamese syllable is split.
func leadText(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := n
	for i := n; i > n/2; i-- {
		if r[i] == ' ' {
			cut = i
			break
		}
	}
	return string(r[:cut]) + " …"
}

func facetValues(f *bsearch.FacetResult) []FacetValue {
	if f == nil || f.Terms == nil {
		return nil
	}
	var out []FacetValue
	for _, t := range f.Terms.Terms() {
		out = append(out, FacetValue{Value: t.Term, Count: t.Count})
	}
	return out
}

func fieldString(v any) string {
	switch s := v.(type) {
	case string:
		return s
	case []any:
		if len(s) > 0 {
			return fieldString(s[0])
		}
	}
	return ""
}

func fieldStrings(v any) []string {
	switch s := v.(type) {
	case string:
		return []string{s}
	case []any:
		out := make([]string, 0, len(s))
		for _, e := range s {
			out = append(out, fieldString(e))
		}
		return out
	}
	return nil
}
