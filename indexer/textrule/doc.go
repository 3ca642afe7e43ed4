// Package textrule holds the text rules that every layer of recap shares:
// how accents fold, how a name becomes a slug, where a Vietnamese tone mark
// goes, which runes count as CJK or kana, and what a Vietnamese syllable
// looks like. Each rule lives here once, so that the extraction, the search
// and the repair of mojibake cannot drift apart.
//
// The package imports only the standard library and golang.org/x/text, so
// that any package of the indexer can use it without an import cycle.
package textrule
