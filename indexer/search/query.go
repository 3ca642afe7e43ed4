package search

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/width"

	"github.com/recaphq/recap/indexer/kb"
)

// Limits of a query. MaxQueryWords and MaxWordRunes bound the work one
// query can ask for: each distinct word becomes clauses over several
// fields (and a long CJK run one bigram per character), so a long query of
// common words would otherwise cost seconds and hundreds of megabytes.
const (
	MaxQueryRunes = 1000
	MaxQueryWords = 32
	MaxWordRunes  = 64
	MaxSize       = 100
	DefaultSize   = 10
	MaxPage       = 1000
)

// Sort orders.
const (
	SortRelevance = "relevance"
	SortDate      = "date"
)

// Query is one search request, as the HTML page, the JSON API and the
// command line all express it.
type Query struct {
	Text    string
	Lang    string
	Tag     string
	Topic   string
	Year    string
	Type    string // TypePost, TypeTalk or "" for both
	Speaker string
	Event   string
	Sort    string
	Page    int // from 1
	Size    int
	// Langs, when set, keeps the hits in any of these languages: the
	// several languages chosen in a facet. Lang and Langs both narrow.
	Langs []string
	// Undated keeps the hits that have no date (no year), the bucket the
	// year facet does not list.
	Undated bool
	// NoFacets leaves the facets out, for a caller that lists hits and
	// shows none: counting them reads the values of every hit.
	NoFacets bool
}

// ParamError is a query parameter that is out of range or malformed.
type ParamError struct {
	Param   string
	Message string
}

func (e *ParamError) Error() string { return e.Param + ": " + e.Message }

// Normalize fills in defaults and brings the text to valid UTF-8 in NFC,
// the form the index was built from.
func (q *Query) Normalize() {
	// A URL may carry bytes that are not UTF-8; they become U+FFFD here,
	// once, rather than differently in each place the text is read.
	q.Text = strings.TrimSpace(norm.NFC.String(foldQueryWidth(strings.ToValidUTF8(q.Text, "\uFFFD"))))
	q.Tag = strings.ToLower(strings.TrimSpace(q.Tag))
	if q.Page == 0 {
		q.Page = 1
	}
	if q.Size == 0 {
		q.Size = DefaultSize
	}
	if q.Sort == "" {
		q.Sort = SortRelevance
	}
}

// foldQueryWidth maps full-width ASCII and half-width katakana to their
// usual forms, as the analyzers do (see widthFilter), before the query is
// split into words: ｲﾍﾞﾝﾄ is the word イベント, its ﾞ joined to its letter by
// NFC, and not a run of letters no document has.
func foldQueryWidth(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r >= 0xFF00 && r <= 0xFFEF }) {
		return s
	}
	return width.Fold.String(s)
}

// Validate reports the first parameter that is out of range.
func (q Query) Validate() error {
	switch {
	case utf8.RuneCountInString(q.Text) > MaxQueryRunes:
		return &ParamError{"q", fmt.Sprintf("query is longer than %d characters", MaxQueryRunes)}
	case q.Page < 1 || q.Page > MaxPage:
		return &ParamError{"page", fmt.Sprintf("page must be between 1 and %d", MaxPage)}
	case q.Size < 1 || q.Size > MaxSize:
		return &ParamError{"size", fmt.Sprintf("size must be between 1 and %d", MaxSize)}
	case q.Lang != "" && !kb.KnownLang(q.Lang):
		return &ParamError{"lang", fmt.Sprintf("unknown language %q (want one of %s)", q.Lang, strings.Join(kb.Languages, ", "))}
	case q.Type != "" && q.Type != TypePost && q.Type != TypeTalk:
		return &ParamError{"type", fmt.Sprintf("unknown type %q (want post or talk)", q.Type)}
	case q.Sort != SortRelevance && q.Sort != SortDate:
		return &ParamError{"sort", fmt.Sprintf("unknown sort %q (want relevance or date)", q.Sort)}
	}
	for _, l := range q.Langs {
		if !kb.KnownLang(l) {
			return &ParamError{"lang", fmt.Sprintf("unknown language %q (want one of %s)", l, strings.Join(kb.Languages, ", "))}
		}
	}
	if q.Year != "" {
		if y, err := strconv.Atoi(q.Year); err != nil || y < 1900 || y > 2200 {
			return &ParamError{"year", fmt.Sprintf("year %q is not a year", q.Year)}
		}
	}
	return nil
}

