package textfix

import (
	"bytes"
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/recaphq/recap/indexer/textrule"
	"golang.org/x/text/encoding"
	xunicode "golang.org/x/text/encoding/unicode"
)

// ErrBinary is the error for bytes that are no text in any encoding that
// Repair reads; Report.Binary marks them. Callers that index files skip
// such a file with this error as its reason, so that an image or an archive
// never becomes a post.
var ErrBinary = errors.New("binary: not text in any encoding recap reads")

// mostlyUTF8 reports whether b, which is not valid UTF-8, is still UTF-8
// with some damage, to be decoded as UTF-8 with its bad bytes marked and
// never as a legacy code page. The rule: the bytes in valid multi-byte
// sequences must be at least utf8Margin times the invalid sequences, where
// a truncated sequence (a lead byte and the continuation bytes it has) is
// one invalid sequence, not one per byte. Bytes only count if they are
// multi-byte: ASCII says nothing about the encoding. The margin is there
// because legacy text makes valid sequences by chance: EUC-JP kanji, whose
// two bytes fall in UTF-8's 2-byte range about one time in five, reach a
// ratio of about 1 at worst, and Shift_JIS and the Windows code pages far
// less; UTF-8 damaged by a cut or a lost byte here and there keeps a ratio
// of ten and more, since each character beyond ASCII is two or three valid
// bytes and each cut loses only one sequence.
//
// A text with few letters beyond ASCII (an English post naming a
// Vietnamese engineer) may not reach the margin, so one more shape counts
// as UTF-8: every invalid sequence is a cut one, a lead byte with at least
// one of its continuation bytes. Legacy encodings almost never make that
// shape throughout: a Shift_JIS or EUC-JP kana, a Windows-125x letter
// each leave a byte that is no part of any UTF-8 sequence.
func mostlyUTF8(b []byte) bool {
	good, cut, stray := utf8Counts(b)
	return good > 0 && (good >= utf8Margin*(cut+stray) || stray == 0)
}

// utf8Margin is the factor by which mostlyUTF8 wants valid multi-byte
// bytes to outnumber invalid sequences.
const utf8Margin = 3

// utf8Counts counts the bytes in valid multi-byte sequences of b, and its
// invalid sequences: cut ones (a lead byte and some of its continuation
// bytes) and stray bytes.
func utf8Counts(b []byte) (good, cut, stray int) {
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			n := invalidLen(b[i:])
			if n > 1 {
				cut++
			} else {
				stray++
			}
			i += n
			continue
		}
		good += size
		i += size
	}
	return good, cut, stray
}

// invalidLen is the length of the invalid sequence at the start of b: a
// lead byte with the continuation bytes that follow it, fewer than it
// needs, or a single stray byte.
func invalidLen(b []byte) int {
	n := 1
	for want := seqLen(b[0]); n < want && n < len(b) && b[n]&0xC0 == 0x80; n++ {
	}
	return n
}

// controlShare is the share of control bytes, 1 in controlShare, beyond
// which bytes that are not UTF-16 are binary.
const controlShare = 32

// isBinary reports whether b, which is not UTF-16 or UTF-32, holds no
// text: more than one byte in controlShare is a control byte that no
// encoding Repair reads puts in text (NUL and the other C0 controls but
// tab, line feed, vertical tab, form feed, carriage return and the escape
// of ISO-2022-JP; DEL). Every single-byte and multi-byte encoding recap
// reads decodes these bytes as controls, so the share holds whichever
// encoding is tried, and text has none but by damage, while random bytes,
// compressed data and images have one in nine. One in 32 leaves room for a
// few stray controls in a short post.
func isBinary[T string | []byte](b T) bool {
	n := 0
	for i := 0; i < len(b); i++ {
		if binaryControl(b[i]) {
			n++
		}
	}
	return n > 0 && n*controlShare > len(b)
}

// binaryControl reports whether c is one of the control bytes that
// isBinary counts.
func binaryControl(c byte) bool {
	return c < 0x20 && (c < '\t' || c > '\r') && c != 0x1B || c == 0x7F
}

