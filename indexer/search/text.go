package search

import (
	"context"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/recaphq/recap/indexer/kb"
	"github.com/recaphq/recap/indexer/textrule"
)

// Text is a parsed query text: the quoted phrases, which must all match,
// and the free words, which rank.
type Text struct {
	Phrases []string
	// Free is the text outside quotes, words separated by single spaces.
	Free string
	// Last is the last free word when it ends the query, for prefix
	// matching while the user types; empty when the query ends with a
	// quoted phrase.
	Last string
}

// quotes pairs the opening and closing quote characters recap accepts:
// ASCII, typographic and Japanese corner brackets.
var quotes = map[rune]rune{'"': '"', '“': '”', '「': '」', '『': '』'}

// ParseText splits a normalised query text into quoted phrases and free
// words. An unclosed quote runs to the end of the text.
func ParseText(s string) Text {
	var t Text
	var free []string
	rest := s
	endsFree := true
	for rest != "" {
		i := strings.IndexFunc(rest, func(r rune) bool { _, ok := quotes[r]; return ok })
		if i < 0 {
			free = append(free, rest)
			endsFree = true
			break
		}
		free = append(free, rest[:i])
		open, n := utf8.DecodeRuneInString(rest[i:])
		rest = rest[i+n:]
		j := strings.IndexRune(rest, quotes[open])
		var p string
		if j < 0 {
			p, rest = rest, ""
		} else {
			p, rest = rest[:j], rest[j+utf8.RuneLen(quotes[open]):]
		}
		if p = strings.Join(strings.Fields(p), " "); p != "" {
			t.Phrases = append(t.Phrases, p)
		}
		endsFree = strings.TrimSpace(rest) != ""
	}
	words := strings.Fields(strings.Join(free, " "))
	t.Free = strings.Join(words, " ")
	if endsFree && len(words) > 0 {
		t.Last = words[len(words)-1]
	}
	return t
}

// Boosts of the text clauses. Titles (of posts and of talks) rank above
// bodies; the stems of English words add to the words as typed; words
// together (a phrase) above scattered words. Rewrites with
// other languages' names of a concept are weighed in scored.
const (
	boostTitle       = 3
	boostTalkTitles  = 2.5
	boostTags        = 1.5
	boostBody        = 1
	boostTitleStem   = 2
	boostBodyStem    = 0.5
	boostTitleExact  = 2
	boostPhraseTitle = 6
	boostPhraseTalk  = 4
	boostPhraseBody  = 3
	boostPrefix      = 0.4
)

// phraseClauses are the clauses of t's quoted phrases, each of which a
// document must match in one of its text fields.
func phraseClauses(t Text) []query.Query {
	var must []query.Query
	for _, p := range t.Phrases {
		must = append(must, bleve.NewDisjunctionQuery(
			phraseQuery(p, FieldTitle, boostPhraseTitle),
			phraseQuery(p, FieldTalkTitles, boostPhraseTalk),
			phraseQuery(p, FieldTagText, boostPhraseTalk),
			phraseQuery(p, FieldBody, boostPhraseBody),
		))
		if q := writtenPhrase(p, FieldTitle, boostPhraseTitle/2); q != nil {
			must[len(must)-1].(*query.DisjunctionQuery).AddQuery(q)
		}
	}
	return must
}

// rankingQuery scores the free words of t together: all of them in a
// title, a talk title or the body, in a row, and the rewrites of the text
// with other names of its concepts. It finds nothing that the units do not
// (see Plan.mainQuery); it orders what they find.
// The last word's completions are the words it begins, as the plan read
// them (see readCompletions).
func rankingQuery(t Text, syn *Synonyms, unknown map[string]string, completions []string) query.Query {
	if t.Free == "" {
		return nil
	}
	free := corrected(t.Free, unknown)
	person, aliases := synonymClauses(free, syn)
	return scored(append(freeClauses(free, t.Last, unknown, completions), person...), termCount(free), aliases)
}