func termFilter(field, value string) query.Query {
	t := bleve.NewTermQuery(value)
	t.SetField(field)
	return t
}

// Fields a hit is read with. The first search of a query reads only what
// grouping the hits needs (listFields); the hits of the page shown are then
// read in full (pageFields), so that the hits grouped away cost no stored
// body.
var (
	listFields = []string{FieldType, FieldPost, FieldDateKey, FieldLang, FieldGroup, FieldEvent}
	pageFields = []string{FieldType, FieldTitle, FieldLang, FieldPost, FieldTags, FieldDate, FieldBody}
)

// request builds the bleve request of one tier of the plan (see
// Plan.tiers), for the first size hits.
func (p *Plan) request(t Tier, size int, facets bool) *bleve.SearchRequest {
	q := p.Query
	main := p.mainQuery(t)
	must := []query.Query{main}
	for field, v := range map[string]string{
		FieldLang: q.Lang, FieldTags: q.Tag, FieldTopics: q.Topic, FieldYear: q.Year,
		FieldType: q.Type, FieldSpeakers: q.Speaker, FieldEvent: q.Event,
	} {
		if v != "" {
			must = append(must, termFilter(field, v))
		}
	}
	if len(q.Langs) > 0 {
		either := make([]query.Query, 0, len(q.Langs))
		for _, l := range q.Langs {
			either = append(either, termFilter(FieldLang, l))
		}
		must = append(must, bleve.NewDisjunctionQuery(either...))
	}
	if q.Undated {
		// Every dated document has a year term; the wildcard matches the
		// few of them, not every document.
		dated := bleve.NewWildcardQuery("*")
		dated.SetField(FieldYear)
		undated := bleve.NewBooleanQuery()
		undated.AddMust(bleve.NewMatchAllQuery())
		undated.AddMustNot(dated)
		must = append(must, undated)
	}
	var top query.Query = main
	if len(must) > 1 {
		top = bleve.NewConjunctionQuery(must...)
	}
	req := bleve.NewSearchRequestOptions(top, size, 0, false)
	// Snippets are built from the match locations (see snippet.go) rather
	// than by bleve's highlighter, whose fragments may cut a Vietnamese
	// syllable and which marks only the words of the field it highlights.
	req.IncludeLocations = q.Text != ""
	if q.Text != "" && q.Sort == SortRelevance {
		// Score order is bleve's default. Recency breaks ties among the
		// hits of a page (newResult): sorting by date as a second key here
		// would read the date of every matching document, which was a
		// third of the query time on 100,000 posts.
	} else {
		req.SortBy([]string{"-" + FieldDateKey, "-_score"})
	}
	if facets {
		req.AddFacet(FacetLang, bleve.NewFacetRequest(FieldLang, len(kb.Languages)+1))
		req.AddFacet(FacetTags, bleve.NewFacetRequest(FieldTags, 15))
		req.AddFacet(FacetYear, bleve.NewFacetRequest(FieldYear, 20))
		req.AddFacet(FacetType, bleve.NewFacetRequest(FieldType, 2))
		req.AddFacet(FacetTopics, bleve.NewFacetRequest(FieldTopics, 15))
	}
	return req
}

// ownLangCrowded reports whether the page of cards shows a hit in another
// language than the query's found only through translations of its words,
// while no filter chose the languages: such hits rank below the hits in
// the reader's language that have the words (see groupHits), of which the
// search may not have read enough.
func (p *Plan) ownLangCrowded(page []tierHit) bool {
	q := p.Query
	if p.Lang == "" || q.Text == "" || q.Sort != SortRelevance || q.Lang != "" || len(q.Langs) > 0 {
		return false
	}
	return slices.ContainsFunc(page, func(h tierHit) bool {
		return h.alias && fieldString(h.Fields[FieldLang]) != p.Lang
	})
}

