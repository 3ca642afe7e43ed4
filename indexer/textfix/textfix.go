package textfix

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Kind names one kind of change that Repair makes.
type Kind string

// The kinds of change that Repair reports.
const (
	KindDecode    Kind = "decode"    // characters decoded from a legacy encoding
	KindMojibake  Kind = "mojibake"  // characters rebuilt from mojibake
	KindLostByte  Kind = "lost-byte" // characters restored from a lost byte
	KindNormalise Kind = "nfc"       // characters changed by NFC
	KindNewline   Kind = "newline"   // CR or CRLF turned into LF
	KindInvalid   Kind = "invalid"   // invalid bytes replaced by U+FFFD
)

// Report says what Repair changed.
type Report struct {
	// Encoding is the encoding the input was decoded from.
	Encoding string
	// Mojibake names the code page that damaged the text ("windows-1254",
	// "shift_jis"), or is empty when no mojibake was repaired.
	Mojibake string
	// Counts counts the characters changed, by kind.
	Counts map[Kind]int
	// Restorations lists every word in which a lost byte was restored.
	Restorations []Restoration
	// Unresolved counts the damaged sequences left as found because no
	// single character fitted them.
	Unresolved int
	// Binary is set when the input is no text in any encoding Repair
	// reads (see ErrBinary); Repair then returns no text, so that nothing
	// made of an image or an archive can pass for a post.
	Binary bool
}

// A Restoration records one word rebuilt from lost bytes.
type Restoration struct {
	Line       int         // line of the output, from 1
	Damaged    string      // the word as found
	Word       string      // the word as restored
	Context    string      // the text around a restored character of a language without spaces, as restored
	Candidates []Candidate // the best candidates, most likely first
	Confidence float64     // probability of the chosen word, 0 to 1
}

// A Candidate is one word that a restoration considered.
type Candidate struct {
	Text string
	P    float64
}

// Chars is the number of characters changed, newlines not counted.
func (r Report) Chars() int {
	n := 0
	for k, c := range r.Counts {
		if k != KindNewline {
			n += c
		}
	}
	return n
}

// merge adds the counts and restorations of o, which reports on text that
// follows r's.
func (r *Report) merge(o Report) {
	for k, n := range o.Counts {
		r.add(k, n)
	}
	r.Restorations = append(r.Restorations, o.Restorations...)
}

func (r *Report) add(k Kind, n int) {
	if n == 0 {
		return
	}
	if r.Counts == nil {
		r.Counts = make(map[Kind]int)
	}
	r.Counts[k] += n
}

// maxLayers bounds how many layers of mojibake Repair peels off; it also
// makes Repair idempotent, since it stops only when a pass changes nothing.
const maxLayers = 4

// Repair decodes b and returns clean NFC text with LF line endings, and a
// report of what it changed. Clean UTF-8 comes back unchanged. Bytes that
// are no text in any encoding it reads come back as no text, with
// Report.Binary set.
func Repair(b []byte) (string, Report) {
	if isClean(b) {
		return string(b), Report{Encoding: "utf-8"}
	}
	var r Report
	s := decode(b, &r)
	if r.Binary {
		return "", r
	}
	if strings.IndexByte(s, '\r') >= 0 {
		n := strings.Count(s, "\r")
		s = strings.ReplaceAll(s, "\r\n", "\n")
		s = strings.ReplaceAll(s, "\r", "\n")
		r.add(KindNewline, n)
	}
	for range maxLayers {
		jp, cp, nfc := scan(s)
		if !jp && !cp && nfc {
			break
		}
		t := s
		if jp {
			t = fixJapanese(t, &r)
		}
		if cp {
			t = fixSingleByte(t, &r)
		}
		t = normalise(t, &r)
		if t == s {
			break
		}
		s = t
	}
	return s, r
}