// aliasClauses are the clauses of one rewrite of the query with other
// names (see Synonyms.Expand): its title, talk titles and body.
type aliasClauses struct {
	clauses [aliasFields]query.Query
	// weight is 1 for a translation, relatedWeight for a related word.
	weight float64
	// terms is how many terms the rewrite has (see termCount).
	terms int
}

const aliasFields = 3

// Weights of the rewrites with other names against the user's own words,
// set with the relevance benchmark (which is flat from 0.3 to 0.8 for
// synonymWeight): a translation weighs synonymWeight, a related word
// (k8s for Kubernetes, Istio for service mesh) relatedWeight of that, and
// every rewrite after the best synonymRest of its score.
const (
	synonymWeight = 0.5
	relatedWeight = 0.3
	synonymRest   = 0.1
)

// scored combines the clauses of the user's words and of the rewrites into
// one query whose score is computed here rather than by bleve's
// disjunction, which multiplies the sum by the share of clauses that
// match: with a dozen clauses that coordination factor buries a post that
// names the concept only in another language, however squarely its title
// does.
//
// A document scores the sum of its matching clauses of the user's words,
// plus synonymWeight times its best rewrite (and a little for every
// further one, so that a post naming the concept in several ways does not
// outrank the posts with the user's own words). Each sum is divided by
// its number of terms: a Japanese word is several bigrams, each scored
// like a word, and its translation one word, which would otherwise make
// any Japanese match outweigh any English one.
func scored(user []query.Query, userTerms int, aliases []aliasClauses) query.Query {
	all := append([]query.Query(nil), user...)
	for _, a := range aliases {
		all = append(all, a.clauses[:]...)
	}
	d := bleve.NewDisjunctionQuery(all...)
	if len(aliases) == 0 {
		// Nothing to weigh against the user's words: bleve's own sum,
		// times the share of clauses matched, ranks the same on the
		// relevance benchmark and spares every hit a map of clause scores
		// (a quarter of the median query on 100,000 posts).
		return d
	}
	d.RetrieveScoreBreakdown(true)
	nUser := len(user)
	return query.NewCustomScoreQueryWithScorer(d, func(_ context.Context, m *search.DocumentMatch) (float64, error) {
		// In clause order, not map order: the same clauses must add up to
		// the same score, or recency would not break ties.
		var own float64
		var perAlias [maxExpansions]float64
		for i := range len(all) {
			v, ok := m.ScoreBreakdown[i]
			switch {
			case !ok:
			case i < nUser:
				own += v
			default:
				perAlias[(i-nUser)/aliasFields] += v
			}
		}
		best, rest := 0.0, 0.0
		for g, a := range aliases {
			v := perAlias[g] * a.weight / float64(a.terms)
			if v > best {
				best, rest = v, rest+best
			} else {
				rest += v
			}
		}
		return own/float64(userTerms) + synonymWeight*(best+synonymRest*rest), nil
	}, nil, nil)
}

// termCount is about how many terms the folded fields' analyzer makes of
// s: one a word, one a bigram in a run of CJK characters.
func termCount(s string) int {
	n, run := 0, 0
	flush := func() {
		n += max(1, run-1) * min(run, 1)
		run = 0
	}
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		latin := false
		for _, r := range w {
			if textrule.IsCJK(r) {
				if latin {
					n++
					latin = false
				}
				run++
				continue
			}
			flush()
			latin = true
		}
		flush()
		if latin {
			n++
		}
	}
	return max(n, 1)
}

// corrected returns text with its unknown words replaced by their
// corrections (see Index.spell).
func corrected(text string, unknown map[string]string) string {
	words := strings.Fields(text)
	for i, w := range words {
		if fix := unknown[latinKey(w)]; fix != "" {
			words[i] = fix
		}
	}
	return strings.Join(words, " ")
}

