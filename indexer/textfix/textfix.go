// Package textfix turns the bytes of a recap post into clean UTF-8: it
// decodes legacy encodings, repairs mojibake, normalises line endings and
// applies Unicode NFC. It knows nothing of files, posts or indexes.
package textfix

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
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
	// Counts counts the characters changed, by kind.
	Counts map[Kind]int
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

func (r *Report) add(k Kind, n int) {
	if n == 0 {
		return
	}
	if r.Counts == nil {
		r.Counts = make(map[Kind]int)
	}
	r.Counts[k] += n
}

// Repair decodes b and returns clean NFC text with LF line endings, and a
// report of what it changed.
func Repair(b []byte) (string, Report) {
	var r Report
	var s string
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		r.Encoding = "utf-8"
		s = string(b[3:])
	case utf8.Valid(b):
		r.Encoding = "utf-8"
		s = string(b)
	default:
		r.Encoding = "windows-1252"
		d, _ := charmap.Windows1252.NewDecoder().Bytes(b)
		s = string(d)
		r.add(KindDecode, utf8.RuneCount(d))
	}
	if strings.ContainsRune(s, '\r') {
		n := strings.Count(s, "\r")
		s = strings.ReplaceAll(s, "\r\n", "\n")
		s = strings.ReplaceAll(s, "\r", "\n")
		r.add(KindNewline, n)
	}
	if !norm.NFC.IsNormalString(s) {
		n := norm.NFC.String(s)
		r.add(KindNormalise, utf8.RuneCountInString(s)-utf8.RuneCountInString(n))
		s = n
	}
	return s, r
}
