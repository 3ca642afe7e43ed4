// Package textfix turns the bytes of a recap post into clean UTF-8: it
// decodes legacy encodings, repairs mojibake, restores characters whose
// bytes were lost, normalises line endings and applies Unicode NFC. It
// knows nothing of files, posts or indexes.
//
// # Steps
//
// Repair first proves most clean text clean in one pass (valid UTF-8, no
// byte-order mark, CR or escape, no code-page characters spelling a UTF-8
// sequence, no kanji of Japanese mojibake, no character NFC would touch)
// and returns it as it is. Otherwise it
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
//     read as CP932 (縺 繧 繝) is rebuilt the same way. Repair peels layers
//     until nothing changes, so it is idempotent.
//  3. restores lost bytes: where a sequence lacks one byte and the
//     document is plainly damaged, the bytes the code page drops (its
//     undefined bytes and the soft hyphen) are tried in every place. For a
//     Vietnamese letter the candidates must make a well-formed syllable
//     (syllable.go) in the letter case of the word and the sentence, and
//     the most likely one given the neighbouring syllables is chosen; other
//     characters (a closing quote, an emoji) are restored when only one
//     candidate fits. Report.Restorations lists each with its candidates.
//  4. normalises line endings to LF and text to NFC.
//
// # Data
//
// data/vi-freq.tsv.gz holds counts of Vietnamese syllables and of pairs of
// adjacent syllables (pairs seen at least twice), lower-cased, and nothing
// else: no text. They were counted by TestModelData -update-freq from the
// Vietnamese message catalogues that Debian 12 packages install under
// /usr/share/locale/vi/LC_MESSAGES (59 catalogues of the base system: apt,
// dpkg, coreutils, glib20, gtk20, git, iso-codes and others), the
// Vietnamese New Maintainers' Guide (package maint-guide-vi, HTML), the
// Vietnamese man pages (package manpages-vi) and the Vietnamese LibreOffice
// help (package libreoffice-help-vi 7.4.7, 2,561 HTML pages, unpacked with
// dpkg -x rather than installed, to spare its dependencies): 2,344
// syllables and 34,924 pairs. Only words that pass the syllable rules are
// counted. To recount:
//
//	apt-get install maint-guide-vi manpages-vi
//	apt-get download libreoffice-help-vi && dpkg -x libreoffice-help-vi_*.deb /tmp/lo
//	go test ./indexer/textfix -run TestModelData -args -update-freq \
//		-freq-extra /tmp/lo/usr/share/libreoffice/help/vi
//
// emoji_table.go is generated from Unicode's emoji-data.txt (Debian package
// unicode-data) by TestEmojiTable -update-emoji.
package textfix