func freeClauses(text, last string, unknown map[string]string, completions []string) []query.Query {
	// A word that no document has and that has no correction (a word
	// still being typed, say) would keep the clauses that want every word
	// from matching at all; they take the other words, and the prefix
	// clauses below stand in for it.
	var known []string
	for _, w := range strings.Fields(text) {
		if _, missing := unknown[latinKey(w)]; !missing {
			known = append(known, w)
		}
	}
	all := strings.Join(known, " ")
	if all == "" {
		all = text
	}
	// Clauses that cannot change the ranking are left out: each costs a
	// pass over its postings.
	multi := multiToken(all)
	var cl []query.Query
	if multi {
		cl = append(cl, allAndPhrase(all, FieldTitle, boostTitle, boostPhraseTitle)...)
		cl = append(cl, allAndPhrase(all, FieldTalkTitles, boostTalkTitles, boostPhraseTalk)...)
		// Every word in the body is what the units score already (see
		// Plan.unitQuery): only the words in a row add to it.
		cl = append(cl, phraseQuery(all, FieldBody, boostPhraseBody))
	} else {
		cl = append(cl,
			allQuery(all, FieldTitle, boostTitle),
			allQuery(all, FieldTalkTitles, boostTalkTitles),
			wordsQuery(all, FieldBody, boostBody, false))
	}
	cl = append(cl, allQuery(all, FieldTagText, boostTags))
	if hasDiacritics(all) {
		// Only accented words can match their written forms better than
		// the folded ones; for plain ASCII they would prefer text written
		// without accents, which is not what an unaccented query means.
		cl = appendNonNil(cl, writtenQuery(all, FieldTitle, boostTitleExact))
		if multi {
			cl = appendNonNil(cl, writtenPhrase(all, FieldTitle, boostTitleExact))
		}
	}
	if stemmable(all) {
		cl = append(cl, stemQuery(all, FieldTitle, boostTitleStem), stemQuery(all, FieldBody, boostBodyStem))
	}
	if k := prefixKey(last); k != "" && len(completions) > 0 {
		// The last word may be unfinished. A word no document has surely
		// is, and is completed in titles and bodies; a known word is only
		// completed in titles, which are short and cheap to search.
		cl = append(cl, termsQuery(completions, FieldTitle, boostPrefix*2))
		if _, ok := unknown[k]; ok {
			cl = append(cl, termsQuery(completions, FieldBody, boostPrefix))
		}
	}
	return cl
}

// synonymClauses returns the clauses of the query's rewrites with other
// names (see Synonyms.Expand), and those of a speaker's other spellings,
// which are the same person and count as the user's words do.
func synonymClauses(text string, syn *Synonyms) (person []query.Query, aliases []aliasClauses) {
	for _, e := range syn.Expand(text) {
		// A rewrite of several words weighs like the user's phrase clause,
		// which it stands in for.
		bodyBoost := float64(boostBody)
		if multiToken(e.Text) {
			bodyBoost = boostPhraseBody
		}
		cl := [aliasFields]query.Query{
			allQuery(e.Text, FieldTitle, boostTitle),
			allQuery(e.Text, FieldTalkTitles, boostTalkTitles),
			allQuery(e.Text, FieldBody, bodyBoost),
		}
		switch {
		case e.Person:
			person = append(person, cl[:]...)
		case e.Translation:
			aliases = append(aliases, aliasClauses{cl, 1, termCount(e.Text)})
		default:
			aliases = append(aliases, aliasClauses{cl, relatedWeight, termCount(e.Text)})
		}
	}
	return person, aliases
}

// hasDiacritics reports whether s has a Latin letter that folding changes.
func hasDiacritics(s string) bool {
	for _, r := range s {
		if r >= 0xC0 && r < 0x2000 && unicode.Is(unicode.Latin, r) {
			return true
		}
	}
	return false
}

func hasLatinLetter(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Latin, r) {
			return true
		}
	}
	return false
}

func hasCJK(s string) bool {
	for _, r := range s {
		if textrule.IsCJK(r) {
			return true
		}
	}
	return false
}

