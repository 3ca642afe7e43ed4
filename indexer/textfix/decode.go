package textfix

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/recaphq/recap/indexer/textrule"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	xunicode "golang.org/x/text/encoding/unicode"
	"golang.org/x/text/encoding/unicode/utf32"
	"golang.org/x/text/unicode/norm"
)

// decode turns b into a Go string: a byte-order mark decides when there is
// one; then UTF-16 is recognised by its pattern (decodeUTF16); valid UTF-8
// stays UTF-8 (unless it is ISO-2022-JP, which is 7-bit), and so does
// mostly valid UTF-8 (mostlyUTF8), its bad bytes marked; bytes that are
// binary (isBinary) set rep.Binary and decode to nothing; anything else is
// decoded with each legacy encoding in turn and the most plausible result
// kept. Clean text never gets here (Repair proves it clean first), and
// UTF-16 is tried only on bytes that are not valid UTF-8 or hold a NUL.
func decode(b []byte, rep *Report) string {
	var s string
	switch {
	case bytes.HasPrefix(b, []byte{0x00, 0x00, 0xFE, 0xFF}):
		s = decodeWith(utf32.UTF32(utf32.BigEndian, utf32.ExpectBOM), b, "utf-32be", rep)
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE, 0x00, 0x00}):
		s = decodeWith(utf32.UTF32(utf32.LittleEndian, utf32.ExpectBOM), b, "utf-32le", rep)
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		s = decodeWith(xunicode.UTF16(xunicode.BigEndian, xunicode.ExpectBOM), b, "utf-16be", rep)
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		s = decodeWith(xunicode.UTF16(xunicode.LittleEndian, xunicode.ExpectBOM), b, "utf-16le", rep)
	case hasBOM8(b):
		s = decodeUTF8(b[len(bom8):], rep)
	default:
		s = decodeBare(b, rep)
	}
	// A second mark after the first is no text either.
	return strings.TrimLeft(s, "\uFEFF")
}

// decodeBare decodes b, which has no byte-order mark.
func decodeBare(b []byte, rep *Report) string {
	valid := utf8.Valid(b)
	if hasNUL(b) || !valid {
		if s, ok := decodeUTF16(b, rep); ok {
			return s
		}
	}
	if isBinary(b) {
		rep.Binary = true
		return ""
	}
	switch {
	case valid:
		rep.Encoding = "utf-8"
		s := string(b)
		if bytes.IndexByte(b, 0x1B) >= 0 && isASCII(b) {
			if t, ok := tryDecode(japanese.ISO2022JP, b); ok && t != s {
				rep.Encoding = "iso-2022-jp"
				rep.add(KindDecode, utf8.RuneCountInString(t)-countASCIIRunes(t))
				s = t
			}
		}
		return s
	case mostlyUTF8(b):
		return decodeUTF8(b, rep)
	default:
		return decodeLegacy(b, rep)
	}
}

// decodeWith decodes b with a Unicode encoding; bytes it cannot decode
// become U+FFFD and are counted.
func decodeWith(e encoding.Encoding, b []byte, name string, rep *Report) string {
	rep.Encoding = name
	d, err := e.NewDecoder().Bytes(b)
	if err != nil {
		return decodeUTF8(b, rep) // unreachable with these decoders; be safe
	}
	s := string(d)
	rep.add(KindDecode, utf8.RuneCountInString(s)-countASCIIRunes(s))
	return s
}

// decodeUTF8 decodes mostly valid UTF-8, replacing each invalid byte with
// U+FFFD.
func decodeUTF8(b []byte, rep *Report) string {
	rep.Encoding = "utf-8"
	if utf8.Valid(b) {
		return string(b)
	}
	var sb strings.Builder
	sb.Grow(len(b) + 16)
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			rep.add(KindInvalid, 1)
		}
		sb.WriteRune(r)
		i += size
	}
	return sb.String()
}

func countASCIIRunes(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < utf8.RuneSelf {
			n++
		}
	}
	return n
}

