package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/recaphq/recap/indexer/textrule"
)

// Stop and question words: the words of a query that say what kind of
// answer is wanted (what is, how to, là gì, とは) or glue its words
// together (of, in, của, giữa), rather than what it is about. A plan never
// requires them (see Plan): a post about gRPC answers "gRPC là gì" whether
// or not it asks the question itself. They still rank, as the phrase
// clauses of the whole text do.
//
// Each list holds single words; a multi-word question ("như thế nào",
// "what is") is its words. Vietnamese words are listed with their accents
// and matched folded as well, since queries are often typed without them;
// only syllables whose folded form is as uninformative as the word itself
// are listed, so that folding does not turn a topic word into a stop word.
var stopWords = func() map[string]bool {
	lists := []string{
		englishStopList,
		// Vietnamese: question words and particles, with and without
		// accents.
		`là gì những như thế nào sao tại vì làm khác nhau giữa các của và với cho trong
		 về có không được khi nào đâu bao giờ thì mà để hay hoặc cách một`,
		// Their folded forms that spell no other common word: "tai" is
		// also tải (load), "co" cơ (as in cơ sở dữ liệu), "ma" mã (code),
		// "ai" AI.
		`la gi nhung nhu nao khac nhau giua cac cua va khong duoc khi bao gio thi hoac`,
	}
	m := map[string]bool{}
	for _, l := range lists {
		for _, w := range strings.Fields(l) {
			m[w] = true
		}
	}
	return m
}()

// englishStopList holds the English question words, auxiliaries, articles
// and prepositions.
const englishStopList = `a an the and or vs versus of in on at to for from with without by about into over
	is are was were be been being do does did can could should would will shall may might must
	what what's whats which who whom whose when where why how
	i you we they it its this that these those there here
	me my your our their us them
	talked talk talks spoke speak gave give given said say says
	use used using not no`

// englishStop holds the words of englishStopList, which tell a query
// written in English (see queryLang).
var englishStop = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(englishStopList) {
		m[w] = true
	}
	return m
}()

// jaStopWords are the kanji words of Japanese questions (何 "what",
// 方法 is not one: it names what is asked about); hiragana runs are
// particles and endings and are stop words by their length (see
// isStopWord).
var jaStopWords = map[string]bool{"何": true, "何か": true}

// maxParticleRunes is the longest hiragana run taken for a particle or an
// ending (は, とは, について, ときの): longer runs are words written in
// kana.
const maxParticleRunes = 4

// isStopWord reports whether w, one piece of a query (see splitPieces), is
// a stop or question word of any language.
func isStopWord(w string) bool {
	l := strings.ToLower(w)
	if stopWords[l] || stopWords[textrule.Fold(l)] && !hasDiacritics(l) {
		return true
	}
	if jaStopWords[w] {
		return true
	}
	if isHiragana(w) && utf8.RuneCountInString(w) <= maxParticleRunes {
		return true
	}
	return strings.IndexFunc(w, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) < 0
}

// isHiragana reports whether w is all hiragana (ー included).
func isHiragana(w string) bool {
	if w == "" {
		return false
	}
	for _, r := range w {
		if !unicode.Is(unicode.Hiragana, r) && r != 'ー' {
			return false
		}
	}
	return true
}

// splitPieces splits a word of a query at the changes of script inside
// a run of CJK characters and Latin letters: a Japanese question is
// written without spaces ("Knativeとは", "SREとは何か",
// "サーバーレスでRDBMSを使う"), and its hiragana runs are particles
// between the words it is about. Katakana, kanji and Latin runs are kept
// whole; the okurigana of a verb (使う's う) becomes a piece of its own,
// a stop piece like a particle.
func splitPieces(w string) []string {
	if !strings.ContainsFunc(w, textrule.IsCJK) {
		return []string{w}
	}
	class := func(r rune) int {
		switch {
		case unicode.Is(unicode.Hiragana, r):
			return 1
		case unicode.Is(unicode.Katakana, r) || r == 'ー':
			return 2
		case textrule.IsCJK(r):
			return 3
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			return 4
		}
		return 0
	}
	var out []string
	var cur []rune
	prev := -1
	flush := func() {
		if len(cur) > 0 {
			out = append(out, string(cur))
		}
		cur = cur[:0]
	}
	for _, r := range w {
		c := class(r)
		if c == 0 {
			flush()
			prev = -1
			continue
		}
		// Latin and katakana together stay one word (E2Eテスト, Kubernetesクラスタ
		// are split by the analyzer anyway, and typed as one name).
		same := c == prev || prev == 4 && c == 2 || prev == 2 && c == 4
		if !same && prev != -1 {
			flush()
		}
		cur = append(cur, r)
		prev = c
	}
	flush()
	return out
}