// scan reports whether s holds kanji of Japanese mojibake, code-page
// characters that spell a UTF-8 sequence, and whether it is NFC.
func scan(s string) (jp, cp, nfc bool) {
	var seq cpSeq
	checkNFC := false
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			if seq.need > 0 {
				seq.stop(rune(s[i]))
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if r >= 0x1E00 && r < 0x1F00 {
			// Latin Extended Additional, Vietnamese letters among
			// them: no code page, no kanji, composed.
			if seq.need > 0 {
				seq.stop(r)
			}
			continue
		}
		jp = jp || jpSuspect(r)
		cp = seq.next(r) || cp
		if seq.need == 2 && seq.have == 1 {
			prev, _ := utf8.DecodeLastRuneInString(s[:i-size])
			seq.lowerBefore = unicode.IsLower(prev)
		}
		checkNFC = checkNFC || !inert(r)
	}
	if seq.need > 0 {
		seq.stop('\n')
	}
	return jp, cp || seq.cut, !checkNFC || norm.NFC.IsNormalString(s)
}

// isNFC is norm.NFC.IsNormalString, quick on text without combining
// characters.
func isNFC(s string) bool {
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if !inert(r) {
			return norm.NFC.IsNormalString(s)
		}
		i += size
	}
	return true
}

// normalise applies NFC.
func normalise(s string, r *Report) string {
	if isNFC(s) {
		return s
	}
	n := norm.NFC.String(s)
	d := utf8.RuneCountInString(s) - utf8.RuneCountInString(n)
	if d <= 0 {
		d = 1
	}
	r.add(KindNormalise, d)
	return n
}

// isClean proves quickly that b needs no repair: valid UTF-8 without a
// byte-order mark or a control byte but tab and line feed, no code-page
// characters that spell a whole UTF-8 sequence (which every single-byte
// mojibake holds), no kanji that Japanese mojibake is made of, and already
// NFC.
func isClean(b []byte) bool {
	var seq cpSeq
	checkNFC := false
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			// CR, ESC, NUL and the other controls: text to mend,
			// ISO-2022-JP, UTF-16 or binary. One test for printable bytes.
			if c < 0x20 && c != '\n' && c != '\t' {
				return false
			}
			if seq.need > 0 {
				if seq.stop(rune(c)); seq.cut {
					return false
				}
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 || r == '\uFEFF' && i == 0 || jpSuspect(r) {
			return false
		}
		if seq.next(r) || seq.cut {
			return false
		}
		if seq.need == 2 && seq.have == 1 {
			prev, _ := utf8.DecodeLastRune(b[:i])
			seq.lowerBefore = unicode.IsLower(prev)
		}
		checkNFC = checkNFC || !inert(r)
		i += size
	}
	if seq.need > 0 {
		seq.stop('\n')
	}
	return !seq.cut && (!checkNFC || norm.NFC.QuickSpan(b) == len(b))
}

// cpSeq follows code-page characters as the UTF-8 bytes they stand for.
// It also notes a sequence cut one byte short the way no clean text
// spells one (ä¸ before a letter: a kanji that lost a byte; lÃn: a
// capital amid small letters), which lost bytes leave.
type cpSeq struct {
	need, have  int
	last        byte // the last continuation byte
	lowerBefore bool // a small letter came before the lead byte
	cut         bool
}

// next takes the next character and reports whether it completes a UTF-8
// sequence spelled in code-page characters.
func (q *cpSeq) next(r rune) bool {
	c, ok := cpByte(r)
	switch {
	case !ok:
		if q.need > 0 {
			q.stop(r)
		}
	case c&0xC0 == 0x80 && q.need > 0:
		q.have++
		q.last = c
		if q.have == q.need {
			q.need = 0
			return true
		}
	default:
		if q.need > 0 {
			q.stop(r)
		}
		q.need, q.have = seqLen(c), 1
	}
	return false
}

// stop ends the sequence under way before r, noting whether it was cut.
func (q *cpSeq) stop(r rune) {
	switch {
	case q.need >= 3 && q.have == q.need-1 && !weakByte[q.last]:
		q.cut = true
	case q.need == 2 && q.have == 1 && q.lowerBefore && unicode.IsLower(r):
		q.cut = true
	}
	q.need = 0
}

var bom8 = []byte{0xEF, 0xBB, 0xBF}

func hasBOM8(b []byte) bool { return bytes.HasPrefix(b, bom8) }
