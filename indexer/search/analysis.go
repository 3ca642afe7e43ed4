package search

import (
	"bytes"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	bunicode "github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"
	porterstemmer "github.com/blevesearch/go-porterstemmer"
	"github.com/recaphq/recap/indexer/textrule"
)

// Analyzer names. They are registered in every index mapping that recap
// builds, so the index and the queries always analyse text the same way.
const (
	// AnalyzerFolded serves the main fields of every language: Unicode words
	// (technical tokens such as controller-runtime also kept whole),
	// full/half-width unified, lowercase, accents removed (đ→d); CJK
	// bigrams, and katakana words whole at the position of their first
	// bigram. "ky su" and "kỹ sư" give the same tokens.
	AnalyzerFolded = "recap_folded"
	// AnalyzerTitle is AnalyzerFolded that also keeps each word that
	// folding changes as written (one tone-mark placement), at the same
	// position, as Lucene's ASCIIFolding filter does with
	// preserve_original: "kỹ" in a title matches its own form besides the
	// folded one, which ranks a word as typed above an accent-folded match
	// from one field. Bodies have no such forms: on the dev set, ranking by
	// them in bodies did no good (the exact body field's boost was best at
	// zero), and they were most of the cost of the exact fields.
	AnalyzerTitle = "recap_title"
	// AnalyzerTitleBigrams is AnalyzerTitle with every katakana run as
	// bigrams, short ones too: what a query's katakana word is inside a
	// longer run of the index (see cjkFilter). No field is analysed so.
	AnalyzerTitleBigrams = "recap_title_bigrams"
	// AnalyzerEnglish stems English words and drops possessives and stop
	// words, keeping technical tokens whole: the stems that a query looks
	// for in English documents (see AnalyzerFoldedEnglish).
	AnalyzerEnglish = "recap_en"
	// AnalyzerFoldedEnglish and AnalyzerTitleEnglish are AnalyzerFolded
	// and AnalyzerTitle for the main fields of English documents: each
	// English word also has its Porter stem at its position (see
	// stemFilter), so that "deploying" is found by "deploys" without a
	// second field that analyses and indexes the whole text again (an
	// English body field was a quarter of the time of indexing).
	AnalyzerFoldedEnglish = "recap_folded_en"
	AnalyzerTitleEnglish  = "recap_title_en"

	foldFilterName   = "recap_fold"
	keepFilterName   = "recap_fold_keep"
	widthFilterName  = "recap_width"
	cjkFilterName    = "recap_cjk"
	bigramFilterName = "recap_cjk_bigrams"
	techFilterName   = "recap_tech"
	stemFilterName   = "recap_stem"
	wordsTokenizer   = "recap_words"
)

func init() {
	// Registration happens once per process; a failure means a name clash
	// with another package, which is a programming error.
	must := func(err error) {
		if err != nil {
			panic(err)
		}
	}
	must(registry.RegisterTokenFilter(foldFilterName, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return foldFilter{}, nil
	}))
	must(registry.RegisterTokenFilter(keepFilterName, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return keepFilter{}, nil
	}))
	must(registry.RegisterTokenFilter(widthFilterName, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return widthFilter{inner: cjk.NewCJKWidthFilter()}, nil
	}))
	must(registry.RegisterTokenFilter(cjkFilterName, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return cjkFilter{shortWhole: true}, nil
	}))
	must(registry.RegisterTokenFilter(bigramFilterName, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return cjkFilter{}, nil
	}))
	must(registry.RegisterTokenFilter(techFilterName, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return techFilter{}, nil
	}))
	must(registry.RegisterTokenFilter(stemFilterName, func(_ map[string]any, cache *registry.Cache) (analysis.TokenFilter, error) {
		stop, err := cache.TokenMapNamed(en.StopName)
		if err != nil {
			return nil, err
		}
		return stemFilter{stop: stop}, nil
	}))
	must(registry.RegisterTokenizer(wordsTokenizer, func(map[string]any, *registry.Cache) (analysis.Tokenizer, error) {
		return wordTokenizer{inner: bunicode.NewUnicodeTokenizer()}, nil
	}))
}