// tryDecode decodes b and reports whether every byte decoded.
func tryDecode(e encoding.Encoding, b []byte) (string, bool) {
	d, err := e.NewDecoder().Bytes(b)
	if err != nil {
		return "", false
	}
	return string(d), !bytes.ContainsRune(d, utf8.RuneError)
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// A legacy candidate is one decoding of bytes that are not UTF-8.
type legacy struct {
	name  string
	enc   encoding.Encoding
	text  string
	score float64
}

// decodeLegacy decodes bytes that are not UTF-8, not even mostly. It scores each
// candidate decoding by what real text is made of and keeps the best;
// never by file name.
func decodeLegacy(b []byte, rep *Report) string {
	cands := []legacy{
		{name: "shift_jis", enc: japanese.ShiftJIS},
		{name: "euc-jp", enc: japanese.EUCJP},
		{name: "windows-1258", enc: charmap.Windows1258},
		{name: "windows-1252", enc: charmap.Windows1252},
	}
	if bytes.IndexByte(b, 0x1B) >= 0 {
		cands = append(cands, legacy{name: "iso-2022-jp", enc: japanese.ISO2022JP})
	}
	best := -1
	for i := range cands {
		c := &cands[i]
		d, err := c.enc.NewDecoder().Bytes(b)
		if err != nil {
			c.score = -1e9
			continue
		}
		c.text = string(d)
		c.score = scoreDecoding(c.name, c.text)
		if best < 0 || c.score > cands[best].score {
			best = i
		}
	}
	c := cands[best]
	if c.name == "windows-1252" && !hasC1(b) {
		c.name = "iso-8859-1" // the same decoding: no byte 0x80–0x9F
	}
	rep.Encoding = c.name
	invalid := strings.Count(c.text, "\uFFFD")
	rep.add(KindInvalid, invalid)
	rep.add(KindDecode, utf8.RuneCountInString(c.text)-countASCIIRunes(c.text)-invalid)
	return c.text
}

func hasC1(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 && c <= 0x9F {
			return true
		}
	}
	return false
}

// scoreDecoding rates how much a decoding looks like text: Japanese by its
// kana and kanji, Latin-script text by words that are whole Vietnamese
// syllables or plain Latin words, against replacement characters, stray
// combining marks, controls and symbols wedged between letters.
func scoreDecoding(name, s string) float64 {
	var score float64
	japaneseEnc := name == "shift_jis" || name == "euc-jp" || name == "iso-2022-jp"
	var prev rune
	for _, r := range s {
		switch {
		case r == utf8.RuneError:
			score -= 10
		case r < utf8.RuneSelf:
		case r >= 0x80 && r < 0xA0:
			score -= 5
		case textrule.IsKana(r) && r < 0xFF00:
			score += 2
		case unicode.Is(unicode.Han, r):
			score += 1
		case r >= 0xFF61 && r <= 0xFF9F: // half-width katakana
			score -= 1
		case japaneseEnc && (r >= 0x3000 && r <= 0x303F || r >= 0xFF01 && r <= 0xFF5E):
			score += 1
		case unicode.Is(unicode.Mn, r):
			if !unicode.IsLetter(prev) {
				score -= 3
			}
		case unicode.IsLetter(r):
			if !unicode.IsLetter(prev) && prev >= utf8.RuneSelf {
				score -= 1
			}
		default: // a symbol or punctuation mark beyond ASCII
			if unicode.IsLetter(prev) {
				score -= 1
			}
		}
		prev = r
	}
	if !japaneseEnc {
		score += latinWordScore(s)
	}
	return score
}

// latinWordScore rewards words with letters beyond ASCII that are valid
// Vietnamese syllables, or that keep one script and one letter case as
// European words do, and penalises the rest.
func latinWordScore(s string) float64 {
	s = norm.NFC.String(s)
	var score float64
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.Is(unicode.Mn, r) }) {
		ascii := true
		for i := 0; i < len(w); i++ {
			if w[i] >= utf8.RuneSelf {
				ascii = false
				break
			}
		}
		if ascii {
			continue
		}
		switch {
		case textrule.IsSyllable(w):
			score += 3
		case textrule.WellCased(w) && !strings.ContainsFunc(w, func(r rune) bool { return unicode.Is(unicode.Mn, r) }):
			score += 1
		default:
			score -= 2
		}
	}
	return score
}