// ownLangRequest is the request of tier t for its first size hits in the
// query's language. The language is a filter that adds nothing to the
// score, so that its hits score as in the request of the tier itself and
// rank among them.
func (p *Plan) ownLangRequest(t Tier, size int) *bleve.SearchRequest {
	req := p.request(t, size, false)
	lang := bleve.NewTermQuery(p.Lang)
	lang.SetField(FieldLang)
	lang.SetBoost(0)
	req.Query = bleve.NewConjunctionQuery(req.Query, lang)
	return req
}

// mainQuery is the text part of the tier's request: Min of the tier's
// units and every quoted phrase must match, in any of the text fields (a
// word in the title and another in the body make a match, as in any
// search engine); the clauses that weigh the words together and the other
// names of the concepts rank; no excluded word may match.
func (p *Plan) mainQuery(t Tier) query.Query {
	if p.Query.Text == "" {
		return bleve.NewMatchAllQuery()
	}
	must := phraseClauses(p.Text)
	if t.Min >= len(t.Units) {
		for _, i := range t.Units {
			must = append(must, p.unitQuery(p.Units[i]))
		}
	} else {
		any := make([]query.Query, len(t.Units))
		for j, i := range t.Units {
			any[j] = p.unitQuery(p.Units[i])
		}
		d := bleve.NewDisjunctionQuery(any...)
		d.SetMin(float64(t.Min))
		must = append(must, d)
	}
	var should []query.Query
	if len(p.Units) > 1 {
		// One unit scores itself: the ranking clauses would repeat its
		// clauses at the cost of a second pass over the same postings.
		if r := rankingQuery(p.Text, p.syn, p.fixes, p.lastCompletions()); r != nil {
			should = append(should, r)
		}
	}
	if len(must) == 0 && len(should) == 0 {
		// The text has no word to look for (it was only quotes or
		// punctuation): it matches nothing, rather than reaching bleve as
		// no query at all.
		return bleve.NewMatchNoneQuery()
	}
	b := bleve.NewBooleanQuery()
	if len(must) > 0 {
		b.AddMust(must...)
	}
	if len(should) > 0 {
		b.AddShould(should...)
	}
	for _, w := range p.Exclude {
		for _, f := range []string{FieldTitle, FieldBody, FieldTalkTitles, FieldTagText} {
			b.AddMustNot(allQuery(w, f, 1))
		}
	}
	return b
}

// lastCompletions returns the completions of the last word when it is
// being typed (see readCompletions).
func (p *Plan) lastCompletions() []string {
	for _, u := range p.Units {
		if u.Prefix && u.completions != nil && u.completions.prefix == prefixKey(p.Text.Last) {
			return u.completions.terms
		}
	}
	return nil
}

// Boosts of a unit's clauses (see Plan.unitQuery): titles and talk titles
// above tags and bodies; the written forms of accented words (see
// writtenQuery), the whole katakana words (see wholeWords) and the stems
// of English words (see stemQuery) add to the main ones.
const (
	unitTitle      = 3
	unitTalkTitles = 2.5
	unitTags       = 1.5
	unitBody       = 1
	unitTitleExact = 3
	unitTitleWhole = 1.5
	unitBodyWhole  = 0.5
	unitTitleStem  = 1.5
	unitBodyStem   = 0.3
	unitPrefix     = 0.4
	unitLinked     = 1
)

// maxUnitAliases bounds the other names a unit is matched with.
const maxUnitAliases = 6

