package textfix

import (
	"testing"

	"golang.org/x/text/unicode/norm"
)

func TestInert(t *testing.T) {
	// scan skips Latin Extended Additional as inert.
	for r := rune(0x1E00); r < 0x1F00; r++ {
		if !inert(r) {
			t.Errorf("%U %c not inert", r, r)
		}
	}
	// An inert character stays as it is after any character.
	for _, r := range []rune{'a', 'ệ', 'ư', 'か', '漢', '😀', '—'} {
		if !inert(r) {
			t.Errorf("%U %c not inert", r, r)
		}
	}
	for _, r := range []rune{0x0301, 0x0323, 0x3099, 0x2126, 0xF900, 0x1161} {
		if inert(r) {
			t.Errorf("%U inert, but NFC changes or composes it", r)
		}
	}
	for _, s := range []string{"Vie\u0302\u0323t", "か\u3099", "Ω\u2126", "e\u0301"} {
		if isNFC(s) != norm.NFC.IsNormalString(s) {
			t.Errorf("isNFC(%q) = %v, norm says %v", s, isNFC(s), !isNFC(s))
		}
	}
}
