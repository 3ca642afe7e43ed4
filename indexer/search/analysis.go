package search

import (
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
	"github.com/recaphq/recap/indexer/textrule"
)

// Analyzer names. They are registered in every index mapping that recap
// builds, so the index and the queries always analyse text the same way.
const (
	// AnalyzerFolded serves the main fields of every language: Unicode words
	// (technical tokens such as controller-runtime also kept whole),
	// full/half-width unified, lowercase, accents removed (đ→d), CJK
	// bigrams. "ky su" and "kỹ sư" give the same tokens.
	AnalyzerFolded = "recap_folded"
	// AnalyzerExact is AnalyzerFolded without accent folding, so that an
	// exact Vietnamese match can rank above a folded one. Both tone-mark
	// placements ("hoà", "hòa") give the same token.
	AnalyzerExact = "recap_exact"
	// AnalyzerEnglish stems English words and drops possessives and stop
	// words, keeping technical tokens whole.
	AnalyzerEnglish = "recap_en"
	// AnalyzerJapanese splits Japanese into morphemes with kagome (IPA
	// dictionary), dropping particles and punctuation, after width folding.
	AnalyzerJapanese = "recap_ja"

	foldFilterName    = "recap_fold"
	viToneFilterName  = "recap_vi_tone"
	techFilterName    = "recap_tech"
	wordsTokenizer    = "recap_words"
	japaneseTokenizer = "recap_kagome"
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
	must(registry.RegisterTokenFilter(viToneFilterName, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return toneFilter{}, nil
	}))
	must(registry.RegisterTokenFilter(techFilterName, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return techFilter{}, nil
	}))
	must(registry.RegisterTokenizer(wordsTokenizer, func(map[string]any, *registry.Cache) (analysis.Tokenizer, error) {
		return wordTokenizer{inner: bunicode.NewUnicodeTokenizer()}, nil
	}))
	must(registry.RegisterTokenizer(japaneseTokenizer, func(map[string]any, *registry.Cache) (analysis.Tokenizer, error) {
		return newKagomeTokenizer()
	}))
}

// addAnalyzers registers recap's custom analyzers in m.
func addAnalyzers(m *mapping.IndexMappingImpl) error {
	analyzers := []struct {
		name, tokenizer string
		filters         []string
	}{
		{AnalyzerFolded, wordsTokenizer, []string{cjk.WidthName, lowercase.Name, foldFilterName, cjk.BigramName}},
		{AnalyzerExact, wordsTokenizer, []string{cjk.WidthName, lowercase.Name, viToneFilterName, cjk.BigramName}},
		{AnalyzerEnglish, wordsTokenizer, []string{cjk.WidthName, en.PossessiveName, lowercase.Name, en.StopName, techFilterName, porter.Name, cjk.BigramName}},
		{AnalyzerJapanese, japaneseTokenizer, []string{cjk.WidthName, lowercase.Name}},
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

// foldFilter removes diacritics from Latin letters and turns đ into d. It is
// a token filter rather than bleve's asciifolding char filter because a
// char filter that shortens the text would shift the offsets that
// highlighting relies on.
type foldFilter struct{}

func (foldFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, tok := range input {
		tok.Term = foldTerm(tok.Term)
	}
	return input
}

// foldTerm folds a token's term as textrule.FoldBytes does, leaving it
// uncopied when folding keeps it.
func foldTerm(term []byte) []byte { return textrule.FoldBytes(term) }

// toneFilter brings Vietnamese syllables that end in the glides oa, oe and
// uy to one tone-mark placement: the "new style" mark on the second vowel
// (hoà, khoẻ, thuỷ), which is also what "hòa", "khỏe" and "thủy" become.
// Both styles are in everyday use, so users type either.
type toneFilter struct{}

func (toneFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, tok := range input {
		tok.Term = textrule.NormalizeTone(tok.Term)
	}
	return input
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

// dottedParts returns the parts of a token that Unicode word breaking kept
// whole across a dot, a colon or an underscore between letters, full
// width or not (Okayama.go, os.Environ, re:Invent,
// unsoluble_sugar, Spinnaker：Deploy), so that each part is a word as
// well; nil when it has none.
func dottedParts(tok *analysis.Token) []*analysis.Token {
	if tok.Type == analysis.Ideographic || !strings.ContainsAny(string(tok.Term), innerJoiners) {
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
