package textrule

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Slug derives a URL slug from a name: lower case, diacritics folded as
// Fold folds them (Đào Công Tiến → dao-cong-tien, Søren Straße →
// soren-strasse), other scripts kept as they are (青山 真也 → 青山-真也,
// がんばる keeps its voicing marks), and every run of other characters one
// hyphen. Speakers, events and posts all take their slugs from it, so that
// one name always makes one URL.
func Slug(name string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range Fold(norm.NFC.String(name)) {
		switch {
		case unicode.Is(unicode.Mn, r):
			b.WriteRune(r) // a mark that Fold keeps belongs to its letter
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(unicode.ToLower(r))
		default:
			hyphen = true
		}
	}
	return norm.NFC.String(b.String())
}