// multiToken reports whether s analyses to more than one token, the case
// where a phrase clause differs from the word clauses: several words, or a
// CJK run of three or more characters (two or more bigrams).
func multiToken(s string) bool {
	if len(strings.Fields(s)) > 1 {
		return true
	}
	run := 0
	for _, r := range s {
		if textrule.IsCJK(r) {
			run++
			if run >= 3 {
				return true
			}
		} else {
			run = 0
		}
	}
	return strings.ContainsAny(s, "-./_")
}

func matchQuery(text, field string, boost float64) *query.MatchQuery {
	m := bleve.NewMatchQuery(text)
	m.SetField(field)
	m.SetBoost(boost)
	return m
}

func appendNonNil(qs []query.Query, more ...query.Query) []query.Query {
	for _, q := range more {
		if q != nil {
			qs = append(qs, q)
		}
	}
	return qs
}

// foldedFields are the fields that AnalyzerFolded analyses, where a word
// may have two forms at one position.
var foldedFields = map[string]bool{FieldTitle: true, FieldBody: true, FieldTalkTitles: true, FieldTagText: true}

// queryMapping is the mapping whose analyzers build queries.
var queryMapping = sync.OnceValue(func() mapping.IndexMapping {
	m, err := NewMapping()
	if err != nil {
		// The mapping is built from constants: only a broken build fails.
		panic(err)
	}
	return m
})

// titleAnalyzer is AnalyzerTitle, for building the queries of the main
// fields from its tokens (see wordsQuery): its first term at each
// position is AnalyzerFolded's.
var titleAnalyzer = sync.OnceValue(func() analysis.Analyzer { return queryMapping().AnalyzerNamed(AnalyzerTitle) })

// englishAnalyzer is AnalyzerEnglish, for the stems of queries (see
// stemQuery).
var englishAnalyzer = sync.OnceValue(func() analysis.Analyzer { return queryMapping().AnalyzerNamed(AnalyzerEnglish) })

// bigramAnalyzer is AnalyzerTitleBigrams, for the bigrams by which a
// longer katakana run of the index holds a query's word (see
// textAnalyses).
var bigramAnalyzer = sync.OnceValue(func() analysis.Analyzer { return queryMapping().AnalyzerNamed(AnalyzerTitleBigrams) })

// positions returns the terms of text as AnalyzerTitle makes them,
// grouped by position: a word folding changes is its folded form and its
// form as written; a katakana word is its first bigram and itself, or
// itself alone when it is short (see cjkFilter).
//
// A query asks for the positions of its words and units once for each
// clause that it builds of them, a few dozen times, and texts recur from
// query to query: the analyses are kept, up to maxPositionTexts texts,
// then forgotten all at once. The result must not be changed.
func positions(text string) [][]string { return analyses(text).index }

// textAnalyses are the two analyses of a text that queries are built of:
// its positions (see positions), and the same with every katakana run as
// bigrams, as a longer run of the index holds a short word (クラウド in
// マルチクラウド), which is the same slice when the text has no short
// katakana run.
type textAnalyses struct {
	index, bigrams [][]string
}

// twoForms reports whether the text has a short katakana run, whose
// bigrams differ from its index form.
func (a *textAnalyses) twoForms() bool {
	return len(a.index) > 0 && &a.bigrams[0] != &a.index[0]
}

func analyses(text string) *textAnalyses {
	cache := positionCache.Load()
	if p, ok := cache.m.Load(text); ok {
		return p.(*textAnalyses)
	}
	a := &textAnalyses{index: analyzedPositions(titleAnalyzer(), text)}
	a.bigrams = a.index
	if strings.ContainsFunc(text, textrule.IsKatakanaWordRune) {
		if b := analyzedPositions(bigramAnalyzer(), text); !slices.EqualFunc(a.index, b, slices.Equal) {
			a.bigrams = b
		}
	}
	if cache.n.Add(1) > maxPositionTexts {
		positionCache.CompareAndSwap(cache, &positionTexts{})
	}
	cache.m.Store(text, a)
	return a
}

