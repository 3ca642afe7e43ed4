package textfix

import (
	"strings"
	"unicode"
)

// A lost byte of a letter of a European language leaves several letters
// that fit (Ä and a lost byte is ā, č, ď, ĝ or ĭ through Windows-1252);
// the one chosen belongs to the alphabet of the other letters the text
// holds. alphabets lists, for the languages written in Latin script with
// letters beyond ASCII, those letters in lower case (after the Unicode
// CLDR exemplar characters of each language).
var alphabets = []string{
	"áčďéěíňóřšťúůýž",        // Czech
	"áäčďéíĺľňóôŕšťúýž",      // Slovak
	"ąćęłńóśźż",              // Polish
	"čćđšž",                  // Croatian, Bosnian, Serbian, Slovene
	"âçğıîöşûü",              // Turkish
	"ăâîșțşţ",                // Romanian
	"áéíóöőúüű",              // Hungarian
	"āčēģīķļņšūž",            // Latvian
	"ąčęėįšųūž",              // Lithuanian
	"ĉĝĥĵŝŭ",                 // Esperanto
	"äöüß",                   // German
	"àâæçéèêëîïôœùûüÿ",       // French
	"áéíñóúü",                // Spanish
	"áâãàçéêíóôõú",           // Portuguese
	"àèéìíîòóùú",             // Italian
	"àçéèíïóòúü",             // Catalan
	"áðéíóúýþæö",             // Icelandic
	"æøåéóô",                 // Danish, Norwegian
	"åäöé",                   // Swedish, Finnish
	"äöõüšž",                 // Estonian
	"ċġħżàèìòù",              // Maltese
	"âêîôûŵŷäëïöüáéíóúàèìòù", // Welsh
	"āēīōūĀĒĪŌŪ",             // Māori, Hawaiian, Latin with macrons
	"ãẽĩõũỹñ",                // Guarani
	"ŋ",                      // Sami and others
	"ĩũ" + "àáâãèéêìíòóôõùúýăđơư", // Vietnamese letters outside its block
}

// alphabetScore rates letter c by the other letters of a text: how many
// of them share an alphabet with it, in the alphabet that shares most.
func alphabetScore(c rune, letters map[rune]bool) int {
	c = unicode.ToLower(c)
	best := -1
	for _, a := range alphabets {
		if !strings.ContainsRune(a, c) {
			continue
		}
		n := 0
		for l := range letters {
			if l != c && strings.ContainsRune(a, l) {
				n++
			}
		}
		best = max(best, n)
	}
	return best
}

// chooseByAlphabet returns the one letter of fit that shares an alphabet
// with more of the text's letters than any other does, or false.
func chooseByAlphabet(fit []rune, letters map[rune]bool) (rune, bool) {
	best, bestN, tie := rune(0), -1, false
	for _, c := range fit {
		if !unicode.IsLetter(c) {
			return 0, false
		}
		n := alphabetScore(c, letters)
		switch {
		case n > bestN:
			best, bestN, tie = c, n, false
		case n == bestN:
			tie = true
		}
	}
	return best, !tie && bestN > 0
}
