package textrule

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// A Vietnamese syllable is written onset + rhyme, where the rhyme is an
// optional medial (o/u), a nucleus and an optional coda, and one of six
// tones is marked on the nucleus. The tables below follow the standard
// description of the orthography (Đoàn Thiện Thuật, Ngữ âm tiếng Việt;
// the Wikipedia article "Vietnamese alphabet"): the set is finite, so the
// rhymes are listed rather than generated.

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

// Rhymes as they are written after "gi", which swallows an initial i
// (gì, giếng, gìn), and after "qu", which holds the medial u (quyên, quốc).
var (
	viRhymesGi = func() map[string]bool {
		m := map[string]bool{"": true}
		for r := range viRhymes {
			m[r] = true
			if strings.HasPrefix(r, "i") {
				m[r[1:]] = true
			}
		}
		return m
	}()
	viRhymesQu = func() map[string]bool {
		m := map[string]bool{}
		for r := range viRhymes {
			if first, _ := utf8.DecodeRuneInString(r); strings.ContainsRune("aăâeêyơôi", first) {
				m[r] = true
			}
			if u, ok := strings.CutPrefix(r, "u"); ok && u != "" {
				if first, _ := utf8.DecodeRuneInString(u); strings.ContainsRune("aăâeêyơôi", first) {
					m[u] = true
				}
			}
		}
		return m
	}()
)

// maxSyllable bounds the toneless spelling of a syllable in bytes
// ("nghiêng" is 8).
const maxSyllable = 24

// splitTone lowers w and writes its toneless spelling into buf, returning
// it and the tone. It reports false when w holds a letter that Vietnamese
// does not write, more than one tone mark, or is too long.
func splitTone(w string, buf *[maxSyllable]byte) ([]byte, rune, bool) {
	b := buf[:0]
	tone := rune(ToneNone)
	for _, r := range w {
		if r < utf8.RuneSelf {
			if r >= 'A' && r <= 'Z' {
				r += 'a' - 'A'
			}
			if r < 'a' || r > 'z' || r == 'f' || r == 'j' || r == 'w' || r == 'z' {
				return nil, 0, false
			}
		} else {
			r = unicode.ToLower(r)
			switch r {
			case 'đ', 'ă', 'â', 'ê', 'ô', 'ơ', 'ư':
			default:
				bt, ok := toneOf[r]
				if !ok || tone != ToneNone {
					return nil, 0, false
				}
				tone, r = bt[1], bt[0]
			}
		}
		if len(b)+utf8.RuneLen(r) > maxSyllable {
			return nil, 0, false
		}
		b = utf8.AppendRune(b, r)
	}
	return b, tone, true
}

// IsSyllable reports whether w is a well-formed Vietnamese syllable in NFC,
// in lower case, Title case or upper case, with its tone mark where the
// orthography allows one: the rule by which the repair of mojibake tells a
// Vietnamese word from the misread bytes of one.
func IsSyllable(w string) bool {
	if w == "" || len(w) > 4*maxSyllable || !WellCased(w) {
		return false
	}
	var buf [maxSyllable]byte
	base, tone, ok := splitTone(w, &buf)
	if !ok || len(base) == 0 {
		return false
	}
	for _, on := range viOnsets {
		if len(on) > len(base) || string(base[:len(on)]) != on {
			continue
		}
		if rhymeOK(on, base[len(on):], tone) {
			return true
		}
	}
	return false
}

func rhymeOK(onset string, rest []byte, tone rune) bool {
	first, _ := utf8.DecodeRune(rest)
	switch onset {
	case "gi":
		if !viRhymesGi[string(rest)] {
			return false
		}
	case "qu":
		if !viRhymesQu[string(rest)] {
			return false
		}
	case "k", "gh", "ngh":
		if !(first == 'i' || first == 'e' || first == 'ê' || first == 'y') || !viRhymes[string(rest)] {
			return false
		}
	case "c", "g", "ng":
		if first == 'i' || first == 'e' || first == 'ê' || !viRhymes[string(rest)] {
			return false
		}
	default:
		if !viRhymes[string(rest)] {
			return false
		}
	}
	// A rhyme closed by a stop takes only the rising or the heavy tone.
	if n := len(rest); n > 0 {
		if last := rest[n-1]; last == 'p' || last == 't' || last == 'c' || last == 'h' && n >= 2 && rest[n-2] == 'c' {
			return tone == ToneAcute || tone == ToneDot
		}
	}
	return true
}

// WellCased reports whether w is all lower case, all upper case or Title
// case, as a word of a European or Vietnamese text is: a word cased
// otherwise ("NgƯời") is more likely misread bytes than a word.
func WellCased(w string) bool {
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

// LooksLikeSyllable reports whether w could be a Vietnamese syllable typed
// with or without its accents: with its diacritics folded and in lower
// case, an onset of IsSyllable's table, one to three vowels and a
// consonant coda of its rhymes. It is looser than IsSyllable (it takes
// "tat" for tát, and the glides as vowels), because a query is often
// typed without accents and the search only asks whether a pair of words
// may be one Vietnamese word. Short English words can pass too ("go",
// "day").
func LooksLikeSyllable(w string) bool {
	if w == "" || len(w) > 4*len("nghiêng") {
		return false
	}
	f := Fold(strings.ToLower(w))
	for _, on := range shape.onsets {
		if strings.HasPrefix(f, on) && shapeRhyme(f[len(on):]) {
			return true
		}
	}
	return false
}

// shapeVowels are the Vietnamese vowels with their diacritics folded.
const shapeVowels = "aeiouy"

// shape is the accent-free outline of the syllable tables that
// LooksLikeSyllable checks: the folded onsets, the consonant codas that
// close a rhyme, and the longest run of vowels in one.
var shape = func() (s struct {
	onsets  []string
	codas   map[string]bool
	nucleus int
}) {
	seen := map[string]bool{}
	for _, on := range viOnsets {
		if f := Fold(on); !seen[f] {
			seen[f] = true
			s.onsets = append(s.onsets, f)
		}
	}
	s.codas = map[string]bool{"": true}
	for r := range viRhymes {
		f := Fold(r)
		i := 0
		for i < len(f) && strings.IndexByte(shapeVowels, f[i]) >= 0 {
			i++
		}
		s.codas[f[i:]] = true
		s.nucleus = max(s.nucleus, i)
	}
	return s
}()

func shapeRhyme(s string) bool {
	i := 0
	for i < len(s) && strings.IndexByte(shapeVowels, s[i]) >= 0 {
		i++
	}
	return i >= 1 && i <= shape.nucleus && shape.codas[s[i:]]
}
