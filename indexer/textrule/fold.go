package textrule

import (
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Fold returns s without its diacritics: the combining diacritical marks
// go, đ becomes d, ø o, ł l and ß ss (those letters have no decomposition
// that would drop a mark), and letter case is kept. Marks of other scripts
// stay (the voicing mark of が), so Japanese is unchanged. The input should
// be NFC; the result is.
//
// One rule serves the search, where "ky su" must find "kỹ sư", and slugs,
// where Đào Công Tiến must become dao-cong-tien.
func Fold(s string) string {
	if foldKeeps(s) {
		return s
	}
	return foldString(s)
}

// foldString is Fold without its fast path.
func foldString(s string) string {
	dst := make([]byte, 0, len(s)+8)
	compose := false
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r < 0xC0 {
			dst = utf8.AppendRune(dst, r)
		} else {
			dst = foldRune(dst, r, norm.NFD.PropertiesString(s[i:]).Decomposition(), &compose)
		}
		i += n
	}
	return string(nfc(dst, 0, compose))
}

// FoldBytes is Fold for a token of the search's analysis, which folds every
// term: it returns term itself when folding keeps it (ASCII, and CJK
// without marks, the common case) and otherwise a new slice, usually with
// one allocation.
func FoldBytes(term []byte) []byte {
	if foldKeepsBytes(term) {
		return term
	}
	dst := make([]byte, 0, len(term)+len(term)/2+4)
	compose := false
	for i := 0; i < len(term); {
		r, n := utf8.DecodeRune(term[i:])
		if r < 0xC0 {
			dst = utf8.AppendRune(dst, r)
		} else {
			dst = foldRune(dst, r, norm.NFD.Properties(term[i:]).Decomposition(), &compose)
		}
		i += n
	}
	return nfc(dst, 0, compose)
}

// foldKeeps reports whether folding leaves s as it is, cheaply and without
// allocating: every rune is ASCII or lies in the range of kana, CJK
// ideographs and Hangul syllables (U+3040–U+F8FF), none of which holds a
// diacritic or a letter that folds, and s is NFC, which Fold returns.
func foldKeeps(s string) bool {
	i := 0
	for i < len(s) && s[i] < utf8.RuneSelf {
		i++
	}
	if i == len(s) {
		return true
	}
	inert := true
	for _, r := range s[i:] {
		if r >= utf8.RuneSelf && (r < 0x3040 || r >= 0xF900) {
			return false
		}
		inert = inert && nfcInert(r)
	}
	return inert || norm.NFC.IsNormalString(s)
}

// foldKeepsBytes is foldKeeps for a term.
func foldKeepsBytes(b []byte) bool {
	i := 0
	for i < len(b) && b[i] < utf8.RuneSelf {
		i++
	}
	if i == len(b) {
		return true
	}
	inert := true
	for _, r := range string(b[i:]) { // no copy: the compiler ranges over b
		if r >= utf8.RuneSelf && (r < 0x3040 || r >= 0xF900) {
			return false
		}
		inert = inert && nfcInert(r)
	}
	return inert || norm.NFC.IsNormal(b)
}

// nfcInert reports whether r, a rune of U+3040–U+F8FF, is NFC in any
// context: below U+A000 (kana, CJK ideographs) every rune but the
// combining voicing marks U+3099 and U+309A is, so a Japanese term needs
// no normalisation check, which was most of the cost of folding one.
func nfcInert(r rune) bool {
	return r < utf8.RuneSelf || r < 0xA000 && r != 0x3099 && r != 0x309A
}

// foldRune appends the folded form of r, whose canonical decomposition is
// dec (nil when it has none), to dst, and sets *compose when a rune kept
// may compose with its neighbours.
func foldRune(dst []byte, r rune, dec []byte, compose *bool) []byte {
	if dec == nil {
		return foldBase(dst, r, compose)
	}
	for len(dec) > 0 {
		d, n := utf8.DecodeRune(dec)
		dec = dec[n:]
		dst = foldBase(dst, d, compose)
	}
	return dst
}

func foldBase(dst []byte, r rune, compose *bool) []byte {
	switch {
	case r < 0xC0:
		return append(dst, byte(r))
	case isDiacritic(r):
		return dst
	case r == 'đ':
		return append(dst, 'd')
	case r == 'Đ':
		return append(dst, 'D')
	case r == 'ø':
		return append(dst, 'o')
	case r == 'Ø':
		return append(dst, 'O')
	case r == 'ł':
		return append(dst, 'l')
	case r == 'Ł':
		return append(dst, 'L')
	case r == 'ß':
		return append(dst, "ss"...)
	case r == 'ẞ':
		return append(dst, "SS"...)
	}
	*compose = *compose || r >= 0x300
	return utf8.AppendRune(dst, r)
}

// nfc brings dst[start:] to NFC when compose says it may not be: runes
// below U+0300 without marks are NFC as they stand. The NFC form is
// appended after the folded runes and moved down over them, so that one
// buffer serves both.
func nfc(dst []byte, start int, compose bool) []byte {
	if !compose {
		return dst
	}
	n := len(dst)
	dst = norm.NFC.Append(dst, dst[start:n]...)
	m := copy(dst[start:], dst[n:])
	return dst[:start+m]
}

// isDiacritic reports whether r is in one of the blocks of combining
// diacritical marks (the basic block, its extension and supplement, the
// marks for symbols and the half marks). Other scripts' marks (kana
// voicing, Indic vowel signs) are part of their letters and are kept.
func isDiacritic(r rune) bool {
	return r >= 0x300 && r <= 0x36F || r >= 0x1AB0 && r <= 0x1AFF || r >= 0x1DC0 && r <= 0x1DFF ||
		r >= 0x20D0 && r <= 0x20FF || r >= 0xFE20 && r <= 0xFE2F
}