// maxPositionTexts bounds the texts whose analyses are kept.
const maxPositionTexts = 10000

// positionTexts are the analyses that positions keeps.
type positionTexts struct {
	m sync.Map // text → *textAnalyses
	n atomic.Int64
}

var positionCache atomic.Pointer[positionTexts]

func init() { positionCache.Store(&positionTexts{}) }

// wordsQuery matches the words of text in field, a main field: every
// position of its analysis (and) or any (!and), each by its first term:
// the folded form of a word, the bigram of a CJK position. bleve's match
// query would want every term of a position, the accented form of a word
// with its folded one; the other forms rank apart (see writtenQuery and
// wholeWords).
func wordsQuery(text, field string, boost float64, and bool) query.Query {
	pos := positions(text)
	parts := make([]query.Query, 0, len(pos))
	for _, terms := range pos {
		parts = append(parts, termQuery(terms[0], field, boost))
	}
	switch {
	case len(parts) == 0:
		return bleve.NewMatchNoneQuery()
	case len(parts) == 1:
		return parts[0]
	case and:
		return bleve.NewConjunctionQuery(parts...)
	}
	return bleve.NewDisjunctionQuery(parts...)
}

func termQuery(term, field string, boost float64) query.Query {
	tq := bleve.NewTermQuery(term)
	tq.SetField(field)
	tq.SetBoost(boost)
	return tq
}

// written returns the terms of text as written, one a position: a word's
// accented form where it has one, its only form otherwise, and a CJK
// position's bigram; ok is false when no word of text has an accented
// form.
func written(text string) (terms []string, ok bool) {
	for _, ts := range positions(text) {
		t := ts[0]
		if w := ts[len(ts)-1]; len(ts) > 1 && !hasCJK(w) {
			t, ok = w, true
		}
		terms = append(terms, t)
	}
	return terms, ok
}

// writtenQuery matches text in field, the main title field, with its accents as
// typed: every word in its written form, a pair of syllables (see units)
// in a row. It ranks a word typed with its accents above its folded
// matches, as the exact fields did, from the same field; nil when text
// has no accented word.
func writtenQuery(text, field string, boost float64) query.Query {
	if _, ok := written(text); !ok {
		return nil
	}
	rest, runs := units(text)
	var parts []query.Query
	if ts, _ := written(rest); len(ts) > 0 {
		for _, t := range ts {
			parts = append(parts, termQuery(t, field, boost))
		}
	}
	for _, r := range runs {
		if ts, _ := written(r); len(ts) == 1 {
			parts = append(parts, termQuery(ts[0], field, boost))
		} else if len(ts) > 1 {
			pq := bleve.NewPhraseQuery(ts, field)
			pq.SetBoost(boost)
			parts = append(parts, pq)
		}
	}
	switch len(parts) {
	case 0:
		return nil
	case 1:
		return parts[0]
	}
	return bleve.NewConjunctionQuery(parts...)
}

// writtenPhrase matches text in field, a main field, in a row and with
// its accents as typed; nil when text has no accented word.
func writtenPhrase(text, field string, boost float64) query.Query {
	ts, ok := written(text)
	if !ok {
		return nil
	}
	if len(ts) == 1 {
		return termQuery(ts[0], field, boost)
	}
	pq := bleve.NewPhraseQuery(ts, field)
	pq.SetBoost(boost)
	return pq
}

// wholeWords returns the katakana words that the analysis of text has
// whole besides their bigrams (see cjkFilter).
func wholeWords(text string) []string {
	var out []string
	for _, ts := range positions(text) {
		for _, t := range ts[1:] {
			if hasCJK(t) {
				out = append(out, t)
			}
		}
	}
	return out
}

