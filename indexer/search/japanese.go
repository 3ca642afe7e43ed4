package search

import (
	"fmt"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/ikawaha/kagome-dict/ipa"
	"github.com/ikawaha/kagome/v2/tokenizer"
	"golang.org/x/text/width"
)

// kagomeTokenizer adapts kagome's morphological analyser to bleve: one
// token per content morpheme, with byte offsets into the original text so
// that highlighting works. blevex's lang/ja does this for bleve v1 only.
type kagomeTokenizer struct{}

// ipaTokenizer loads kagome's IPA dictionary once per process, when the
// first Japanese title is analysed: loading takes about half a second of
// CPU, which a run over English posts or a search for Latin words should
// not pay. kagome's tokenizer is safe for concurrent use.
var ipaTokenizer = sync.OnceValues(func() (*tokenizer.Tokenizer, error) {
	t, err := tokenizer.New(ipa.Dict(), tokenizer.OmitBosEos())
	if err != nil {
		return nil, fmt.Errorf("kagome: %w", err)
	}
	return t, nil
})

// WarmUp loads what the first Japanese query or post would otherwise load
// while it waits: a long-running server calls it once at start, so that
// no search pays for the dictionary (or runs into its timeout).
func WarmUp() { _, _ = ipaTokenizer() }

func newKagomeTokenizer() (*kagomeTokenizer, error) {
	return &kagomeTokenizer{}, nil
}

// skipPOS lists the parts of speech that carry no meaning for search:
// particles, auxiliary verbs, symbols and fillers.
var skipPOS = map[string]bool{"助詞": true, "助動詞": true, "記号": true, "フィラー": true}

func (k *kagomeTokenizer) Tokenize(input []byte) analysis.TokenStream {
	// kagome's dictionary knows full-width katakana and half-width Latin
	// only, so the text is width-folded first; offsets maps each byte of
	// the folded text back to the original.
	t, err := ipaTokenizer()
	if err != nil {
		// The dictionary is compiled into the binary: only a broken build
		// gets here, and then the other Japanese fields still find the
		// text.
		return nil
	}
	text, offsets := foldWidth(input)
	toks := t.Analyze(text, tokenizer.Search)
	out := make(analysis.TokenStream, 0, len(toks))
	pos := 1
	for _, tok := range toks {
		s := tok.Surface
		if strings.TrimSpace(s) == "" {
			continue
		}
		if p := tok.POS(); len(p) > 0 && skipPOS[p[0]] && tok.Class != tokenizer.UNKNOWN {
			continue
		}
		start, end := tok.Position, tok.Position+len(s)
		if offsets != nil {
			start, end = offsets[start], offsets[end]
		}
		typ := analysis.Ideographic
		if r, _ := utf8.DecodeRuneInString(s); r < 0x3000 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			typ = analysis.AlphaNumeric
		} else if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			continue
		}
		out = append(out, &analysis.Token{
			Term:     []byte(s),
			Start:    start,
			End:      end,
			Position: pos,
			Type:     typ,
		})
		pos++
	}
	return out
}

// foldWidth maps full-width ASCII and half-width katakana to their usual
// forms. When nothing changes it returns offsets == nil; otherwise
// offsets[i] is the byte offset in input of byte i of the result, with one
// extra entry for the end.
func foldWidth(input []byte) (string, []int) {
	changed := false
	for i := 0; i < len(input); {
		r, n := utf8.DecodeRune(input[i:])
		if r >= 0xFF00 && r <= 0xFFEF {
			changed = true
			break
		}
		i += n
	}
	if !changed {
		return string(input), nil
	}
	var b strings.Builder
	offsets := make([]int, 0, len(input)+1)
	for i := 0; i < len(input); {
		r, n := utf8.DecodeRune(input[i:])
		s := string(r)
		if r >= 0xFF00 && r <= 0xFFEF {
			s = width.Fold.String(s)
		}
		for range len(s) {
			offsets = append(offsets, i)
		}
		b.WriteString(s)
		i += n
	}
	offsets = append(offsets, len(input))
	return b.String(), offsets
}
