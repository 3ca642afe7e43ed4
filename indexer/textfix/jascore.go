package textfix

import (
	"math"
	"sort"
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
// Japanese bytes pays for it. The lattice reads the costs, not the
// contents (readings and base forms), which the shrunk dictionary leaves
// out, as the search's does: one process loads one copy.
var ipaDict = sync.OnceValue(func() *dict.Dict { return ipa.DictShrink() })

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
// out[pos] holds a placeholder: first by jaPrior, then cluster by cluster
// (slots a few characters apart are chosen together, every combination
// of their options tried) and twice over, by the cost of the text around
// them: kagome's segmentation, the pairs of adjacent characters, and
// brackets that close what the line opened.
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
	// rune is the character at out[i], a slot's current pick included.
	runeAt := func(i int) rune {
		if i < 0 || i >= len(out) {
			return 0
		}
		r := out[i]
		if r < 0 {
			si, ok := at[i]
			if !ok || len(slots[si].opts[slots[si].pick]) == 0 {
				return 0
			}
			r = slots[si].opts[slots[si].pick][0]
		}
		return r
	}
	// Clusters of slots at most jaCluster characters apart whose
	// combinations are few enough to try.
	var clusters [][]int
	for i := range slots {
		n := len(clusters)
		if n > 0 {
			c := clusters[n-1]
			last := slots[c[len(c)-1]]
			combos := 1
			for _, k := range c {
				combos *= len(slots[k].opts)
			}
			if slots[i].pos-last.pos <= jaCluster && combos*len(slots[i].opts) <= jaMaxCombos {
				clusters[n-1] = append(c, i)
				continue
			}
		}
		clusters = append(clusters, []int{i})
	}
	var buf []byte
	for range 2 {
		for _, c := range clusters {
			combos := 1
			for _, k := range c {
				combos *= len(slots[k].opts)
			}
			if combos < 2 {
				for _, k := range c {
					slots[k].conf = 1
				}
				continue
			}
			first, last := slots[c[0]].pos, slots[c[len(c)-1]].pos
			lo, hi := max(0, first-jaWindow), min(len(out), last+jaWindow+1)
			costs := make([]float64, combos)
			picks := make([]int, len(c))
			bestCombo, bestC := 0, math.Inf(1)
			for combo := range combos {
				x := combo
				for j, k := range c {
					picks[j] = x % len(slots[k].opts)
					x /= len(slots[k].opts)
					slots[k].pick = picks[j]
				}
				buf = buf[:0]
				for j := lo; j < hi; j++ {
					if out[j] >= 0 {
						buf = utf8.AppendRune(buf, out[j])
						continue
					}
					if si, ok := at[j]; ok {
						for _, r := range slots[si].opts[slots[si].pick] {
							buf = utf8.AppendRune(buf, r)
						}
					}
				}
				cost := jaCost(string(buf)) - jaBigramWeight*lm.chainScore(buf)/jaCostScale
				for _, k := range c {
					sl := &slots[k]
					o := sl.opts[sl.pick]
					for _, r := range o {
						cost -= jaPrior(r) * 100 // a small tie-break by kind
					}
					cost += bracketCost(out, sl.pos, o, runeAt)
				}
				costs[combo] = cost
				if cost < bestC {
					bestCombo, bestC = combo, cost
				}
			}
			var sum float64
			for _, cost := range costs {
				sum += math.Exp((bestC - cost) * jaCostScale)
			}
			// Each slot's pick is that of the best combination; its
			// confidence is the share of the combinations that agree.
			x := bestCombo
			for j, k := range c {
				picks[j] = x % len(slots[k].opts)
				x /= len(slots[k].opts)
			}
			for j, k := range c {
				sl := &slots[k]
				sl.pick = picks[j]
				marg := make([]float64, len(sl.opts))
				div := 1
				for _, kk := range c[:j] {
					div *= len(slots[kk].opts)
				}
				for combo, cost := range costs {
					marg[(combo/div)%len(sl.opts)] += math.Exp((bestC-cost)*jaCostScale) / sum
				}
				sl.conf = marg[sl.pick]
				sl.alts = sl.alts[:0]
				order := make([]int, len(marg))
				for i := range order {
					order[i] = i
				}
				sort.SliceStable(order, func(a, b int) bool { return marg[order[a]] > marg[order[b]] })
				for _, i := range order[:min(3, len(order))] {
					sl.alts = append(sl.alts, Candidate{Text: string(sl.opts[i]), P: marg[i]})
				}
			}
		}
	}
}

// jaCluster and jaMaxCombos bound the slots chosen together: a few
// characters apart, and few enough combinations to try each.
const (
	jaCluster   = 3
	jaMaxCombos = 400
)

// brackets maps each closing bracket of Japanese text to its opening one.
var brackets = map[rune]rune{'」': '「', '』': '『', '）': '（', '】': '【', '〕': '〔', '〉': '〈', '》': '《', '］': '［'}

// bracketCost favours a closing bracket where the line left its opening
// one open, and disfavours one where it did not.
func bracketCost(out []rune, pos int, opt []rune, runeAt func(int) rune) float64 {
	if len(opt) != 1 {
		return 0
	}
	open, ok := brackets[opt[0]]
	if !ok {
		// Another character where the line left a bracket open just
		// before: no change.
		return 0
	}
	depth := 0
	for i := pos - 1; i >= 0; i-- {
		r := runeAt(i)
		if r == '\n' {
			break
		}
		switch r {
		case open:
			depth++
		case opt[0]:
			depth--
		}
	}
	if depth > 0 {
		return -2000
	}
	return 2000
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
