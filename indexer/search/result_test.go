package search

import (
	"strings"
	"testing"
)

// TestLeadText checks the lead of a body without a match: white space
// made single, cut at a space within the last half, never inside a word.
func TestLeadText(t *testing.T) {
	long := strings.Repeat("mạng lưới ", 40)
	for _, tc := range []struct {
		name, in string
		n        int
		want     string
	}{
		{"short text as it is", "ky su", 10, "ky su"},
		{"white space made single", "  a\n\n b\t c  ", 10, "a b c"},
		{"exactly n characters", "abcde fghi", 10, "abcde fghi"},
		{"a space at n/2 is too early: cut at n", "abcde fghij klm", 10, "abcde fghi …"},
		{"a space just past n", "abcde fghij klm", 11, "abcde fghij …"},
		{"no space cuts at n", "abcdefghijklmnop", 10, "abcdefghij …"},
		{"space runs past n count once", "abcd   efgh      ijkl", 9, "abcd efgh …"},
		{"Vietnamese syllables whole", long, 12, "mạng lưới …"},
		{"empty", " \n ", 5, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := leadText(tc.in, tc.n); got != tc.want {
				t.Errorf("leadText(%q, %d) = %q, want %q", tc.in, tc.n, got, tc.want)
			}
		})
	}
}
