package post

import (
	"unicode"

	"github.com/recaphq/recap/indexer/kb"
	"github.com/recaphq/recap/indexer/textrule"
)

// DetectLang tells Vietnamese, Japanese and English apart by script. Text
// is Japanese when it has kana (kanji alone may be Chinese) and its Japanese
// characters outweigh its Latin words; a Latin-script text is Vietnamese
// when enough of its words carry letters that only Vietnamese uses.
func DetectLang(text string) string {
	var kana, han, latinWords, viWords int
	inWord, wordVi := false, false
	endWord := func() {
		if inWord {
			latinWords++
			if wordVi {
				viWords++
			}
		}
		inWord, wordVi = false, false
	}
	for _, r := range text {
		switch {
		case textrule.IsKana(r):
			kana++
			endWord()
		case unicode.Is(unicode.Han, r):
			han++
			endWord()
		case r < 0x250 && unicode.IsLetter(r) || r >= 0x1EA0 && r <= 0x1EF9:
			inWord = true
			if textrule.IsVietnameseLetter(r) {
				wordVi = true
			}
		default:
			endWord()
		}
	}
	endWord()
	// A Japanese character carries about as much as a short Latin word; an
	// English post quoting a few Japanese titles stays English.
	if kana > 0 && kana+han >= latinWords {
		return kb.LangJA
	}
	if latinWords == 0 {
		if kana > 0 {
			return kb.LangJA
		}
		return kb.LangUnknown
	}
	if viWords*100 >= latinWords*15 && viWords >= 3 {
		return kb.LangVI
	}
	return kb.LangEN
}