// unitQuery matches a unit in any text field: the words as typed, or any
// alternative, or (the last word) any word they begin, or any other name
// of the concept they name, which weighs less (see synonymWeight).
func (p *Plan) unitQuery(u Unit) query.Query {
	var cl []query.Query
	for _, text := range append([]string{u.Text}, u.Alts...) {
		whole := wholeWords(text)
		cl = append(cl,
			withWhole(allQuery(text, FieldTitle, unitTitle), whole, FieldTitle, unitTitleWhole),
			allQuery(text, FieldTalkTitles, unitTalkTitles),
			allQuery(text, FieldTagText, unitTags),
			withWhole(allQuery(text, FieldBody, unitBody), whole, FieldBody, unitBodyWhole))
		if hasDiacritics(text) {
			cl = appendNonNil(cl, writtenQuery(text, FieldTitle, unitTitleExact))
		}
		if stemmable(text) {
			cl = append(cl, stemQuery(text, FieldTitle, unitTitleStem), stemQuery(text, FieldBody, unitBodyStem))
		}
		if h := handleTerm(text); u.linked && h != "" && !hasCJK(text) {
			t := bleve.NewTermQuery(h)
			t.SetField(FieldLinked)
			t.SetBoost(unitLinked)
			cl = append(cl, t)
		}
	}
	if u.Prefix {
		if k := prefixKey(u.Text); k != "" {
			// The word is completed wherever it may be, so that the hits
			// narrow as it is typed: a word that begins another may
			// still be being typed, known or not.
			fields := []struct {
				field string
				boost float64
			}{{FieldTitle, unitPrefix * 2}, {FieldTalkTitles, unitPrefix * 2}, {FieldBody, unitPrefix}}
			if !u.word {
				// Only the start of words: its completions are what it
				// means, and weigh as a word would.
				fields = []struct {
					field string
					boost float64
				}{{FieldTitle, unitTitle}, {FieldTalkTitles, unitTalkTitles}, {FieldBody, unitBody}}
			}
			var words []string
			if u.completions != nil && u.completions.prefix == k {
				words = u.completions.terms
			}
			for _, f := range fields {
				if len(words) > 0 {
					cl = append(cl, termsQuery(words, f.field, f.boost))
				}
			}
		}
	}
	n := 0
	for _, e := range p.syn.Expand(u.Text) {
		if n == maxUnitAliases {
			break
		}
		n++
		w := synonymWeight
		switch {
		case e.Person:
			w = 1
		case !e.Translation:
			w *= relatedWeight
		}
		cl = append(cl,
			allQuery(e.Text, FieldTitle, unitTitle*w),
			allQuery(e.Text, FieldTalkTitles, unitTalkTitles*w),
			allQuery(e.Text, FieldBody, unitBody*w))
	}
	return bleve.NewDisjunctionQuery(cl...)
}

// withWhole returns q, a clause of a unit in field, lifted for the
// documents that have one of the katakana words whole (see wholeWords):
// within the clause, so that the unit's disjunction has no more clauses,
// which would lower the score of the documents found by other names of
// the unit alone (a translation of a katakana word ranked lower on the
// relevance benchmark's cross-language class when the whole words were
// clauses of their own).
func withWhole(q query.Query, whole []string, field string, boost float64) query.Query {
	if len(whole) == 0 {
		return q
	}
	b := bleve.NewBooleanQuery()
	b.AddMust(q)
	for _, w := range whole {
		b.AddShould(termQuery(w, field, boost))
	}
	return b
}

// termsQuery matches any of terms in field: a prefix's completions (see
// readCompletions).
func termsQuery(terms []string, field string, boost float64) query.Query {
	qs := make([]query.Query, len(terms))
	for i, t := range terms {
		tq := bleve.NewTermQuery(t)
		tq.SetField(field)
		tq.SetBoost(boost)
		qs[i] = tq
	}
	if len(qs) == 1 {
		return qs[0]
	}
	return bleve.NewDisjunctionQuery(qs...)
}

// Facet names.
const (
	FacetLang   = "lang"
	FacetTags   = "tags"
	FacetYear   = "year"
	FacetType   = "type"
	FacetTopics = "topics"
)

// boundWords keeps the first MaxQueryWords distinct words of text, each cut
// to MaxWordRunes characters; words are what white space parts. A text
// within both bounds is returned as typed. A word typed again is dropped,
// so that repeats do not take the places of other words; quotes are kept
// so that a phrase stays a phrase.
func boundWords(text string) string {
	words := strings.Fields(text)
	if len(words) <= MaxQueryWords && !slices.ContainsFunc(words, func(w string) bool { return utf8.RuneCountInString(w) > MaxWordRunes }) {
		return text
	}
	seen := make(map[string]bool, len(words))
	out := words[:0]
	for _, w := range words {
		if r := []rune(w); len(r) > MaxWordRunes {
			w = string(r[:MaxWordRunes])
		}
		key := strings.ToLower(strings.Trim(w, `"`))
		if seen[key] && key != "" {
			continue
		}
		seen[key] = true
		out = append(out, w)
		if len(out) == MaxQueryWords {
			break
		}
	}
	return strings.Join(out, " ")
}
