package textfix

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/recaphq/recap/indexer/textrule"
	"golang.org/x/text/encoding/charmap"
)

// TestLostVietnameseLetters damages every Vietnamese letter whose UTF-8
// bytes a code page loses, through Windows-1252 and Windows-1254: the
// letter must be among the candidates of its code page, and, in the most
// frequent syllable that holds it inside a plainly damaged sentence, come
// back as it was for nearly every letter.
func TestLostVietnameseLetters(t *testing.T) {
	m := loadModel()
	for _, tc := range []struct {
		cm *charmap.Charmap
		cp codePage
	}{{charmap.Windows1252, cp1252}, {charmap.Windows1254, cp1254}} {
		t.Run(tc.cp.name, func(t *testing.T) {
			tried, right := 0, 0
			for r := rune(0xC0); r <= 0x1EF9; r++ {
				if !textrule.IsVietnameseLetter(r) || !unicode.IsLetter(r) {
					continue
				}
				enc := string(r)
				dam := misread(enc, tc.cm, true)
				if utf8.RuneCountInString(dam) == utf8.RuneCountInString(misread(enc, tc.cm, false)) {
					continue // nothing lost
				}
				tried++
				// The letter's candidates through this code page.
				f := singleByte{cp: tc.cp}
				f.rs = []rune(dam)
				var cands []rune
				f.eachRun(func(p piece) bool {
					if p.kind == pieceTruncated {
						cands = f.candidates(p)
					}
					return true
				})
				if !containsRune(cands, r) {
					t.Errorf("%c (U+%04X) through %s: candidates %q lack it", r, r, tc.cp.name, string(cands))
					continue
				}
				// The most frequent syllable that holds the letter.
				lower := unicode.ToLower(r)
				best, bestN := "", -1.0
				for w, i := range m.id {
					if strings.ContainsRune(w, lower) && m.count[i] > bestN {
						best, bestN = w, m.count[i]
					}
				}
				if best == "" {
					continue
				}
				clean := "Những người đã đến buổi gặp mặt nói: " + best + " rồi về."
				if unicode.IsUpper(r) {
					// A capital inside a word is upper case all through,
					// as in a heading.
					clean = strings.ToUpper(clean)
				}
				got, _ := Repair([]byte(misread(clean, tc.cm, true)))
				if got == clean {
					right++
				} else {
					t.Logf("%c: %q came back %q", r, best, got)
				}
			}
			if tried < 10 {
				t.Fatalf("only %d letters lose a byte through %s", tried, tc.cp.name)
			}
			if rate := float64(right) / float64(tried); rate < 0.9 {
				t.Errorf("%s: %d of %d letters restored (%.2f), want 0.9", tc.cp.name, right, tried, rate)
			}
			t.Logf("%s: %d letters lose a byte, %d restored in their syllable", tc.cp.name, tried, right)
		})
	}
}

func containsRune(rs []rune, r rune) bool {
	for _, x := range rs {
		if x == r {
			return true
		}
	}
	return false
}
