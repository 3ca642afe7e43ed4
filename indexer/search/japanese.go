package search

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
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

// dictionary is kagome's IPA dictionary, loaded once per process when
// first needed: loading takes about a second of CPU and most of the
// memory that Japanese analysis holds, which a run over English posts or
// a search for Latin words should not pay. kagome's tokenizer is safe for
// concurrent use.
type dictionary struct {
	load func() (*tokenizer.Tokenizer, error)
	once sync.Once
	t    *tokenizer.Tokenizer
	err  error
	// loading is true while the load runs: a search then leaves out the
	// field analysed with the dictionary (see japaneseReady) rather than
	// wait for it.
	loading atomic.Bool
}

// tokenizer returns the dictionary's tokenizer, loading it first, or
// waiting for the load that another goroutine runs.
func (d *dictionary) tokenizer() (*tokenizer.Tokenizer, error) {
	d.once.Do(func() {
		d.loading.Store(true)
		defer d.loading.Store(false)
		d.t, d.err = d.load()
	})
	return d.t, d.err
}

// loadIPA loads the IPA dictionary without its contents (readings, base
// forms and the like, two thirds of its memory), which the analysis does
// not read: parts of speech have a table of their own, and unknown words
// keep theirs.
func loadIPA() (*tokenizer.Tokenizer, error) {
	t, err := tokenizer.New(ipa.DictShrink(), tokenizer.OmitBosEos())
	if err != nil {
		return nil, fmt.Errorf("kagome: %w", err)
	}
	return t, nil
}

// ipaDict is the process's dictionary; a test may replace it.
var ipaDict = &dictionary{load: loadIPA}

// japaneseReady reports whether a search may use the Japanese field
// without waiting: unless another goroutine is loading the dictionary
// right now. A search in a process that never loaded it loads it itself,
// as indexing does, so that what a query finds does not depend on the
// timing of a warm-up; a search that arrives during the warm-up finds
// Japanese through the bigrams of the main fields instead of queueing
// behind the load.
func japaneseReady() bool { return !ipaDict.loading.Load() }

// WarmUp loads what the first Japanese query or post would otherwise load
// while it waits. A long-running server runs it once at start, in a
// goroutine it waits for, so that no search pays for the dictionary; it
// returns at once when ctx is already done. The load itself cannot be
// interrupted.
func WarmUp(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	_, err := ipaDict.tokenizer()
	return err
}

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
	t, err := ipaDict.tokenizer()
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
