package textfix

import (
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/recaphq/recap/indexer/textrule"
	"golang.org/x/text/encoding/japanese"
)

// UTF-8 Japanese read as Shift_JIS/CP932 turns each lead byte E3–E9 and
// its first continuation byte into a rare kanji (縺 繧 繝 荳 螟 …), since
// CP932 puts its second-level kanji at lead bytes E0–EF, and continuation
// bytes 0xA1–0xDF into half-width katakana.

// sjis holds the CP932 tables this file needs, built on first use.
type sjis struct {
	enc     map[rune][2]byte // character → its one or two bytes
	suspect map[rune]bool    // kanji at a lead byte E3–E9, EF with a trail 0x80–0xBF
}

var sjisTables = sync.OnceValue(func() *sjis {
	t := &sjis{enc: make(map[rune][2]byte, 12000), suspect: make(map[rune]bool, 512)}
	dec := japanese.ShiftJIS.NewDecoder()
	for c := 0xA1; c <= 0xDF; c++ {
		d, err := dec.Bytes([]byte{byte(c)})
		if r, _ := utf8.DecodeRune(d); err == nil && r != utf8.RuneError {
			t.enc[r] = [2]byte{byte(c), 0}
		}
	}
	for lead := 0x81; lead <= 0xFC; lead++ {
		if lead > 0x9F && lead < 0xE0 {
			continue
		}
		for trail := 0x40; trail <= 0xFC; trail++ {
			if trail == 0x7F {
				continue
			}
			d, err := dec.Bytes([]byte{byte(lead), byte(trail)})
			r, size := utf8.DecodeRune(d)
			if err != nil || r == utf8.RuneError || size != len(d) {
				continue
			}
			if _, dup := t.enc[r]; !dup {
				t.enc[r] = [2]byte{byte(lead), byte(trail)}
			}
			if (lead >= 0xE3 && lead <= 0xE9 || lead == 0xEF) && trail >= 0x80 && trail <= 0xBF {
				t.suspect[r] = true
			}
		}
	}
	return t
})

// jpSuspect reports whether r is a kanji that UTF-8 Japanese read as CP932
// is made of. Only CJK ideographs are looked up, so Latin and Vietnamese
// text never builds the tables.
func jpSuspect(r rune) bool {
	if r < 0x4E00 || r > 0x9FFF {
		return false
	}
	return sjisTables().suspect[r]
}

// fixJapanese rebuilds UTF-8 Japanese that was read as CP932. Call it
// only on text that scan found kanji of such mojibake in. It works on
// runs of characters that CP932 encodes with high bytes, and within a run
// replaces the longest stretches whose bytes are valid UTF-8 and make
// Japanese text.
func fixJapanese(s string, rep *Report) string {
	t := sjisTables()
	rs := []rune(s)
	out := make([]rune, 0, len(rs))
	n := 0
	for i := 0; i < len(rs); {
		j := i
		for j < len(rs) {
			if b, ok := t.enc[rs[j]]; !ok || b[0] < 0x80 {
				break
			}
			j++
		}
		if j == i {
			out = append(out, rs[i])
			i++
			continue
		}
		// A byte that CP932 could not pair became U+FFFD: most often
		// the last byte of a line's last character.
		var extra byte
		if j < len(rs) && rs[j] == utf8.RuneError {
			var next rune = '\n'
			if j+1 < len(rs) {
				next = rs[j+1]
			}
			extra = completeTail(rs[i:j], t, next)
		}
		fixed, k, used := rebuildJapanese(rs[i:j], t, extra)
		out = append(out, fixed...)
		n += k
		i = j
		if used {
			i++ // the U+FFFD is restored
			rep.add(KindLostByte, 1)
		}
	}
	if n == 0 {
		return s
	}
	rep.add(KindMojibake, n)
	if rep.Mojibake == "" {
		rep.Mojibake = "shift_jis"
	}
	return string(out)
}

// rebuildJapanese replaces the stretches of run whose CP932 bytes decode
// as UTF-8 Japanese, and returns how many characters it rebuilt.
func rebuildJapanese(run []rune, t *sjis, extra byte) ([]rune, int, bool) {
	var b []byte
	off := make([]int, len(run)+1) // byte offset of each character
	for i, r := range run {
		off[i] = len(b)
		e := t.enc[r]
		b = append(b, e[0])
		if e[1] != 0 {
			b = append(b, e[1])
		}
	}
	if extra != 0 {
		b = append(b, extra)
	}
	off[len(run)] = len(b)
	var out []rune
	used := false
	n := 0
	for i := 0; i < len(run); {
		// The longest stretch from run[i] that ends on a character
		// boundary and decodes to Japanese.
		best, bestRunes := -1, []rune(nil)
		var dec []rune
		p, ci := off[i], i
		for p < len(b) {
			r, size := utf8.DecodeRune(b[p:])
			// An ASCII byte belongs to the stretch only as the trail
			// byte of a CP932 pair that it shares with the Japanese.
			midChar := off[ci] != p
			if r == utf8.RuneError || size == 1 && !midChar || size > 1 && !japaneseChar(r) {
				break
			}
			dec = append(dec, r)
			p += size
			for ci < len(run) && off[ci] < p {
				ci++
			}
			if off[ci] == p && len(dec) > 0 {
				best, bestRunes = ci, append([]rune(nil), dec...)
			}
		}
		if best > i && looksJapanese(bestRunes) {
			out = append(out, bestRunes...)
			n += len(bestRunes)
			i = best
			used = used || best == len(run) && extra != 0
			continue
		}
		out = append(out, run[i])
		i++
	}
	if used {
		n-- // the restored character is counted as a lost byte
	}
	return out, n, used
}

// completeTail returns the byte that completes the UTF-8 sequence the run
// ends in, when one character fits: the only Japanese candidate, or the
// full stop before a line end. It returns 0 otherwise.
func completeTail(run []rune, t *sjis, next rune) byte {
	var b []byte
	for _, r := range run {
		e := t.enc[r]
		b = append(b, e[0])
		if e[1] != 0 {
			b = append(b, e[1])
		}
	}
	for back := 1; back <= 3 && back <= len(b); back++ {
		need := seqLen(b[len(b)-back])
		if need == 0 {
			continue
		}
		if need != back+1 {
			return 0
		}
		var fit []byte
		for x := 0x80; x <= 0xBF; x++ {
			seq := append(append([]byte(nil), b[len(b)-back:]...), byte(x))
			r, size := utf8.DecodeRune(seq)
			if r == utf8.RuneError || size != len(seq) || !japaneseChar(r) {
				continue
			}
			if r == '。' && (next == '\n' || next == ' ') {
				return byte(x)
			}
			fit = append(fit, byte(x))
		}
		if len(fit) == 1 {
			return fit[0]
		}
		return 0
	}
	return 0
}

// looksJapanese reports whether rebuilt characters are Japanese text
// rather than the accident of a few kanji whose CP932 bytes happen to be
// valid UTF-8 (閾値 → 臒l): it wants kana or Japanese punctuation, which
// every Japanese sentence of some length has.
func looksJapanese(rs []rune) bool {
	if len(rs) < 2 {
		return false
	}
	for _, r := range rs {
		if textrule.IsKana(r) || r >= 0x3000 && r <= 0x303F {
			return true
		}
	}
	return false
}

// japaneseChar reports whether r belongs in Japanese text.
func japaneseChar(r rune) bool {
	return textrule.IsKana(r) || unicode.Is(unicode.Han, r) ||
		r >= 0x3000 && r <= 0x303F || r >= 0xFF01 && r <= 0xFF60
}
