package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/recaphq/recap/indexer/kb"
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
// fields; words together (a phrase) above scattered words; other
// languages' names of a concept (synonyms) below all of the user's words.
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
	boostPhraseExact = 1.5
	boostPrefix      = 0.4
	boostSynonym     = 1
)

// textQuery matches a parsed text against the text fields. The folded main
// fields find everything; the other clauses order what they find.
func textQuery(t Text, syn *Synonyms, unknown map[string]bool) query.Query {
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
	should := freeClauses(t, syn, unknown)
	if len(must) == 0 {
		return bleve.NewDisjunctionQuery(should...)
	}
	b := bleve.NewBooleanQuery()
	b.AddMust(must...)
	if len(should) > 0 {
		d := bleve.NewDisjunctionQuery(should...)
		b.AddShould(d)
	}
	return b
}

func freeClauses(t Text, syn *Synonyms, unknown map[string]bool) []query.Query {
	if t.Free == "" {
		return nil
	}
	text := t.Free
	// Clauses that cannot change the ranking are left out: each costs a
	// pass over its postings.
	cl := []query.Query{
		allQuery(text, FieldTitle, boostTitle),
		allQuery(text, FieldTalkTitles, boostTalkTitles),
		matchQuery(text, FieldTagText, boostTags),
	}
	if !multiToken(text) {
		cl = append(cl, matchQuery(text, FieldBody, boostBody))
	}
	if hasDiacritics(text) {
		// Only accented words can match the exact fields better than the
		// folded ones; for plain ASCII they would prefer text written
		// without accents, which is not what an unaccented query means.
		cl = append(cl,
			allQuery(text, FieldTitle+"_exact", boostTitleExact),
			matchQuery(text, FieldBody+"_exact", boostBodyExact),
			phraseQuery(text, FieldTitle+"_exact", boostTitleExact))
	}
	if multiToken(text) {
		cl = append(cl,
			allQuery(text, FieldBody, boostBody),
			phraseQuery(text, FieldTitle, boostPhraseTitle),
			phraseQuery(text, FieldTalkTitles, boostPhraseTalk),
			phraseQuery(text, FieldBody, boostPhraseBody))
	}
	if hasLatinLetter(text) {
		cl = append(cl,
			allQuery(text, FieldTitle+"_"+kb.LangEN, boostTitleLang),
			matchQuery(text, FieldBody+"_"+kb.LangEN, boostBodyLang))
	}
	if hasCJK(text) {
		cl = append(cl, allQuery(text, FieldTitle+"_"+kb.LangJA, boostTitleLang))
	}
	for _, w := range strings.Fields(text) {
		if k := typoKey(w); k != "" && unknown[k] {
			// The fuzzy clauses stand in for the match clauses that a word
			// no document contains cannot contribute, so they weigh the same.
			cl = append(cl, fuzzyQuery(k, FieldTitle, boostTitle), fuzzyQuery(k, FieldBody, boostBody))
		}
	}
	if k := prefixKey(t.Last); k != "" {
		// The last word may be unfinished. A word no document has surely
		// is, and is completed in titles and bodies; a known word is only
		// completed in titles, which are short and cheap to search.
		p := bleve.NewPrefixQuery(k)
		p.SetField(FieldTitle)
		p.SetBoost(boostPrefix * 2)
		cl = append(cl, p)
		if unknown[k] {
			pb := bleve.NewPrefixQuery(k)
			pb.SetField(FieldBody)
			pb.SetBoost(boostPrefix)
			cl = append(cl, pb)
		}
	}
	if syn != nil {
		// Another language's names of a concept gather into one
		// disjunction, whose coordination factor (the share of the names
		// that match) keeps a post that names the concept in several ways
		// below the posts with the user's own words; boostSynonym was set
		// with the relevance benchmark, under that constraint (tested). A speaker's other
		// spellings are the same person and count fully.
		var names []query.Query
		for _, e := range syn.Expand(text) {
			if e.Person {
				cl = append(cl,
					phraseQuery(e.Text, FieldTitle, boostTitle),
					phraseQuery(e.Text, FieldTalkTitles, boostTalkTitles),
					phraseQuery(e.Text, FieldBody, boostBody))
				continue
			}
			names = append(names,
				phraseQuery(e.Text, FieldTitle, 2*boostSynonym),
				phraseQuery(e.Text, FieldTalkTitles, 2*boostSynonym),
				phraseQuery(e.Text, FieldBody, boostSynonym))
		}
		if len(names) > 0 {
			// bleve ignores a disjunction's own boost; the clauses carry it.
			cl = append(cl, bleve.NewDisjunctionQuery(names...))
		}
	}
	return cl
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
		if isCJK(r) {
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
		if isCJK(r) {
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

func matchQuery(text, field string, boost float64) query.Query {
	m := bleve.NewMatchQuery(text)
	m.SetField(field)
	m.SetBoost(boost)
	return m
}

// allQuery matches the documents whose field has every word of text. Titles
// are matched so: a title with some of the words is weak evidence, and with
// folding it is often no evidence at all ("cân bằng tải" folds to words that
// also spell "cần" and "tại").
func allQuery(text, field string, boost float64) query.Query {
	m := bleve.NewMatchQuery(text)
	m.SetField(field)
	m.SetBoost(boost)
	m.SetOperator(query.MatchQueryOperatorAnd)
	return m
}

func phraseQuery(text, field string, boost float64) query.Query {
	m := bleve.NewMatchPhraseQuery(text)
	m.SetField(field)
	m.SetBoost(boost)
	return m
}

func fuzzyQuery(term, field string, boost float64) query.Query {
	f := bleve.NewFuzzyQuery(term)
	f.SetField(field)
	f.SetFuzziness(1)
	f.SetBoost(boost)
	return f
}

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
	if utf8.RuneCountInString(k) < 3 {
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
	return Fold(strings.ToLower(w))
}
