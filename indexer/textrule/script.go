package textrule

import (
	"strings"
	"unicode"
)

// IsKana reports whether r is hiragana or katakana, full or half width:
// the letters of the Hiragana and Katakana scripts (which include the
// phonetic extensions, the squared and circled forms and the kana
// supplements) and the signs that are written only inside kana words, the
// prolonged sound mark ー (ｰ) and the spacing voicing marks ゛゜ (ﾞﾟ),
// which Unicode counts as common to several scripts. The middle dot ・ is
// not kana: Chinese and Korean text use it too, to part foreign names.
//
// A text is taken as Japanese by its kana (strings.ContainsFunc(s,
// IsKana)): kanji alone may as well be Chinese. ー is as sure a sign of
// Japanese as any katakana; the search always counted it so, where
// language detection and the repair of mojibake went by the Unicode
// scripts, which leave it out, and every text the tests hold that has ー
// has other kana too, so no result changes.
func IsKana(r rune) bool {
	switch {
	case r < 0x3041:
		return false
	case r <= 0x30FF:
		// The Hiragana and Katakana blocks: every assigned code point but
		// the middle dot is kana or a kana sign.
		return r != 0x30FB && r != 0x3097 && r != 0x3098
	case r >= 0xFF66 && r <= 0xFF9F:
		return true // half-width katakana, ｰ and ﾞﾟ
	}
	return unicode.In(r, unicode.Hiragana, unicode.Katakana)
}

// IsCJK reports whether r belongs to a script written without spaces
// between words: Han ideographs (with the extensions, the compatibility
// ideographs and 々 〇), kana (see IsKana) and Hangul. Such a rune is a
// word boundary of its own for the matcher, the search's bigrams and
// snippets, and a run of them is one unit of a query.
//
// Hangul is here although Korean separates words with spaces, because its
// syllables are matched as substrings like kanji; the taxonomy's matcher
// counted it so, and no Korean text is in recap's data.
func IsCJK(r rune) bool {
	if r < 0x2E80 {
		return false
	}
	return IsKana(r) || unicode.In(r, unicode.Han, unicode.Hangul)
}

// IsVietnameseLetter reports whether r is a letter that Vietnamese writes
// and English does not: đ, the vowels with a breve, circumflex or horn,
// and the vowels with a tone mark, in either case.
func IsVietnameseLetter(r rune) bool {
	if r < 0xC0 {
		return false
	}
	if r >= 0x1EA0 && r <= 0x1EF9 { // Latin Extended Additional: ạ…ỹ
		return true
	}
	l := unicode.ToLower(r)
	if _, ok := toneOf[l]; ok {
		return true
	}
	return strings.ContainsRune("đăâêôơư", l)
}

// IsKatakanaWordRune reports whether r is written inside a katakana word:
// a full-width katakana letter or the prolonged sound mark ー. The middle
// dot ・ parts words (マイクロサービス・アーキテクチャ), and half-width
// katakana is width-folded before anything asks. A run of such runes is
// one loanword or compound of loanwords, which the search indexes whole.
func IsKatakanaWordRune(r rune) bool {
	return r >= 0x30A1 && r <= 0x30FA || r == 0x30FC || r >= 0x31F0 && r <= 0x31FF
}

// A CJKScript is the script of a CJK rune as the search's bigrams part
// them (see ScriptOf).
type CJKScript uint8

// The scripts of ScriptOf. Hangul and the Han ideographs are one: both are
// matched as runs of syllables or characters.
const (
	NotCJK CJKScript = iota
	Ideographs
	Hiragana
	Katakana
)

// ScriptOf returns the script of r among the CJK scripts (see IsCJK): a
// run of Japanese text changes script where a word meets its okurigana or
// a particle (設計|を|改善|し|ます) or a loanword (テスト|自動化), which
// is where a bigram would join two words. The prolonged sound mark and
// the katakana iteration marks are katakana, as IsKatakanaWordRune counts
// them; the hiragana iteration and voicing marks are hiragana.
func ScriptOf(r rune) CJKScript {
	switch {
	case !IsCJK(r):
		return NotCJK
	case IsKatakanaWordRune(r) || r >= 0x30FD && r <= 0x30FF:
		return Katakana
	case r >= 0x3041 && r <= 0x309F:
		return Hiragana
	}
	return Ideographs
}
