package textfix

import (
	"testing"
	"unicode/utf8"

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
}

// TestNormalise checks normalise and scan's NFC test against norm on
// texts whose lines need NFC in each way: after a line feed, at the start
// and at the end, several in a row.
func TestNormalise(t *testing.T) {
	for _, s := range []string{
		"", "Vie\u0302\u0323t", "か\u3099", "Ω\u2126", "e\u0301", "\u0301", "\n\u0301", "a\n\u0301b\n",
		"Việt\nNam", "Vie\u0302\u0323t\nNa\u0300m\n\nđã\ne\u0301\n", "\u0301\n\u0301\n\u0301",
		"x\ny\n\uF900\nz", "A\u0303\u00a9", "e\u0323\u0302 e\u0302\u0323", "\n\n\u0323\u0302",
	} {
		t.Run(s, func(t *testing.T) {
			want := norm.NFC.String(s)
			var r Report
			got := normalise(s, &r)
			if got != want {
				t.Errorf("normalise(%q) = %q, want %q", s, got, want)
			}
			wantCount := 0
			if want != s {
				wantCount = max(1, utf8.RuneCountInString(s)-utf8.RuneCountInString(want))
			}
			if r.Counts[KindNormalise] != wantCount {
				t.Errorf("normalise(%q) counted %d, want %d", s, r.Counts[KindNormalise], wantCount)
			}
			if _, _, nfc := scan(s); nfc != norm.NFC.IsNormalString(s) {
				t.Errorf("scan(%q) says NFC %v, norm says %v", s, nfc, !nfc)
			}
		})
	}
}