// replaceControls replaces the control bytes that isBinary counts with
// U+FFFD, and counts them as invalid.
func replaceControls(s string, rep *Report) string {
	var sb strings.Builder
	sb.Grow(len(s) + 16)
	n := 0
	for i := 0; i < len(s); i++ {
		if binaryControl(s[i]) {
			sb.WriteRune(utf8.RuneError)
			n++
			continue
		}
		sb.WriteByte(s[i])
	}
	rep.add(KindInvalid, n)
	return sb.String()
}

// decodeUTF16 recognises UTF-16 without a byte-order mark and decodes it.
// Two patterns give it away. Latin text (English, Vietnamese, YAML front
// matter) has a zero high byte in most code units: a zero in at least one
// unit in four at the odd offsets and at most one eighth as many at the
// even ones is little-endian, and the converse big-endian. Japanese text
// may have no zero byte at all; there every byte order that yields text
// is tried, and plausibleUTF16 must accept the result with its kana, which
// Shift_JIS or EUC-JP read as UTF-16 never spell.
func decodeUTF16(b []byte, rep *Report) (string, bool) {
	if len(b) < 4 {
		return "", false
	}
	var even, odd int
	for i := 0; i+1 < len(b); i += 2 {
		if b[i] == 0 {
			even++
		}
		if b[i+1] == 0 {
			odd++
		}
	}
	units := len(b) / 2
	type order struct {
		name string
		enc  encoding.Encoding
		kana bool // Japanese: the text must hold kana
	}
	var tries []order
	le := order{"utf-16le", xunicode.UTF16(xunicode.LittleEndian, xunicode.IgnoreBOM), false}
	be := order{"utf-16be", xunicode.UTF16(xunicode.BigEndian, xunicode.IgnoreBOM), false}
	switch {
	case odd*4 >= units && even*8 <= odd:
		tries = append(tries, le)
	case even*4 >= units && odd*8 <= even:
		tries = append(tries, be)
	case len(b)%2 == 0:
		le.kana, be.kana = true, true
		tries = append(tries, le, be)
	}
	for _, o := range tries {
		d, err := o.enc.NewDecoder().Bytes(b)
		if err != nil {
			continue
		}
		if s := string(d); plausibleUTF16(s, o.kana) {
			rep.Encoding = o.name
			rep.add(KindDecode, utf8.RuneCountInString(s)-countASCIIRunes(s))
			return s, true
		}
	}
	return "", false
}

// plausibleUTF16 reports whether s, decoded as UTF-16, is text in the
// scripts recap indexes: at most one character in 50 is a replacement
// character, a control or private use, and at least 95 in 100 are ASCII,
// Latin, combining marks, general punctuation, CJK or emoji. With kana set
// the kana must also make a tenth of the CJK characters: Japanese prose
// is a third kana and more, while Shift_JIS read as UTF-16 is all kanji.
// Random bytes read as UTF-16 fail the first two tests.
func plausibleUTF16(s string, kana bool) bool {
	var total, bad, known, cjk, kanaN int
	for _, r := range s {
		total++
		switch {
		case r == utf8.RuneError, r == 0, r < 0x20 && (r < '\t' || r > '\r'), r >= 0x7F && r < 0xA0,
			unicode.Is(unicode.Co, r), r == 0xFFFE, r == 0xFFFF:
			bad++
		case r < 0x250, r >= 0x300 && r < 0x370, r >= 0x1E00 && r < 0x1F00, r >= 0x2000 && r < 0x2070,
			r >= 0x1F000:
			known++
		case textrule.IsKana(r):
			known++
			cjk++
			kanaN++
		case r >= 0x3000 && r < 0x3040, r >= 0x3400 && r < 0x4DC0, r >= 0x4E00 && r < 0xA000, r >= 0xFF00 && r < 0xFFF0:
			known++
			cjk++
		}
	}
	if total == 0 || bad*50 > total || known*100 < total*95 {
		return false
	}
	return !kana || cjk > 0 && kanaN*10 >= cjk
}

// hasNUL reports whether b holds a zero byte, which UTF-8 text never does
// but UTF-16 and binary files do.
func hasNUL(b []byte) bool { return bytes.IndexByte(b, 0) >= 0 }