// addAnalyzers registers recap's custom analyzers in m.
func addAnalyzers(m *mapping.IndexMappingImpl) error {
	analyzers := []struct {
		name, tokenizer string
		filters         []string
	}{
		{AnalyzerFolded, wordsTokenizer, []string{widthFilterName, lowercase.Name, foldFilterName, cjkFilterName}},
		{AnalyzerTitle, wordsTokenizer, []string{widthFilterName, lowercase.Name, keepFilterName, cjkFilterName}},
		{AnalyzerTitleBigrams, wordsTokenizer, []string{widthFilterName, lowercase.Name, keepFilterName, bigramFilterName}},
		{AnalyzerFoldedEnglish, wordsTokenizer, []string{widthFilterName, lowercase.Name, foldFilterName, stemFilterName, cjkFilterName}},
		{AnalyzerTitleEnglish, wordsTokenizer, []string{widthFilterName, lowercase.Name, keepFilterName, stemFilterName, cjkFilterName}},
		{AnalyzerEnglish, wordsTokenizer, []string{widthFilterName, en.PossessiveName, lowercase.Name, en.StopName, techFilterName, porter.Name, cjk.BigramName}},
	}
	for _, a := range analyzers {
		err := m.AddCustomAnalyzer(a.name, map[string]any{
			"type":          custom.Name,
			"tokenizer":     a.tokenizer,
			"token_filters": a.filters,
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// widthFilter is bleve's CJK width filter (full-width ASCII and half-width
// katakana to their usual forms) for the tokens that have such a
// character, all of which are encoded with a leading 0xEF byte: the others,
// nearly all, pass without being decoded into runes.
type widthFilter struct {
	inner analysis.TokenFilter
}

func (f widthFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	for i, tok := range input {
		if bytes.IndexByte(tok.Term, 0xEF) >= 0 {
			f.inner.Filter(input[i : i+1])
		}
	}
	return input
}

// foldFilter removes diacritics from Latin letters and turns đ into d
// (textrule.FoldBytes). It is a token filter rather than bleve's
// asciifolding char filter because a char filter that shortens the text
// would shift the offsets that highlighting relies on.
type foldFilter struct{}

func (foldFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, tok := range input {
		tok.Term = textrule.FoldBytes(tok.Term)
	}
	return input
}

// keepFilter is foldFilter that also keeps a word that folding changes as
// written, with one tone-mark placement (textrule.NormalizeTone: "hòa"
// and "hoà" are one word), at the same position, after the folded form.
type keepFilter struct{}

func (keepFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	return withSamePosition(input, func(_ int, tok *analysis.Token) []byte {
		folded := textrule.FoldBytes(tok.Term)
		if len(folded) == len(tok.Term) && (len(folded) == 0 || &folded[0] == &tok.Term[0] || bytes.Equal(folded, tok.Term)) {
			return nil
		}
		written := textrule.NormalizeTone(tok.Term)
		tok.Term = folded
		return written
	})
}

// withSamePosition returns input with, after each token for which add
// returns a term, a token of that term at the same position and offsets:
// another form of the word. add may change the token itself. The stream
// grows by at most one token a word; the new tokens are held in one
// allocation, or a few, and input is returned as it is when none is
// added.
func withSamePosition(input analysis.TokenStream, add func(i int, tok *analysis.Token) []byte) analysis.TokenStream {
	var out analysis.TokenStream
	var extra []analysis.Token
	for i, tok := range input {
		term := add(i, tok)
		if term == nil {
			if out != nil {
				out = append(out, tok)
			}
			continue
		}
		if out == nil {
			out = make(analysis.TokenStream, i, len(input)+(len(input)-i)/2+1)
			copy(out, input[:i])
		}
		if cap(extra) == len(extra) {
			extra = make([]analysis.Token, 0, len(input)-i)
		}
		extra = append(extra, analysis.Token{
			Term: term, Start: tok.Start, End: tok.End,
			Position: tok.Position, Type: tok.Type, KeyWord: tok.KeyWord,
		})
		out = append(out, tok, &extra[len(extra)-1])
	}
	if out == nil {
		return input
	}
	return out
}

// stemMark begins the stems that stemFilter adds: they are terms of the
// main fields beside the words, and the mark keeps them out of what the
// words' dictionary offers (completions, corrections: "kubernet" is no
// word to suggest) and apart from the same letters written as a word.
const stemMark = "\x01"

// isStem reports whether term is a stem that stemFilter added.
func isStem(term string) bool { return strings.HasPrefix(term, stemMark) }

// stemFilter adds after each English word its Porter stem, marked (see
// stemMark), at the same position, when the stem differs from the word:
// what AnalyzerEnglish makes of the word, so that a query's stems find it
// (see stemQuery). Like AnalyzerEnglish it leaves alone stop words, which
// no query looks for, and technical tokens (k8s, v1.0, controller-runtime:
// any token with something other than a letter), and stems a possessive's
// word (Kubernetes's). Only ASCII words are stemmed; a word folding changed
// (its written form follows it) is stemmed from its folded form.
type stemFilter struct {
	stop analysis.TokenMap
}

func (f stemFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	var runes []rune // the word being stemmed, reused
	return withSamePosition(input, func(i int, tok *analysis.Token) []byte {
		var stem []byte
		stem, runes = f.stem(tok, i > 0 && input[i-1].Position == tok.Position, runes)
		return stem
	})
}

// stem returns the marked stem of tok's word, or nil when it has none of
// its own; shared is true for a token at the position of the one before
// (a word's written form after its folded one, which is stemmed already).
// The word's runes are decoded into buf, which stem returns for reuse.
func (f stemFilter) stem(tok *analysis.Token, shared bool, buf []rune) ([]byte, []rune) {
	w := tok.Term
	if shared || len(w) < 3 || tok.Type == analysis.Ideographic {
		return nil, buf
	}
	if n := len(w); n > 2 && w[n-2] == '\'' && w[n-1] == 's' {
		w = w[:n-2]
	} else if n > 4 && w[n-4] == 0xE2 && w[n-3] == 0x80 && w[n-2] == 0x99 && w[n-1] == 's' {
		w = w[:n-4] // ’s
	}
	buf = buf[:0]
	for _, c := range w {
		if c < 'a' || c > 'z' {
			return nil, buf
		}
		buf = append(buf, rune(c))
	}
	if f.stop[string(w)] {
		return nil, buf
	}
	stem := porterstemmer.StemWithoutLowerCasing(buf)
	if len(stem) == len(tok.Term) && sameASCII(stem, tok.Term) {
		return nil, buf
	}
	out := make([]byte, len(stemMark), len(stemMark)+len(stem))
	copy(out, stemMark)
	for _, r := range stem {
		out = append(out, byte(r)) // the stem of ASCII letters is ASCII
	}
	return out, buf
}

// sameASCII reports whether the runes of rs, all ASCII, spell b.
func sameASCII(rs []rune, b []byte) bool {
	for i, r := range rs {
		if byte(r) != b[i] {
			return false
		}
	}
	return true
}

// cjkFilter makes bigrams of the runs of CJK characters of one script
// (as bleve's cjk_bigram does, a lone character staying a unigram), and
// adds the katakana words of a run whole (see wordAt), each at the
// position of its first bigram, so that a phrase of bigrams still finds
// it in a longer word while the word itself, when the text has it whole,
// weighs more.
//
// A run is parted where its script changes (textrule.ScriptOf): a bigram
// across kanji and kana (計を, を改) joins a word to its particle or
// okurigana, or a loanword to the next word, and is no word of its own;
// such bigrams were a third of a Japanese text's tokens and most of its
// distinct terms, which indexing pays for one by one. A lone hiragana (a
// particle, an inflection's ending) is left out and takes no position: it
// would be in nearly every Japanese text, and without it "設計を改善"
// matches the phrase of "設計の改善" as well.
//
// A katakana run of at most maxShortKatakana characters is one loanword
// (テスト, クラウド, コンテナ), indexed whole only (see shortWhole): its
// bigrams would only find it inside itself, and they were most of a
// Japanese text's distinct terms, which cost indexing more than any other
// language's. A query looks for a katakana word both whole and as the
// bigrams that a longer run holds it by (see phraseQuery).
//
// Positions are renumbered, tokens that share one (a word and its folded
// form) keeping theirs shared. The terms of the new tokens share one
// buffer.
type cjkFilter struct {
	// shortWhole indexes short katakana runs whole only; without it,
	// every run is bigrams, which is how a query finds a word inside a
	// longer run.
	shortWhole bool
}

// maxShortKatakana is the longest katakana run indexed whole only: a
// compound of two loanwords (テストコード, ロードバランサ) is longer.
const maxShortKatakana = 5

func (f cjkFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	if !slices.ContainsFunc(input, func(t *analysis.Token) bool { return t.Type == analysis.Ideographic }) {
		return input
	}
	out := make(analysis.TokenStream, 0, len(input)+len(input)/2)
	var buf []byte
	var chars []cjkChar
	pos, last := 0, -1
	for i := 0; i < len(input); {
		tok := input[i]
		if tok.Type != analysis.Ideographic {
			if tok.Position != last {
				pos++
				last = tok.Position
			}
			tok.Position = pos
			out = append(out, tok)
			i++
			continue
		}
		last = -1
		chars = chars[:0]
		first := i
		for ; i < len(input) && input[i].Type == analysis.Ideographic && (i == first || input[i].Start == input[i-1].End); i++ {
			t := input[i]
			for k, r := range string(t.Term) {
				chars = append(chars, cjkChar{r: r, tok: t, at: k})
			}
		}
		for a := 0; a < len(chars); {
			script := textrule.ScriptOf(chars[a].r)
			z := a + 1
			for z < len(chars) && textrule.ScriptOf(chars[z].r) == script {
				z++
			}
			switch n := z - a; {
			case f.shortWhole && script == textrule.Katakana && n >= minCJKWord && n <= maxShortKatakana:
				var term []byte
				term, buf = cjkSpan(buf, chars[a:z])
				out = append(out, &analysis.Token{Term: term, Start: chars[a].start(), End: chars[z-1].end(), Position: pos + 1, Type: analysis.Ideographic})
				pos++
			case n > 1 || script != textrule.Hiragana:
				out, buf = cjkRun(out, buf, chars[a:z], pos)
				pos += max(1, n-1)
			}
			a = z
		}
	}
	return out
}

// cjkChar is one character of a run of CJK tokens: the rune, its token
// and its byte offset in the token's term.
type cjkChar struct {
	r   rune
	tok *analysis.Token
	at  int
}

func (c cjkChar) term() []byte { return c.tok.Term[c.at : c.at+utf8.RuneLen(c.r)] }

func (c cjkChar) start() int { return c.tok.Start + c.at }

func (c cjkChar) end() int { return c.start() + utf8.RuneLen(c.r) }

// Bounds of the katakana words indexed whole, in characters: a word of
// two is its own bigram, and a run longer than maxCJKWord is several
// words more than one.
const (
	minCJKWord = 3
	maxCJKWord = 12
)

// cjkRun appends the tokens of one run of CJK characters, whose first
// bigram is at position pos+1: its bigrams (or its one character) and its
// words (see wordAt).
func cjkRun(out analysis.TokenStream, buf []byte, chars []cjkChar, pos int) (analysis.TokenStream, []byte) {
	span := func(a, z int) []byte {
		var term []byte
		term, buf = cjkSpan(buf, chars[a:z+1])
		return term
	}
	if len(chars) == 1 {
		c := chars[0]
		return append(out, &analysis.Token{Term: c.term(), Start: c.start(), End: c.end(), Position: pos + 1, Type: analysis.Single}), buf
	}
	toks := make([]analysis.Token, 0, len(chars))
	wordEnd := -1
	for k := 0; k+1 < len(chars); k++ {
		toks = append(toks, analysis.Token{Term: span(k, k+1), Start: chars[k].start(), End: chars[k+1].end(), Position: pos + 1 + k, Type: analysis.Double})
		out = append(out, &toks[len(toks)-1])
		if k <= wordEnd {
			continue
		}
		if z := wordAt(chars, k); z >= 0 {
			wordEnd = z
			if n := z - k + 1; n >= minCJKWord && n <= maxCJKWord {
				out = append(out, &analysis.Token{Term: span(k, z), Start: chars[k].start(), End: chars[z].end(), Position: pos + 1 + k, Type: analysis.Ideographic})
			}
		}
	}
	return out, buf
}

// cjkSpan returns the term of chars, a run of characters, and buf, to
// whose end it may have been appended: characters of one token are one
// slice of its term already.
func cjkSpan(buf []byte, chars []cjkChar) ([]byte, []byte) {
	a, z := chars[0], chars[len(chars)-1]
	if a.tok == z.tok {
		return a.tok.Term[a.at : z.at+utf8.RuneLen(z.r)], buf
	}
	n := len(buf)
	for _, c := range chars {
		buf = append(buf, c.term()...)
	}
	return buf[n:len(buf):len(buf)], buf
}

// wordAt returns the index of the last character of the katakana word
// that starts at chars[k], or -1 when none does: the longest run of
// katakana word characters from k. Kanji compounds are not words here: a
// run of kanji is as often a name and its suffix (青山真也氏) or several
// words as one, and indexing them whole ranked the posts that write a name
// with a space (青山 真也) below those that do not on the dev set.
func wordAt(chars []cjkChar, k int) int {
	if !textrule.IsKatakanaWordRune(chars[k].r) {
		return -1
	}
	z := k
	for z+1 < len(chars) && textrule.IsKatakanaWordRune(chars[z+1].r) {
		z++
	}
	return z
}

// techFilter marks technical tokens (with a digit or a joining character:
// k8s, v1.0, controller-runtime, @everpeace) as keywords, which the
// stemmer leaves alone: "k8s" is not the plural of "k8".
type techFilter struct{}

func (techFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, tok := range input {
		for _, c := range tok.Term {
			if (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '/' || c == '@' || c == '_' {
				tok.KeyWord = true
				break
			}
		}
	}
	return input
}

// wordTokenizer is bleve's Unicode word tokenizer plus technical tokens:
// words joined by - . _ / without spaces (controller-runtime, kube-proxy,
// foo/bar) are emitted whole as well as in parts, and a handle keeps its @
// (@everpeace, also emitted as everpeace), so that a query for the whole
// token matches it exactly while a query for a part still finds it.
type wordTokenizer struct {
	inner analysis.Tokenizer
}

func (t wordTokenizer) Tokenize(input []byte) analysis.TokenStream {
	input = blankInvalid(input)
	toks := t.inner.Tokenize(input)
	if len(toks) == 0 {
		return toks
	}
	out := make(analysis.TokenStream, 0, len(toks)+len(toks)/8)
	pos := 1
	emit := func(tok *analysis.Token) {
		tok.Position = pos
		pos++
		out = append(out, tok)
	}
	for i := 0; i < len(toks); i++ {
		tok := toks[i]
		if tok.Type == analysis.Ideographic {
			emit(tok)
			continue
		}
		j := i
		for j+1 < len(toks) && joined(input, toks[j], toks[j+1]) {
			j++
		}
		start := tok.Start
		if start > 0 && input[start-1] == '@' && (start < 2 || !isWordByte(input[start-2])) {
			start--
		}
		if j > i || start != tok.Start {
			emit(&analysis.Token{
				Term:  append([]byte(nil), input[start:toks[j].End]...),
				Start: start, End: toks[j].End, Type: analysis.AlphaNumeric,
			})
		}
		for k := i; k <= j; k++ {
			if parts := dottedParts(toks[k]); parts != nil {
				emit(toks[k])
				for _, p := range parts {
					emit(p)
				}
				continue
			}
			emit(toks[k])
		}
		i = j
	}
	return out
}

// blankInvalid returns input with every byte that is not part of valid
// UTF-8 replaced by a space, so that no token holds one: filters that
// decode a term would read it as U+FFFD, three bytes, and give the token
// offsets past the end of the text. The length, and so every offset, stays.
// Text from the indexer and queries are valid already; input is copied
// only when it is not.
func blankInvalid(input []byte) []byte {
	if utf8.Valid(input) {
		return input
	}
	out := make([]byte, 0, len(input))
	for len(input) > 0 {
		r, size := utf8.DecodeRune(input)
		if r == utf8.RuneError && size == 1 {
			out = append(out, ' ')
		} else {
			out = append(out, input[:size]...)
		}
		input = input[size:]
	}
	return out
}

// joined reports whether a and b are Latin or digit tokens separated by a
// single joining character.
func joined(input []byte, a, b *analysis.Token) bool {
	if b.Type == analysis.Ideographic || b.Start-a.End != 1 {
		return false
	}
	switch input[a.End] {
	case '-', '.', '_', '/':
		return true
	}
	return false
}

func isWordByte(c byte) bool {
	return c >= utf8.RuneSelf || c == '_' || unicode.IsLetter(rune(c)) || unicode.IsDigit(rune(c))
}

// innerJoiners are the characters that Unicode word breaking keeps inside
// a word between letters (of MidLetter, MidNumLet and ExtendNumLet); the
// apostrophe is not one: the English analyzer drops a possessive 's.
const innerJoiners = ".:_·：．＿"

// mayJoin reports whether term may hold one of innerJoiners: an ASCII
// one, or a byte that begins the encoding of the others (· is C2 B7, the
// full-width ones EF BC xx). Most terms have none, and are ruled out by
// their bytes alone.
func mayJoin(term []byte) bool {
	for _, c := range term {
		switch c {
		case '.', ':', '_', 0xC2, 0xEF:
			return bytes.ContainsAny(term, innerJoiners)
		}
	}
	return false
}

// dottedParts returns the parts of a token that Unicode word breaking kept
// whole across a dot, a colon or an underscore between letters, full
// width or not (Okayama.go, os.Environ, re:Invent,
// unsoluble_sugar, Spinnaker：Deploy), so that each part is a word as
// well; nil when it has none.
func dottedParts(tok *analysis.Token) []*analysis.Token {
	if tok.Type == analysis.Ideographic || !mayJoin(tok.Term) {
		return nil
	}
	var out []*analysis.Token
	term := tok.Term
	start := 0
	for i := 0; i <= len(term); {
		r, size := utf8.RuneError, 1
		if i < len(term) {
			r, size = utf8.DecodeRune(term[i:])
			if !strings.ContainsRune(innerJoiners, r) {
				i += size
				continue
			}
		}
		if i > start {
			out = append(out, &analysis.Token{
				Term:  append([]byte(nil), term[start:i]...),
				Start: tok.Start + start, End: tok.Start + i, Type: tok.Type,
			})
		}
		i += size
		start = i
	}
	if len(out) < 2 {
		return nil
	}
	for _, p := range out {
		// A version (v1.0, 1.13) is one word.
		if !strings.ContainsFunc(string(p.Term), unicode.IsLetter) {
			return nil
		}
	}
	return out
}
