package textfix

import (
	"golang.org/x/text/encoding/charmap"
)

// cpTable maps a character that Windows-1252, Windows-1254 or Latin-1
// produce for a byte ≥ 0x80 back to that byte. The three agree wherever
// they all define a byte, and every such character is below U+2123, so a
// flat table answers in one load; 0 means "not produced by these code
// pages".
var cpTable = func() *[0x2123]byte {
	var t [0x2123]byte
	for r := 0x80; r <= 0xFF; r++ {
		t[r] = byte(r) // Latin-1, C1 controls included
	}
	for _, cm := range []*charmap.Charmap{charmap.Windows1252, charmap.Windows1254} {
		for b := 0x80; b <= 0xFF; b++ {
			r := cm.DecodeByte(byte(b))
			if r != '\uFFFD' && int(r) < len(t) {
				t[r] = byte(b)
			}
		}
	}
	return &t
}()

// cpByte returns the byte that r stood for, if r is a character that a
// single-byte code page made of a byte ≥ 0x80.
func cpByte(r rune) (byte, bool) {
	if r < 0x80 || int(r) >= len(cpTable) {
		return 0, false
	}
	b := cpTable[r]
	return b, b != 0
}

// A codePage names the single-byte code page that mojibake went through,
// and the bytes it lost on the way: those it leaves undefined, which
// decoders drop, and the soft hyphen 0xAD, which editors strip.
type codePage struct {
	name string
	lost []byte
}

var (
	cp1252 = codePage{"windows-1252", []byte{0x81, 0x8D, 0x8F, 0x90, 0x9D, 0xAD}}
	cp1254 = codePage{"windows-1254", []byte{0x81, 0x8D, 0x8E, 0x8F, 0x90, 0x9D, 0x9E, 0xAD}}
)

// cpEvidence tells Windows-1254 from Windows-1252 by a character only one
// of them has: Turkish ğ Ğ İ ı Ş ş (bytes D0 DD DE F0 FD FE, where
// Windows-1252 has Ð Ý Þ ð ý þ), or Ž ž (8E 9E, undefined in 1254). It
// returns 0 when r tells nothing.
func cpEvidence(r rune) int {
	switch r {
	case 'ğ', 'Ğ', 'İ', 'ı', 'Ş', 'ş':
		return 1254
	case 'Ž', 'ž':
		return 1252
	}
	return 0
}
