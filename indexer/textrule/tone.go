package textrule

import (
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// The six Vietnamese tones; the level tone has no mark, the others are
// written with these combining marks on the nucleus of the syllable.
const (
	ToneNone  = 0
	ToneGrave = 0x0300 // huyền
	ToneAcute = 0x0301 // sắc
	ToneTilde = 0x0303 // ngã
	ToneHook  = 0x0309 // hỏi
	ToneDot   = 0x0323 // nặng
)

// toneOf maps a lower-case precomposed Vietnamese vowel with a tone mark
// to its toneless base (which keeps its breve, circumflex or horn) and
// its tone mark.
var toneOf = func() map[rune][2]rune {
	m := make(map[rune][2]rune)
	for _, base := range "aăâeêioôơuưy" {
		for _, t := range []rune{ToneGrave, ToneAcute, ToneTilde, ToneHook, ToneDot} {
			c, _ := utf8.DecodeRuneInString(norm.NFC.String(string([]rune{base, t})))
			m[c] = [2]rune{base, t}
		}
	}
	return m
}()

// SplitTone splits a lower-case precomposed Vietnamese vowel with a tone
// mark into its toneless base and the tone's combining mark ('ộ' → 'ô',
// ToneDot). It reports false for any other rune.
func SplitTone(r rune) (base, tone rune, ok bool) {
	bt, ok := toneOf[r]
	return bt[0], bt[1], ok
}

// NormalizeTone moves the tone mark of a lowercase Vietnamese syllable
// that ends in oa, oe or uy from the first vowel to the second ("hòa" →
// "hoà", "khỏe" → "khoẻ", "thủy" → "thuỷ"): both placements are in
// everyday use, so users type either, and the "new style" on the second
// vowel is what both become. Other terms are returned unchanged, without a
// copy. The syllable "qúy" is left alone: after q the u is part of the
// consonant and the standard spelling is "quý" in both styles.
func NormalizeTone(term []byte) []byte {
	n := len(term)
	if n < 3 {
		return term
	}
	last, lsize := utf8.DecodeLastRune(term)
	if last != 'a' && last != 'e' && last != 'y' {
		return term
	}
	prev, psize := utf8.DecodeLastRune(term[:n-lsize])
	if prev < utf8.RuneSelf {
		return term
	}
	base, tone, ok := SplitTone(prev)
	if !ok || base != 'o' && base != 'u' {
		return term
	}
	if (base == 'o' && last == 'y') || (base == 'u' && last != 'y') {
		return term
	}
	head := term[:n-lsize-psize]
	if base == 'u' && len(head) > 0 && head[len(head)-1] == 'q' {
		return term
	}
	out := make([]byte, 0, n+2)
	out = append(out, head...)
	out = utf8.AppendRune(out, base)
	out = append(out, norm.NFC.String(string([]rune{last, tone}))...)
	return out
}
