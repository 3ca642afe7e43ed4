package textfix

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// A Vietnamese syllable is written onset + rhyme, where the rhyme is an
// optional medial (o/u), a nucleus and an optional coda, and one of six
// tones is marked on the nucleus. The tables below follow the standard
// description of the orthography (Đoàn Thiện Thuật, Ngữ âm tiếng Việt;
// the Wikipedia article "Vietnamese alphabet"): the set is finite, so the
// rhymes are listed rather than generated.

// Tone marks as combining characters.
const (
	toneNone  = 0
	toneGrave = 0x0300 // huyền
	toneAcute = 0x0301 // sắc
	toneTilde = 0x0303 // ngã
	toneHook  = 0x0309 // hỏi
	toneDot   = 0x0323 // nặng
)

// viOnsets lists the initial consonants, longest first so that "ngh" is
// tried before "ng" and "n".
var viOnsets = []string{
	"ngh",
	"ch", "gh", "gi", "kh", "ng", "nh", "ph", "qu", "th", "tr",
	"b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x",
	"",
}

// viRhymes lists the toneless rhymes, medial included.
var viRhymes = makeSet(`
a ac ach ai am an ang anh ao ap at au ay
ăc ăm ăn ăng ăp ăt
âc âm ân âng âp ât âu ây
e ec em en eng eo ep et
ê êch êm ên ênh êp êt êu
i ia ich im in inh ip it iu
iêc iêm iên iêng iêp iêt iêu
y yêm yên yêng yêt yêu
o oc oi om on ong op ot oong ooc
ô ôc ôi ôm ôn ông ôp ôt
ơ ơi ơm ơn ơp ơt
u uc ui um un ung up ut
ua uôc uôi uôm uôn uông uôt
ư ưc ưi ưm ưn ưng ưt ưu
ưa ươc ươi ươm ươn ương ươp ươt ươu
oa oac oach oai oam oan oang oanh oao oap oat oay
oăc oăm oăn oăng oăt
oe oen oeo oet
uâc uân uâng uât uây
uê uêch uênh uêu
uy uya uych uyn uynh uyp uyt uyu uyên uyêt
uơ
`)

func makeSet(list string) map[string]bool {
	m := make(map[string]bool)
	for _, f := range strings.Fields(list) {
		m[f] = true
	}
	return m
}

// toneOf maps a lower-case precomposed Vietnamese vowel to its toneless
// base and its tone mark.
var toneOf = func() map[rune][2]rune {
	m := make(map[rune][2]rune)
	for _, base := range "aăâeêioôơuưy" {
		for _, t := range []rune{toneGrave, toneAcute, toneTilde, toneHook, toneDot} {
			c, _ := utf8.DecodeRuneInString(norm.NFC.String(string([]rune{base, t})))
			m[c] = [2]rune{base, t}
		}
	}
	return m
}()

// splitTone lowers w and returns its toneless spelling and its tone. It
// reports false when w holds a letter that Vietnamese does not write or
// more than one tone mark.
func splitTone(w string) (string, rune, bool) {
	var b strings.Builder
	b.Grow(len(w))
	tone := rune(toneNone)
	for _, r := range w {
		r = unicode.ToLower(r)
		switch {
		case r >= 'a' && r <= 'z' && r != 'f' && r != 'j' && r != 'w' && r != 'z':
			b.WriteRune(r)
		case r == 'đ' || r == 'ă' || r == 'â' || r == 'ê' || r == 'ô' || r == 'ơ' || r == 'ư':
			b.WriteRune(r)
		default:
			bt, ok := toneOf[r]
			if !ok || tone != toneNone {
				return "", 0, false
			}
			tone = bt[1]
			b.WriteRune(bt[0])
		}
	}
	return b.String(), tone, true
}

// isSyllable reports whether w is a well-formed Vietnamese syllable in NFC,
// in lower case, Title case or upper case.
func isSyllable(w string) bool {
	if w == "" || !caseOK(w) {
		return false
	}
	base, tone, ok := splitTone(w)
	if !ok || base == "" {
		return false
	}
	for _, on := range viOnsets {
		if !strings.HasPrefix(base, on) {
			continue
		}
		if rhymeOK(on, base[len(on):], tone) {
			return true
		}
	}
	return false
}

func rhymeOK(onset, rest string, tone rune) bool {
	first, _ := utf8.DecodeRuneInString(rest)
	switch onset {
	case "gi":
		// "gi" swallows the i of a rhyme: gì, giếng, gìn.
		if rest == "" {
			return true
		}
		if !viRhymes[rest] && !viRhymes["i"+rest] {
			return false
		}
	case "qu":
		if rest == "" || !strings.ContainsRune("aăâeêyơôi", first) {
			return false
		}
		if !viRhymes[rest] && !viRhymes["u"+rest] {
			return false
		}
	case "k", "gh", "ngh":
		if !strings.ContainsRune("ieêy", first) || !viRhymes[rest] {
			return false
		}
	case "c", "g", "ng":
		if strings.ContainsRune("ieê", first) || !viRhymes[rest] {
			return false
		}
	default:
		if !viRhymes[rest] {
			return false
		}
	}
	// A rhyme closed by a stop takes only the rising or the heavy tone.
	if strings.HasSuffix(rest, "p") || strings.HasSuffix(rest, "t") ||
		strings.HasSuffix(rest, "c") || strings.HasSuffix(rest, "ch") {
		return tone == toneAcute || tone == toneDot
	}
	return true
}

// caseOK reports whether w is all lower case, all upper case or Title case.
func caseOK(w string) bool {
	upper, lower, firstUpper := 0, 0, false
	i := 0
	for _, r := range w {
		if unicode.IsUpper(r) {
			upper++
			if i == 0 {
				firstUpper = true
			}
		} else if unicode.IsLower(r) {
			lower++
		}
		i++
	}
	return upper == 0 || lower == 0 || (upper == 1 && firstUpper)
}

// viLetter reports whether r is a letter of the Vietnamese alphabet that is
// not ASCII: a vowel with a diacritic or đ.
func viLetter(r rune) bool {
	l := unicode.ToLower(r)
	if _, ok := toneOf[l]; ok {
		return true
	}
	return strings.ContainsRune("đăâêôơư", l)
}
