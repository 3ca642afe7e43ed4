package post

import (
	"path"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/recaphq/recap/indexer/textrule"
)

// maxTitleRunes is the longest opening heading taken for a title; a longer
// one is a paragraph set in heading type, as exported blog posts have.
const maxTitleRunes = 120

// sectionHeadings are the headings that open a post's first section rather
// than name the post ("# Mở đầu", "# Introduction"), compared lowercased
// and without a trailing colon.
var sectionHeadings = map[string]bool{
	"giới thiệu": true, "giới thiệu chung": true, "giới thiệu tổng quan": true,
	"lời đầu": true, "lời tựa": true, "lời nói đầu": true, "lời mở đầu": true,
	"mở đầu": true, "tổng quan": true, "đặt vấn đề": true, "mục lục": true,
	"introduction": true, "intro": true, "overview": true, "background": true,
	"summary": true, "table of contents": true, "contents": true, "tl;dr": true,
	"はじめに": true, "概要": true, "目次": true, "まえがき": true,
}

// leadingHeading returns the top-level heading that opens a Markdown
// post, which is then its title. A "# " line further down is a section
// ("# Giới thiệu") or a comment in a code block, not the title; so is an
// opening heading that names a section or runs to a paragraph.
func leadingHeading(md string) string {
	for _, l := range strings.Split(md, "\n") {
		if strings.TrimSpace(l) == "" {
			continue
		}
		if !strings.HasPrefix(l, "# ") {
			return ""
		}
		h := strings.TrimSpace(l[2:])
		key := strings.TrimRight(strings.ToLower(h), ":： ")
		if sectionHeadings[key] || utf8.RuneCountInString(h) > maxTitleRunes {
			return ""
		}
		return h
	}
	return ""
}

// indexNames are file names that name their folder's page, not a post:
// the post is then named by its folder (Hugo's page bundles, a GitHub
// folder's README).
var indexNames = map[string]bool{"index": true, "_index": true, "readme": true}

// fileName returns the name a post's file gives it: the file's name
// without its extension, or its folder's for an index file. A path
// flattened into one name, its folders joined by "__" (as mirrors and
// exports of several blogs name their files:
// "owner__repo__2019_0415-Meetup_README.md"), is read as that path: the
// owner and repository name no post.
func fileName(relPath string) string {
	name := strings.TrimSuffix(path.Base(relPath), path.Ext(relPath))
	dir := path.Base(path.Dir(relPath))
	if parts := strings.Split(name, "__"); len(parts) > 1 {
		name, dir = parts[len(parts)-1], parts[len(parts)-2]
		// A flattened README keeps its folder's name before it:
		// "2019_0415-Meetup_README".
		if i := strings.LastIndexAny(name, "_-"); i > 0 && indexNames[strings.ToLower(name[i+1:])] {
			name = name[:i]
		}
	}
	if indexNames[strings.ToLower(name)] && dir != "." && dir != "/" && dir != "" {
		return dir
	}
	return name
}

// fallbackTitle names a post that has neither a title field nor an opening
// heading: by the words of its file name ("can-bang-tai-voi-nginx.md" is
// "cân bằng tải với nginx" when the text spells those words so), or else by
// the start of its text.
func fallbackTitle(relPath, text string) string {
	name := fileDate.ReplaceAllStringFunc(fileName(relPath), dropDate)
	if words := strings.Fields(strings.NewReplacer("-", " ", "_", " ", ".", " ").Replace(name)); len(words) > 0 {
		return capitalise(strings.Join(spellLikeText(words, text), " "))
	}
	first, _ := plainTitle(text)
	if r := []rune(first); len(r) > 80 {
		first = string(r[:80]) + "…"
	}
	return first
}

// dropDate turns a date matched by fileDate into a space between the words
// around it ("meetup-2019-01-05-tokyo" is "meetup tokyo"), keeping the
// character next to the date that the match took in when it is no digit
// or separator.
func dropDate(m string) string {
	rs := []rune(m)
	keep := func(r rune) string {
		if r >= '0' && r <= '9' || r == '-' || r == '_' {
			return ""
		}
		return string(r)
	}
	return keep(rs[0]) + " " + keep(rs[len(rs)-1])
}

// textWord is a word of a text as written and in the form file names
// spell it in: lower case, without accents (textrule.Slug of one word).
type textWord struct{ raw, key string }

// spellLikeText gives the words of a file name the spelling the text uses
// for them: file names drop accents and case ("tim-hieu-ve-service-mesh"),
// the text has "Tìm hiểu về Service Mesh". Each longest run of words that
// the text has in a row, compared without accents and case, is taken from
// its first place there; other words stay as they are.
func spellLikeText(words []string, text string) []string {
	var tw []textWord
	for _, f := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		tw = append(tw, textWord{f, textrule.Slug(f)})
	}
	keys := make([]string, len(words))
	for i, w := range words {
		// A word with a capital letter is spelt as its author meant it.
		if strings.ToLower(w) == w {
			keys[i] = textrule.Slug(w)
		}
	}
	out := make([]string, 0, len(words))
	for i := 0; i < len(words); {
		bestLen, bestAt := 0, -1
		for j := range tw {
			n := 0
			for i+n < len(keys) && j+n < len(tw) && keys[i+n] != "" && tw[j+n].key == keys[i+n] {
				n++
			}
			if n > bestLen {
				bestLen, bestAt = n, j
			}
		}
		switch bestLen {
		case 0:
			out = append(out, words[i])
			i++
			continue
		case 1:
			// A word alone is ambiguous without its neighbours ("tai" is
			// tải or tại, "ban" bạn or bản): only its case is taken from
			// the text ("nginx" as Nginx), when the text always writes it so.
			out = append(out, caseFromText(words[i], keys[i], tw))
			i++
			continue
		}
		for k := 0; k < bestLen; k++ {
			out = append(out, tw[bestAt+k].raw)
		}
		i += bestLen
	}
	return out
}

// caseFromText returns w as the words of ws with its key spell it when
// they all spell it the same way and differ from w in case only.
func caseFromText(w, key string, ws []textWord) string {
	spelling := ""
	for _, x := range ws {
		if x.key != key {
			continue
		}
		if spelling != "" && x.raw != spelling {
			return w
		}
		spelling = x.raw
	}
	if spelling == "" || strings.ToLower(spelling) != w {
		return w
	}
	return spelling
}

// capitalise upper-cases the first letter of s.
func capitalise(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError || !unicode.IsLower(r) {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}
