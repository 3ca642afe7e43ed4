package search

import (
	"context"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
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
// bodies; exact accents and the text's own language above the folded main
// fields; words together (a phrase) above scattered words. Rewrites with
// other languages' names of a concept are weighed in scored.
const (
	boostTitle       = 3
	boostTalkTitles  = 2.5
	boostTags        = 1.5
	boostBody        = 1
	boostTitleExact  = 2
	boostBodyExact   = 0.5
	boostTitleLang   = 2
	boostBodyLang    = 0.5
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
			phraseQuery(p, FieldTitle+"_exact", boostPhraseTitle/2),
		))
	}
	return must
}

// rankingQuery scores the free words of t together: all of them in a
// title, a talk title or the body, in a row, and the rewrites of the text
// with other names of its concepts. It finds nothing that the units do not
// (see Plan.mainQuery); it orders what they find.
func rankingQuery(t Text, syn *Synonyms, unknown map[string]string) query.Query {
	if t.Free == "" {
		return nil
	}
	free := corrected(t.Free, unknown)
	person, aliases := synonymClauses(free, syn)
	return scored(append(freeClauses(free, t.Last, unknown), person...), termCount(free), aliases)
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

func freeClauses(text, last string, unknown map[string]string) []query.Query {
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
			matchQuery(all, FieldBody, boostBody))
	}
	cl = append(cl, allQuery(all, FieldTagText, boostTags))
	if hasDiacritics(all) {
		// Only accented words can match the exact fields better than the
		// folded ones; for plain ASCII they would prefer text written
		// without accents, which is not what an unaccented query means.
		cl = append(cl, allAndPhrase(all, FieldTitle+"_exact", boostTitleExact, boostTitleExact)...)
		cl = append(cl, allQuery(all, FieldBody+"_exact", boostBodyExact))
	}
	if hasLatinLetter(text) && !allSyllables(all) {
		cl = append(cl,
			allQuery(all, FieldTitle+"_"+kb.LangEN, boostTitleLang),
			allQuery(all, FieldBody+"_"+kb.LangEN, boostBodyLang))
	}
	if hasCJK(text) && japaneseReady() {
		cl = append(cl, allQuery(all, FieldTitle+"_"+kb.LangJA, boostTitleLang))
	}
	if k := prefixKey(last); k != "" {
		// The last word may be unfinished. A word no document has surely
		// is, and is completed in titles and bodies; a known word is only
		// completed in titles, which are short and cheap to search.
		p := bleve.NewPrefixQuery(k)
		p.SetField(FieldTitle)
		p.SetBoost(boostPrefix * 2)
		cl = append(cl, p)
		if _, ok := unknown[k]; ok {
			pb := bleve.NewPrefixQuery(k)
			pb.SetField(FieldBody)
			pb.SetBoost(boostPrefix)
			cl = append(cl, pb)
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
		m := matchQuery(rest, field, boost)
		m.SetOperator(query.MatchQueryOperatorAnd)
		parts = append(parts, m)
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

func phraseQuery(text, field string, boost float64) query.Query {
	m := bleve.NewMatchPhraseQuery(text)
	m.SetField(field)
	m.SetBoost(boost)
	return m
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
