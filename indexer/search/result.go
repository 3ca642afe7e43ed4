package search

import (
	"encoding/json"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"
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
	// Relaxed lists the words of the query that some hits shown lack,
	// found once the matching strategy stopped requiring every word to
	// fill the page (see Index.Search), or because no document has them.
	// Stop and question words, which are never required, are not listed.
	Relaxed []string
	// Total counts the hits with every word that can be required; hits
	// found once words were relaxed fill the page beyond it. When no hit
	// has every word, it counts the hits of the loosest step searched.
	Total int
	// Beyond is true when hits that lack some words follow the Total hits
	// that have them all, so that the page shows more than Total counts.
	Beyond bool
	Took   time.Duration
	Hits   []Hit
	Facets Facets
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
	// More counts the other hits of the same recap (the post or its
	// talks) grouped under this one, which stands for them.
	More int
	// Others are the slugs of the other recaps whose talk is the same
	// talk as this one (see groupsOf), grouped under it.
	Others []string
	// Relaxed is true when the hit lacks some words of the query (see
	// Result.Relaxed).
	Relaxed bool
	// Linked lists the accounts of the query that the post links to (see
	// FieldLinked), which its text may not name: what it was found by.
	Linked []string
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

// tierHit is a bleve hit with the tier of the search that found it (see
// Plan.tiers), and what grouping gathered under it.
type tierHit struct {
	*bsearch.DocumentMatch
	tier int
	// alias is true when the hit matched some unit only through another
	// name of it (see Plan.aliasOnly).
	alias  bool
	more   int
	others []string
	// standIn is true for a recap's card made from the hit of its talk,
	// which another recap's card shows (see groupHits).
	standIn bool
}

// sameLangBoost multiplies the score of a hit in the language the query
// is written in (see queryLang): a reader typing Vietnamese wants
// Vietnamese posts first, other things being about equal.
const sameLangBoost = 1.5

// aliasOnlyWeight multiplies the score of a hit that has some word of the
// query only through another name of it (see Plan.aliasOnly): the words
// typed come first, at about equal merit.
const aliasOnlyWeight = 0.5

// groupsOf names the thing a document is about, so that one card stands
// for a talk however many recaps tell of it: a talk's group keys
// (kb.TalkGroups, kb.TitleGroups) when it has them, else the document
// itself.
func groupsOf(id string, fields map[string]any) []string {
	if gs := fieldStrings(fields[FieldGroup]); len(gs) > 0 && gs[0] != "" {
		return gs
	}
	return []string{id}
}

// groupHits orders hits (all of a tier before any of the next; within a
// tier by score (see sameLangBoost), recency breaking ties, or by date when sorted so) and
// keeps one card per thing: the first hit of each recap stands for the
// post and its talks (when both types are searched: a list of talks shows
// every talk), and the first hit of a talk for the same talk told
// by other recaps, whose posts then rank where their talk did.
func groupHits(hits []tierHit, q Query, lang string) []tierHit {
	sortBy := q.Sort
	sorted := append([]tierHit(nil), hits...)
	own := func(h tierHit) float64 {
		s := h.Score
		if lang != "" && fieldString(h.Fields[FieldLang]) == lang {
			s *= sameLangBoost
		}
		return s
	}
	// A hit in another language found only through a translation of the
	// words never outranks a hit in the reader's language that has them
	// ("ky su" finds the posts saying "kỹ sư" before those saying
	// エンジニア): within a tier, its score stays below the lowest of
	// those. A hit in the reader's language that says the thing in other
	// words ("load balancing" for "cân bằng tải") keeps its score.
	floor := map[int]float64{}
	if lang != "" {
		for _, h := range hits {
			if !h.alias && fieldString(h.Fields[FieldLang]) == lang {
				if f, ok := floor[h.tier]; !ok || own(h) < f {
					floor[h.tier] = own(h)
				}
			}
		}
	}
	score := func(h tierHit) float64 {
		s := own(h)
		if !h.alias {
			return s
		}
		s *= aliasOnlyWeight
		if f, ok := floor[h.tier]; ok && s >= f && fieldString(h.Fields[FieldLang]) != lang {
			s = f * aliasOnlyWeight
		}
		return s
	}
	sort.SliceStable(sorted, func(i, j int) bool {
		a, b := sorted[i], sorted[j]
		if a.tier != b.tier {
			return a.tier < b.tier
		}

		if sortBy != SortRelevance {
			return false // bleve's date order
		}
		if sa, sb := score(a), score(b); sa != sb {
			return sa > sb
		}
		if da, db := fieldString(a.Fields[FieldDateKey]), fieldString(b.Fields[FieldDateKey]); da != db {
			return da > db
		}
		// Two recaps of one talk often tie on both: the order bleve
		// read them in, which depends on how the indexer's workers
		// interleaved, must not choose which one the card stands for.
		return a.ID < b.ID
	})
	if q.Text == "" {
		// A listing (an event's posts, a speaker's talks) shows every
		// document.
		return sorted
	}
	byPost := map[string]int{}
	byGroup := map[string]int{}
	out := sorted[:0:0]
	for _, h := range sorted {
		post := fieldString(h.Fields[FieldPost])
		if post == "" {
			post = h.ID
		}
		if i, ok := byPost[post]; ok && q.Type == "" {
			if out[i].standIn && h.ID == PostID(post) {
				// The recap's own hit takes the place its talk kept for it.
				out[i].DocumentMatch, out[i].standIn = h.DocumentMatch, false
				continue
			}
			out[i].more++
			continue
		}
		gs := groupsOf(h.ID, h.Fields)
		if i, ok := firstGroup(byGroup, gs, out, h); ok {
			out[i].others = append(out[i].others, post)
			if q.Type == "" {
				// The talk has its card; the other recap that tells it is
				// a post of its own, where its talk ranked.
				dm := *h.DocumentMatch
				dm.ID, dm.Locations, dm.FieldTermLocations = PostID(post), nil, nil
				byPost[post] = len(out)
				out = append(out, tierHit{DocumentMatch: &dm, tier: h.tier, alias: h.alias, standIn: true})
			}
			continue
		}
		byPost[post] = len(out)
		for _, g := range gs {
			byGroup[g] = len(out)
		}
		h.more, h.others = 0, nil
		out = append(out, h)
	}
	return out
}

// firstGroup returns the card of the first of the keys gs of the hit h
// that has one among the cards out. A speaker-and-title key
// (kb.IsSpeakerTitleGroup) does not join talks of two different events.
func firstGroup(byGroup map[string]int, gs []string, out []tierHit, h tierHit) (int, bool) {
	ev := fieldString(h.Fields[FieldEvent])
	for _, g := range gs {
		i, ok := byGroup[g]
		if !ok {
			continue
		}
		if other := fieldString(out[i].Fields[FieldEvent]); kb.IsSpeakerTitleGroup(g) && ev != "" && other != "" && ev != other {
			continue
		}
		return i, true
	}
	return 0, false
}

// newResult makes the result of q from the cards of its page, found among
// total hits in took; counted is the search whose facets count those hits
// (see Index.Search). own are the query's words as searched (with
// corrections).
func newResult(q Query, total uint64, took time.Duration, counted *bleve.SearchResult, cards []tierHit, own ownWords) *Result {
	// The page's hits are counted: a result the cache keeps holds no
	// room that append would have left for more.
	r := &Result{Query: q, Total: int(total), Took: took, Hits: make([]Hit, 0, len(cards))}
	for _, c := range cards {
		h := newHit(c.DocumentMatch, own)
		h.More, h.Others = c.more, c.others
		r.Hits = append(r.Hits, h)
	}
	if counted == nil {
		return r
	}
	sr := counted
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
	for t := range h.Locations[FieldLinked] {
		hit.Linked = append(hit.Linked, t)
	}
	slices.Sort(hit.Linked)
	body := fieldString(h.Fields[FieldBody])
	bodySpans, titleSpans := matchSpans(h.Locations, FieldBody, body, own), matchSpans(h.Locations, FieldTitle, hit.Title, own)
	// Other names of a concept are marked only where the hit has none of
	// the words typed: then they are what it was found by.
	if ownSpans(bodySpans) || ownSpans(titleSpans) {
		bodySpans, titleSpans = dropAliasSpans(bodySpans), dropAliasSpans(titleSpans)
	}
	bodySpans, titleSpans = dropInnerAliases(body, bodySpans), dropInnerAliases(hit.Title, titleSpans)
	hit.Snippet = Snippet(body, bodySpans, snippetRunes)
	hit.TitleMarks = Snippet(hit.Title, titleSpans, utf8.RuneCountInString(hit.Title))
	return hit
}

// leadText returns the first n characters of s, its runs of white space
// made single spaces, cut at a space so that no word or Vietnamese
// syllable is split. It reads s only as far as the n+1 characters it
// needs: a hit's body is thousands of characters for a lead of 220.
func leadText(s string, n int) string {
	r := make([]rune, 0, n+1)
	space := false
	for _, c := range s {
		if len(r) > n {
			break
		}
		if unicode.IsSpace(c) {
			space = len(r) > 0
			continue
		}
		if space {
			space = false
			r = append(r, ' ')
			if len(r) > n {
				break
			}
		}
		r = append(r, c)
	}
	if len(r) <= n {
		return string(r)
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

// ownSpans reports whether some span matched the user's own words (see
// ownWords.weigh).
func ownSpans(spans []span) bool {
	for _, s := range spans {
		if s.weight >= 2 {
			return true
		}
	}
	return false
}

// dropAliasSpans keeps the spans that matched the user's own words.
func dropAliasSpans(spans []span) []span {
	out := spans[:0:0]
	for _, s := range spans {
		if s.weight >= 2 {
			out = append(out, s)
		}
	}
	return out
}

// dropInnerAliases drops the spans of other names that are only a part of
// a technical token: "kube" inside kube-proxy names no concept.
func dropInnerAliases(text string, spans []span) []span {
	joiner := func(i int) bool {
		return i >= 0 && i < len(text) && strings.IndexByte("-./_", text[i]) >= 0
	}
	out := spans[:0:0]
	for _, s := range spans {
		if s.weight < 2 && (joiner(s.start-1) || joiner(s.end)) {
			continue
		}
		out = append(out, s)
	}
	return out
}
