package textfix

import (
	"math"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/ikawaha/kagome-dict/dict"
	"github.com/ikawaha/kagome-dict/ipa"
	"github.com/ikawaha/kagome/v2/tokenizer/lattice"
	"github.com/recaphq/recap/indexer/textrule"
	"golang.org/x/text/encoding/japanese"
)

// Japanese characters whose bytes were lost are chosen by what makes
// Japanese: kagome's IPA dictionary (github.com/ikawaha/kagome-dict/ipa,
// the dictionary the search index already uses) segments each candidate
// text into the words it knows, and the candidate whose best segmentation
// costs least wins. A character that completes a word costs less than one
// that stands alone as an unknown word.

// ipaDict loads the IPA dictionary on first use: only text with lost
// Japanese bytes pays for it.
var ipaDict = sync.OnceValue(func() *dict.Dict { return ipa.Dict() })

// jaCost is the cost of the best segmentation of s into the dictionary's
// words; lower is more Japanese.
func jaCost(s string) float64 {
	if s == "" {
		return 0
	}
	la := lattice.New(ipaDict(), nil)
	defer la.Free()
	la.Build(s)
	la.Forward(lattice.Normal)
	la.Backward(lattice.Normal)
	if len(la.Output) == 0 {
		return math.Inf(1)
	}
	return float64(la.Output[0].Cost)
}

// jaCostScale turns a difference of segmentation costs into a difference
// of log probability: kagome's costs are about 1,000 times a natural log.
const jaCostScale = 1.0 / 800

// jaBigramWeight weighs the character pairs of ordinary Japanese text
// (jaModel) against the dictionary's segmentation.
var jaBigramWeight = 2.0

// jaWindow is how many characters either side of a candidate take part in
// its score: enough for the words it completes.
const jaWindow = 8

// jaPrior ranks a candidate character before the dictionary is asked, so
// that holes not yet decided read as the most likely kind of character:
// kana, then Japanese punctuation, then the first level of JIS kanji
// (the common ones), then other kanji.
func jaPrior(r rune) float64 {
	switch {
	case r >= 0x3041 && r <= 0x3096 || r >= 0x30A1 && r <= 0x30FA || r == 'ー':
		return 0
	case r >= 0x3000 && r <= 0x303F || r >= 0xFF01 && r <= 0xFF5E || r == '・':
		return -1
	case unicode.Is(unicode.Han, r):
		if jisLevel1(r) {
			return -2
		}
		if _, ok := sjisTables().enc[r]; ok {
			return -5
		}
		return -9
	}
	return -12
}

// jisLevel1 reports whether kanji r is of JIS X 0208 level 1, the 2,965
// kanji of ordinary text (Shift_JIS 889F–9872).
func jisLevel1(r rune) bool {
	e, ok := sjisTables().enc[r]
	if !ok {
		return false
	}
	code := int(e[0])<<8 | int(e[1])
	return code >= 0x889F && code <= 0x9872
}

// isJapaneseCand reports whether a candidate character is one Japanese text
// would hold: kana, kanji that Shift_JIS encodes, Japanese punctuation.
func isJapaneseCand(r rune) bool {
	if textrule.IsKana(r) || r >= 0x3000 && r <= 0x303F || r >= 0xFF01 && r <= 0xFF5E {
		return true
	}
	if unicode.Is(unicode.Han, r) {
		_, ok := sjisTables().enc[r]
		return ok
	}
	return false
}

// A jaSlot is a place whose characters are to be chosen: at out[pos] (a
// placeholder), one of opts.
type jaSlot struct {
	pos  int
	opts [][]rune
	pick int
	conf float64
	alts []Candidate
}

// chooseJapanese picks an option for every slot of out, where each slot's
// out[pos] holds a placeholder: first by jaPrior, then, slot by slot and
// twice over, by the cost of the text around it.
func chooseJapanese(out []rune, slots []jaSlot) {
	if len(slots) == 0 {
		return
	}
	at := make(map[int]int, len(slots)) // pos → slot
	for i := range slots {
		s := &slots[i]
		at[s.pos] = i
		best := math.Inf(-1)
		for k, o := range s.opts {
			p := 0.0
			for _, r := range o {
				p += jaPrior(r)
			}
			if p > best {
				best, s.pick = p, k
			}
		}
	}
	lm := loadJaModel()
	// neighbour is the Japanese character at out[i], a slot's current
	// pick included, or 0.
	neighbour := func(i int) rune {
		if i < 0 || i >= len(out) {
			return 0
		}
		r := out[i]
		if r < 0 {
			si, ok := at[i]
			if !ok {
				return 0
			}
			o := slots[si].opts[slots[si].pick]
			if i < 0 || len(o) == 0 {
				return 0
			}
			r = o[0]
		}
		if !isJapaneseCand(r) {
			return 0
		}
		return r
	}
	var buf []byte
	for range 2 {
		for i := range slots {
			s := &slots[i]
			if len(s.opts) < 2 {
				s.conf = 1
				continue
			}
			lo, hi := max(0, s.pos-jaWindow), min(len(out), s.pos+jaWindow+1)
			costs := make([]float64, len(s.opts))
			bestK, bestC := 0, math.Inf(1)
			for k, o := range s.opts {
				buf = buf[:0]
				for j := lo; j < hi; j++ {
					switch {
					case j == s.pos:
						for _, r := range o {
							buf = utf8.AppendRune(buf, r)
						}
					case out[j] < 0:
						if si, ok := at[j]; ok {
							for _, r := range slots[si].opts[slots[si].pick] {
								buf = utf8.AppendRune(buf, r)
							}
						}
					default:
						buf = utf8.AppendRune(buf, out[j])
					}
				}
				c := jaCost(string(buf))
				for _, r := range o {
					c -= jaPrior(r) * 100 // a small tie-break by kind
				}
				c -= jaBigramWeight * lm.logScore(neighbour(s.pos-1), o, neighbour(s.pos+1)) / jaCostScale
				costs[k] = c
				if c < bestC {
					bestK, bestC = k, c
				}
			}
			s.pick = bestK
			var sum float64
			for _, c := range costs {
				sum += math.Exp((bestC - c) * jaCostScale)
			}
			s.conf = 1 / sum
			s.alts = s.alts[:0]
			for n := 0; n < 3 && n < len(costs); n++ {
				k := -1
				for j, c := range costs {
					if k < 0 || c < costs[k] {
						taken := false
						for _, a := range s.alts {
							taken = taken || a.Text == string(s.opts[j])
						}
						if !taken {
							k = j
						}
					}
				}
				if k < 0 {
					break
				}
				s.alts = append(s.alts, Candidate{Text: string(s.opts[k]), P: math.Exp((bestC-costs[k])*jaCostScale) / sum})
			}
		}
	}
}

// cp932Pair tells whether CP932 decodes lead byte a and trail byte b as
// one character; built on first use.
var cp932Pair = sync.OnceValue(func() *[32][256]bool {
	var t [32][256]bool
	dec := japanese.ShiftJIS.NewDecoder()
	for a := 0x80; a <= 0x9F; a++ {
		for b := 0x40; b <= 0xFC; b++ {
			d, err := dec.Bytes([]byte{byte(a), byte(b)})
			r, size := utf8.DecodeRune(d)
			t[a-0x80][b] = err == nil && r != utf8.RuneError && size == len(d)
		}
	}
	return &t
})
