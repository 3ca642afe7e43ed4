package textfix

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/recaphq/recap/indexer/textrule"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	xunicode "golang.org/x/text/encoding/unicode"
	"golang.org/x/text/encoding/unicode/utf32"
	"golang.org/x/text/unicode/norm"
)

// This file damages clean text in each way Repair undoes, for the
// generated test set and the sample post.

// misread returns the UTF-8 bytes of s read with a single-byte code page
// and written out again as UTF-8. Bytes the code page leaves undefined are
// dropped when lossy (as Windows decoders do) and kept as C1 controls
// otherwise (as Latin-1 does); lossy also drops the soft hyphen 0xAD, as
// editors do.
func misread(s string, cm *charmap.Charmap, lossy bool) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < utf8.RuneSelf {
			b.WriteByte(c)
			continue
		}
		r := rune(c)
		if cm != nil {
			r = cm.DecodeByte(c)
		}
		switch {
		case lossy && (r == utf8.RuneError || c == 0xAD):
			// lost
		case r == utf8.RuneError:
			b.WriteRune(rune(c))
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// misreadCP932 returns the UTF-8 bytes of s read as Shift_JIS/CP932 and
// written out as UTF-8; a byte CP932 cannot pair becomes U+FFFD. It
// reports whether every byte came through.
func misreadCP932(s string) (string, bool) {
	d, _ := japanese.ShiftJIS.NewDecoder().Bytes([]byte(s))
	return string(d), !bytes.ContainsRune(d, utf8.RuneError)
}

// encodeWith encodes s; ok is false when s has a character the encoding
// lacks.
func encodeWith(e encoding.Encoding, s string) ([]byte, bool) {
	b, err := e.NewEncoder().Bytes([]byte(s))
	return b, err == nil
}

// encode1258 encodes Vietnamese text in Windows-1258, which has the
// vowels with their shape marks (â ê ô ơ ư ă) but writes tones as
// combining marks.
func encode1258(s string) ([]byte, bool) {
	var out []byte
	for _, r := range s {
		if b, ok := charmap.Windows1258.EncodeRune(r); ok {
			out = append(out, b)
			continue
		}
		var base, tone []rune
		for _, d := range norm.NFD.String(string(r)) {
			switch d {
			case textrule.ToneGrave, textrule.ToneAcute, textrule.ToneTilde, textrule.ToneHook, textrule.ToneDot:
				tone = append(tone, d)
			default:
				base = append(base, d)
			}
		}
		for _, x := range append([]rune(norm.NFC.String(string(base))), tone...) {
			b, ok := charmap.Windows1258.EncodeRune(x)
			if !ok {
				return nil, false
			}
			out = append(out, b)
		}
	}
	return out, true
}

var (
	utf16le = xunicode.UTF16(xunicode.LittleEndian, xunicode.UseBOM)
	utf16be = xunicode.UTF16(xunicode.BigEndian, xunicode.UseBOM)
	utf32le = utf32.UTF32(utf32.LittleEndian, utf32.UseBOM)
	utf32be = utf32.UTF32(utf32.BigEndian, utf32.UseBOM)
)

// misreadCP932Python returns the UTF-8 bytes of s read as CP932 the way
// Python's cp932 codec reads them with errors="replace": 0x80 is U+0080,
// 0xA0 U+F8F0, and a lead byte without a trail that makes a character
// with it becomes one U+FFFD, the byte after it read afresh.
func misreadCP932Python(s string) string {
	b := []byte(s)
	dec := japanese.ShiftJIS.NewDecoder()
	var out strings.Builder
	for i := 0; i < len(b); {
		c := b[i]
		switch {
		case c < 0x80:
			out.WriteByte(c)
			i++
		case c == 0x80:
			out.WriteRune(0x80)
			i++
		case c == 0xA0:
			out.WriteRune(0xF8F0)
			i++
		case c >= 0xA1 && c <= 0xDF:
			d, _ := dec.Bytes([]byte{c})
			out.Write(d)
			i++
		case c >= 0xFD:
			out.WriteRune(0xF8F1 + rune(c-0xFD))
			i++
		default:
			if i+1 < len(b) {
				d, err := dec.Bytes(b[i : i+2])
				if r, size := utf8.DecodeRune(d); err == nil && r != utf8.RuneError && size == len(d) {
					out.Write(d)
					i += 2
					continue
				}
			}
			out.WriteRune(utf8.RuneError)
			i++
		}
	}
	return out.String()
}