// allQuery matches the documents whose field has every word of text. Titles
// are matched so: a title with some of the words is weak evidence, and with
// folding it is often no evidence at all ("cân bằng tải" folds to words that
// also spell "cần" and "tại"). A unit of several tokens must have them in a
// row (see units): a run of CJK characters, whose bigrams a long Japanese
// post has somewhere for almost any katakana word (イングレスコントローラ's
// コン, ロー, ント) but not in that order; and a pair of Vietnamese
// syllables, which make a word together ("van de" is vấn đề, not a "vấn"
// here and a "đề" there, each of which folds to a dozen common syllables).
func allQuery(text, field string, boost float64) query.Query {
	rest, runs := units(text)
	var parts []query.Query
	if strings.TrimSpace(rest) != "" {
		if foldedFields[field] {
			parts = append(parts, wordsQuery(rest, field, boost, true))
		} else {
			m := matchQuery(rest, field, boost)
			m.SetOperator(query.MatchQueryOperatorAnd)
			parts = append(parts, m)
		}
	}
	for _, r := range runs {
		parts = append(parts, phraseQuery(r, field, boost))
	}
	if len(parts) == 1 {
		return parts[0]
	}
	return bleve.NewConjunctionQuery(parts...)
}

// units splits text into its runs of two or more CJK characters and its
// pairs of Vietnamese syllables, and the rest, where each unit leaves a
// space.
func units(text string) (rest string, runs []string) {
	var b strings.Builder
	var syl []string
	// Most Vietnamese words are one or two syllables: a longer run is
	// taken two by two ("hướng dẫn | cài đặt"), so that its words may
	// stand apart in a post as long as each stands whole.
	flushSyllables := func() {
		for len(syl) >= 2 {
			runs = append(runs, syl[0]+" "+syl[1])
			b.WriteByte(' ')
			syl = syl[2:]
		}
		if len(syl) == 1 {
			b.WriteString(syl[0] + " ")
		}
		syl = syl[:0]
	}
	for _, w := range strings.Fields(text) {
		if syllableLike(w) {
			syl = append(syl, w)
			continue
		}
		flushSyllables()
		r, cjk := cjkRuns(w)
		b.WriteString(r + " ")
		runs = append(runs, cjk...)
	}
	flushSyllables()
	return b.String(), runs
}

// stemmable reports whether text may be English words, whose stems
// English documents hold (see AnalyzerFoldedEnglish): it has Latin
// letters, not only Vietnamese syllables, and no CJK, which AnalyzerEnglish
// would make bigrams of across scripts, unlike the main fields.
func stemmable(text string) bool {
	return hasLatinLetter(text) && !allSyllables(text) && !hasCJK(text)
}

// stemQuery matches every word of text in field of English documents by
// its English stem (see AnalyzerEnglish): the stem they hold beside a
// word (see stemFilter), or the stem written as a word of its own ("test"
// for "testing"). Only in English documents: the stem of "nams" is "nam",
// which Vietnamese writes for a year (năm).
func stemQuery(text, field string, boost float64) query.Query {
	toks := englishAnalyzer().Analyze([]byte(text))
	parts := make([]query.Query, 0, len(toks))
	for _, tok := range toks {
		s := string(tok.Term)
		english := termQuery(kb.LangEN, FieldLang, 0) // a filter, no score
		parts = append(parts, bleve.NewDisjunctionQuery(
			termQuery(stemMark+s, field, boost),
			bleve.NewConjunctionQuery(termQuery(s, field, boost), english)))
	}
	switch len(parts) {
	case 0:
		return bleve.NewMatchNoneQuery()
	case 1:
		return parts[0]
	}
	return bleve.NewConjunctionQuery(parts...)
}

// allAndPhrase returns the clauses that want every word of text in field
// and, weighing more, all of them in a row; when every word is one unit
// already (see units), the one phrase clause that both would be.
func allAndPhrase(text, field string, allBoost, phraseBoost float64) []query.Query {
	if rest, runs := units(text); strings.TrimSpace(rest) == "" && len(runs) == 1 {
		return []query.Query{phraseQuery(text, field, allBoost+phraseBoost)}
	}
	return []query.Query{allQuery(text, field, allBoost), phraseQuery(text, field, phraseBoost)}
}

