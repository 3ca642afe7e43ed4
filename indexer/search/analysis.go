package search

import (
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"
	"golang.org/x/text/unicode/norm"
)

// Analyzer names. They are registered in every index mapping that recap
// builds, so the index and the queries always analyse text the same way.
const (
	// AnalyzerFolded serves the main fields of every language: Unicode words,
	// full/half-width unified, lowercase, accents removed (đ→d), CJK bigrams.
	// "ky su" and "kỹ sư" give the same tokens.
	AnalyzerFolded = "recap_folded"
	// AnalyzerExact is AnalyzerFolded without accent folding, so that an
	// exact Vietnamese match can rank above a folded one.
	AnalyzerExact = "recap_exact"
	// AnalyzerEnglish stems English words.
	AnalyzerEnglish = en.AnalyzerName
	// AnalyzerJapanese is bleve's CJK analyzer: width folding and bigrams.
	AnalyzerJapanese = cjk.AnalyzerName

	foldFilterName = "recap_fold"
)

func init() {
	if err := registry.RegisterTokenFilter(foldFilterName, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return foldFilter{}, nil
	}); err != nil {
		panic(err)
	}
}

// addAnalyzers registers recap's custom analyzers in m.
func addAnalyzers(m *mapping.IndexMappingImpl) error {
	for name, filters := range map[string][]string{
		AnalyzerFolded: {cjk.WidthName, lowercase.Name, foldFilterName, cjk.BigramName},
		AnalyzerExact:  {cjk.WidthName, lowercase.Name, cjk.BigramName},
	} {
		err := m.AddCustomAnalyzer(name, map[string]any{
			"type":          custom.Name,
			"tokenizer":     unicode.Name,
			"token_filters": filters,
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

// Fold returns s without Latin diacritics, with đ as d. Letters of other
// scripts are kept. The input should be NFC.
func Fold(s string) string { return string(foldTerm([]byte(s))) }

func foldTerm(term []byte) []byte {
	ascii := true
	for _, c := range term {
		if c >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return term
	}
	out := make([]byte, 0, len(term))
	var it norm.Iter
	it.Init(norm.NFD, term)
	for !it.Done() {
		seg := it.Next()
		for len(seg) > 0 {
			r, n := utf8.DecodeRune(seg)
			seg = seg[n:]
			switch {
			case r >= 0x300 && r <= 0x36F: // combining accents; kana voicing marks stay
			case r == 'đ', r == 'Đ':
				out = append(out, 'd')
			default:
				out = utf8.AppendRune(out, r)
			}
		}
	}
	return norm.NFC.Bytes(out)
}
