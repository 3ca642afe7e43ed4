// Package textfix turns the bytes of a recap post into clean UTF-8: it
// decodes legacy encodings, repairs mojibake, restores characters whose
// bytes were lost, normalises line endings and applies Unicode NFC. It
// knows nothing of files, posts or indexes.
//
// # Steps
//
// Repair first proves most clean text clean in one pass (valid UTF-8, no
// byte-order mark, CR or escape, no code-page characters spelling a UTF-8
// sequence, no kanji of Japanese mojibake) and returns it as it is, but
// for the lines that hold a character NFC may touch and fail NFC's quick
// check: those alone are normalised, and checked again in NFC (which can
// compose a code-page character or make a kanji of mojibake). NFC works
// within a line, since a line feed neither composes nor reorders with
// anything, so a few decomposed lines in a long post cost what they
// weigh. Otherwise it
//
//  1. decodes: a byte-order mark (UTF-8, UTF-16, UTF-32) decides; valid
//     UTF-8 stays UTF-8 (7-bit ISO-2022-JP aside); other bytes are decoded
//     as Shift_JIS, EUC-JP, ISO-2022-JP, Windows-1258 and Windows-1252 and
//     the decoding that looks most like text wins. Bytes that stay invalid
//     become U+FFFD and are counted.
//  2. repairs mojibake per run of text: characters that Windows-1252,
//     Windows-1254 or Latin-1 made of UTF-8 bytes are read back as those
//     bytes, and each complete UTF-8 sequence is rebuilt when its character
//     is plausible; pairs that clean text also holds (JOSÉ”) are rebuilt
//     only inside a word or in a plainly damaged document. UTF-8 Japanese
//     read as CP932 (縺 繧 繝) is rebuilt wherever the rebuilt stretch reads
//     more like Japanese than what was found (commonness: kana, Japanese
//     punctuation and level-1 kanji against rare kanji and half-width
//     katakana), kanji-only stretches and single characters included; a
//     U+FFFD in it stands for the one byte (Python's cp932) or two bytes
//     (WHATWG's Shift_JIS, Go's) that CP932 could not pair, and is filled
//     with the bytes that make Japanese. Repair peels layers until nothing
//     changes, so it is idempotent.
//  3. restores lost bytes: where a sequence lacks bytes and the document is
//     plainly damaged, the bytes the code page drops (its undefined bytes,
//     which differ between Windows-1252 and Windows-1254, and the soft
//     hyphen) are tried in every place; the code page is the one the text's
//     own letters point to (ğ ı ş: Windows-1254; Ž ž: Windows-1252), both
//     sets when nothing tells. For a Vietnamese letter the candidates must
//     make a well-formed syllable (textrule) in the letter case of the
//     word, the sentence and the line, and the most likely one given the
//     neighbouring syllables is chosen. For kana and kanji (a lead byte
//     E3–E9 that lost one or both continuation bytes) the candidates are
//     scored by kagome's IPA dictionary, which segments the text around each
//     candidate into the words it knows (the cheaper segmentation wins), and
//     by counts of adjacent Japanese characters. A letter of another
//     European language must fit the case of its word, and of several that
//     fit, the one sharing an alphabet (alphabet.go) with the text's other
//     letters wins. Other characters (a closing quote, an emoji) are
//     restored when only one candidate fits. Report.Restorations lists
//     each with its candidates, and the sentence around it when the choice
//     was not sure (under 0.9).
//  4. normalises line endings to LF and text to NFC, line by line where
//     the quick check fails. Stray controls that a shrinking repair leaves
//     at a share that is binary become U+FFFD, so that Repair takes what
//     it returns for text.
//
// # Data
//
// data/vi-freq.tsv.gz holds counts of Vietnamese syllables and of pairs of
// adjacent syllables (pairs seen at least three times), lower-cased, and
// nothing else: no text. They were counted by TestModelData -update-freq
// from Debian 12 packages:
//
//   - the Vietnamese message catalogues that the base system installs under
//     /usr/share/locale/vi/LC_MESSAGES (apt, dpkg, coreutils, glib20,
//     gtk30, git, iso-codes and others; licences of their packages, mostly
//     GPL-2+ and LGPL-2.1+);
//   - the Vietnamese New Maintainers' Guide (maint-guide-vi, GPL-2+) and
//     man pages (manpages-vi, GPL-2+);
//   - the Vietnamese LibreOffice help (libreoffice-help-vi 7.4.7, 2,561 HTML
//     pages, MPL-2.0);
//   - prose beyond software: the Debian Installation Guide in Vietnamese
//     (installation-guide-amd64 20230508, 84 HTML pages, GPL-2), and the
//     Vietnamese translation of The Battle for Wesnoth 1.16.9, whose stories,
//     dialogues, help and unit descriptions are ordinary prose
//     (wesnoth-1.16-data and the 15 campaign packages wesnoth-1.16-httt,
//     -did, -dm, -dw, -ei, -l, -low, -nr, -sof, -sota, -sotbe, -thot, -trow,
//     -tsg, -ttb, -utbs; GPL-2+). They are what knows "không hề" and "mời".
//
// 3,618 syllables and 35,448 pairs. Only words that pass the syllable rules
// are counted. The packages other than the first two are unpacked with
// dpkg -x rather than installed, to spare their dependencies. To recount:
//
//	apt-get install maint-guide-vi manpages-vi
//	apt-get download libreoffice-help-vi installation-guide-amd64 \
//		wesnoth-1.16-data wesnoth-1.16-{did,dm,dw,ei,httt,l,low,nr,sof,sota,sotbe,thot,trow,tsg,ttb,utbs}
//	for f in *.deb; do dpkg -x $f /tmp/x; done
//	go test ./indexer/textfix -run TestModelData -args -update-freq \
//		-freq-extra /tmp/x/usr/share/libreoffice/help/vi,/tmp/x/usr/share/doc/installation-guide-amd64/vi,/tmp/x/usr/share/games/wesnoth/1.16/locale
//
// data/ja-freq.tsv.gz holds counts of Japanese characters (kana, kanji,
// Japanese punctuation) and of pairs of adjacent ones seen at least twice,
// and no text: 2,481 characters and 37,481 pairs, counted by
// TestJaModelData -update-ja from the Japanese Debian Installation Guide
// (installation-guide-amd64, 84 HTML pages, GPL-2), the Japanese
// LibreOffice help (libreoffice-help-ja 7.4.7, 2,561 pages, MPL-2.0) and
// the Japanese translation of The Battle for Wesnoth 1.16.9 (the packages
// above, GPL-2+), none of them a message catalogue of the base system:
//
//	apt-get download libreoffice-help-ja installation-guide-amd64 wesnoth-1.16-data ...
//	go test ./indexer/textfix -run TestJaModelData -args -update-ja \
//		/tmp/x/usr/share/doc/installation-guide-amd64/ja,/tmp/x/usr/share/libreoffice/help/ja,/tmp/x/usr/share/games/wesnoth/1.16/locale
//
// The Japanese dictionary is kagome-dict's IPA dictionary
// (github.com/ikawaha/kagome-dict/ipa, a Go module the search index
// already uses; IPAdic's licence, which allows redistribution).
//
// emoji_table.go is generated from Unicode's emoji-data.txt (Debian package
// unicode-data) by TestEmojiTable -update-emoji.
package textfix