// cjkRuns splits text into its runs of two or more CJK characters and the
// rest, where each run leaves a space.
func cjkRuns(text string) (rest string, runs []string) {
	var b, run strings.Builder
	n := 0
	flush := func() {
		if n >= 2 {
			runs = append(runs, run.String())
			b.WriteByte(' ')
		} else {
			b.WriteString(run.String())
		}
		run.Reset()
		n = 0
	}
	for _, r := range text {
		if textrule.IsCJK(r) {
			run.WriteRune(r)
			n++
			continue
		}
		flush()
		b.WriteRune(r)
	}
	flush()
	return b.String(), runs
}

// syllableLike reports whether w could be a Vietnamese syllable, typed
// with or without its accents (textrule.LooksLikeSyllable). Short English
// words can be too ("go", "day"); a run of them then matches as a phrase,
// which is what such a query usually means anyway.
func syllableLike(w string) bool { return textrule.LooksLikeSyllable(w) }

// allSyllables reports whether every word of text is syllableLike, the
// case where English analysis (stems, stop words) has nothing to add.
func allSyllables(text string) bool {
	for _, w := range strings.Fields(text) {
		if !syllableLike(w) {
			return false
		}
	}
	return true
}

// phraseQuery matches the words of text in a row in field. When text is
// one position of a main field (a word, one CJK bigram), that is the
// terms of the position, which a term searcher finds for less than a
// phrase searcher.
func phraseQuery(text, field string, boost float64) query.Query {
	if foldedFields[field] {
		a := analyses(text)
		q := positionsPhrase(a.index, field, boost)
		if !a.twoForms() {
			return q
		}
		// A short katakana word is whole in short runs, and bigrams in
		// longer ones.
		return bleve.NewDisjunctionQuery(q, positionsPhrase(a.bigrams, field, boost))
	}
	m := bleve.NewMatchPhraseQuery(text)
	m.SetField(field)
	m.SetBoost(boost)
	return m
}

// positionsPhrase is the phrase of the first term of each position of
// pos, or its one term.
func positionsPhrase(pos [][]string, field string, boost float64) query.Query {
	switch len(pos) {
	case 0:
		// Nothing searchable (particles alone, の に).
		return bleve.NewMatchNoneQuery()
	case 1:
		return termQuery(pos[0][0], field, boost)
	}
	terms := make([]string, len(pos))
	for i, ts := range pos {
		terms[i] = ts[0]
	}
	pq := bleve.NewPhraseQuery(terms, field)
	pq.SetBoost(boost)
	return pq
}

// minPrefixRunes is the shortest last word that is completed as a prefix.
const minPrefixRunes = 3

// minTypoLetters is the shortest word that typo tolerance applies to:
// shorter words have too many neighbours one edit away.
const minTypoLetters = 5

// typoKey returns the folded, lowercase form of w when it is a Latin-script
// word of at least minTypoLetters letters, the words typo tolerance applies
// to, and "" otherwise.
func typoKey(w string) string {
	k := latinKey(w)
	if utf8.RuneCountInString(k) < minTypoLetters {
		return ""
	}
	return k
}

// prefixKey returns the term that the last word is a prefix of, or "" when
// it is too short to narrow the results or not Latin script (CJK is
// matched by bigrams already).
func prefixKey(w string) string {
	k := latinKey(w)
	if utf8.RuneCountInString(k) < minPrefixRunes {
		return ""
	}
	return k
}

// latinKey lowercases and folds w when it is made of Latin letters and
// digits only, as the folded fields index it; otherwise it returns "".
func latinKey(w string) string {
	for _, r := range w {
		if !(unicode.Is(unicode.Latin, r) || unicode.IsDigit(r)) {
			return ""
		}
	}
	return textrule.Fold(strings.ToLower(w))
}
