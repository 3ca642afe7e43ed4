package textfix

import (
	"sync/atomic"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// NFC leaves a string alone when none of its characters is touched by
// composition: none decomposes under NFC, combines with the character
// before it, or has a non-zero combining class. inert tells such
// characters apart with a bitmap of the BMP built a page of 256
// characters at a time, the first time a page is met, so clean text is
// proved NFC at the speed of a table lookup.

var inertPages [0x100]atomic.Pointer[[4]uint64]

// inert reports whether NFC leaves r alone wherever it stands.
func inert(r rune) bool {
	if r < 0x300 {
		return true
	}
	if r > 0xFFFF {
		return inertSlow(r)
	}
	pg := inertPages[r>>8].Load()
	if pg == nil {
		pg = new([4]uint64)
		base := r &^ 0xFF
		for i := rune(0); i < 0x100; i++ {
			if inertSlow(base + i) {
				pg[i>>6] |= 1 << (i & 63)
			}
		}
		inertPages[r>>8].Store(pg)
	}
	return pg[(r&0xFF)>>6]&(1<<(r&63)) != 0
}

func inertSlow(r rune) bool {
	var buf [utf8.UTFMax]byte
	s := buf[:utf8.EncodeRune(buf[:], r)]
	p := norm.NFC.Properties(s)
	return p.CCC() == 0 && p.BoundaryBefore() && norm.NFC.IsNormal(s)
}
