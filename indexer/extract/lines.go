package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// kind is what a line of a post's Markdown is.
type kind int

const (
	kBlank kind = iota
	kText
	kHeading
	kItem  // a list item: "- x", "1. x", "・x", "🎤 x"
	kTable // a table row: "| a | b |"
	kImage // a line that is only an image
	kCode  // inside a fenced code block
	kRule  // a thematic break
)

// line is one line of Markdown with its syntax taken apart.
type line struct {
	kind   kind
	level  int    // heading level
	indent int    // leading spaces (tabs count 4)
	text   string // content without the heading or list marker
	raw    string
	image  string // the image's file name without extension, for kImage
	plain  string // text without inline Markdown
}

var (
	reHeading  = lazyRE(`^(#{1,6})\s+(.*?)\s*#*\s*$`)
	reItem     = lazyRE(`^(?:[-*+•・●◆■▪►▶︎➤✅✔]|\d{1,2}[.)．]|[（(]\d{1,2}[)）])\s*`)
	reImage    = lazyRE(`^!\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)$|^<img\s[^>]*src="([^"]+)"[^>]*>$`)
	reRule     = lazyRE(`^(?:\*\s*){3,}$|^(?:-\s*){3,}$|^(?:_\s*){3,}$`)
	reTableSep = lazyRE(`^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$`)
)

// splitLines takes a post's Markdown apart into classified lines.
func splitLines(md string) []line {
	raws := strings.Split(md, "\n")
	out := make([]line, 0, len(raws))
	fence := ""
	for _, raw := range raws {
		indent := 0
		for _, r := range raw {
			if r == ' ' {
				indent++
			} else if r == '\t' {
				indent += 4
			} else {
				break
			}
		}
		s := strings.TrimSpace(raw)
		l := line{raw: raw, indent: indent, text: s}
		switch {
		case fence != "":
			l.kind = kCode
			if strings.HasPrefix(s, fence) {
				fence = ""
			}
		case strings.HasPrefix(s, "```") || strings.HasPrefix(s, "~~~"):
			l.kind = kCode
			fence = s[:3]
		case s == "":
			l.kind = kBlank
		case strings.ContainsRune("*-_", rune(s[0])) && reRule.MatchString(s):
			l.kind = kRule
		case strings.HasPrefix(s, "#"):
			if m := reHeading.FindStringSubmatch(s); m != nil {
				l.kind, l.level, l.text = kHeading, len(m[1]), m[2]
			} else {
				l.kind = kText
			}
		case strings.HasPrefix(s, "|") && strings.Count(s, "|") >= 2:
			l.kind = kTable
		case (s[0] == '!' || s[0] == '<') && reImage.MatchString(s):
			l.kind = kImage
			m := reImage.FindStringSubmatch(s)
			src := m[1] + m[2]
			if i := strings.LastIndexAny(src, "/"); i >= 0 {
				src = src[i+1:]
			}
			if i := strings.IndexAny(src, "?#:"); i >= 0 {
				src = src[:i]
			}
			if i := strings.LastIndexByte(src, '.'); i > 0 {
				src = src[:i]
			}
			l.image = src
		default:
			if loc := reItem.FindStringIndex(s); loc != nil && (loc[1] < len(s)) && !strings.HasPrefix(s, "**") {
				l.kind, l.text = kItem, strings.TrimSpace(s[loc[1]:])
			} else if r, size := utf8.DecodeRuneInString(s); isEmoji(r) && size < len(s) {
				l.kind, l.text = kItem, strings.TrimSpace(strings.TrimLeftFunc(s, func(r rune) bool { return isEmoji(r) || r == '\ufe0f' || r == ' ' }))
			} else {
				l.kind = kText
			}
		}
		if l.kind != kCode && l.kind != kBlank {
			l.plain = inline(l.text)
		}
		out = append(out, l)
	}
	return out
}

func isEmoji(r rune) bool {
	return r >= 0x1F300 && r <= 0x1FAFF || r >= 0x2600 && r <= 0x27BF
}

var (
	reMdLink   = lazyRE(`!?\[([^\]]*)\]\([^)]*\)`)
	reEmbed    = lazyRE(`@\[[^\]]*\]\([^)]*\)`) // Zenn embeds: @[speakerdeck](id)
	reRefLink  = lazyRE(`\[\[([^\]]*)\]\]`)
	reEmphasis = lazyRE(`\*\*|~~|` + "`")
	reHTMLTag  = lazyRE(`<[^>]{1,200}>`)
	reBareURL  = lazyRE(`https?://\S+`)
)

// inline removes inline Markdown: links keep their text, images and
// emphasis marks go.
func inline(s string) string {
	if !strings.ContainsAny(s, "[*`<~") {
		return s
	}
	s = reEmbed.ReplaceAllString(s, "")
	s = reRefLink.ReplaceAllString(s, "")
	s = reMdLink.ReplaceAllStringFunc(s, func(m string) string {
		if strings.HasPrefix(m, "!") {
			return ""
		}
		return reMdLink.FindStringSubmatch(m)[1]
	})
	s = reEmphasis.ReplaceAllString(s, "")
	s = reHTMLTag.ReplaceAllString(s, "")
	return strings.TrimSpace(s)
}

// links returns the URLs of Markdown links and bare URLs in s, by the
// labels around them.
func links(s string) (slides, video string) {
	for _, m := range reMdLinkURL.FindAllStringSubmatch(s, -1) {
		label, url := strings.ToLower(m[1]), m[2]
		classify(label, url, &slides, &video)
	}
	for _, url := range reBareURL.FindAllString(s, -1) {
		url = strings.TrimRight(url, ").,、。）")
		classify("", url, &slides, &video)
	}
	return slides, video
}

var reMdLinkURL = lazyRE(`\[\[?([^\]]*)\]?\]\((https?://[^)\s]+)\)`)

func classify(label, url string, slides, video *string) {
	lu := strings.ToLower(url)
	switch {
	case *video == "" && (strings.Contains(lu, "youtube.com/watch") || strings.Contains(lu, "youtu.be/") ||
		strings.Contains(lu, "vimeo.com/") || strings.Contains(label, "video") || strings.Contains(label, "recording") ||
		strings.Contains(label, "動画")):
		*video = url
	case *slides == "" && (strings.Contains(lu, "speakerdeck.com/") || strings.Contains(lu, "slideshare.net/") ||
		strings.Contains(lu, "docs.google.com/presentation") || strings.HasSuffix(lu, ".pdf") ||
		strings.Contains(label, "slide") || strings.Contains(label, "スライド") || strings.Contains(label, "資料")):
		*slides = url
	}
}

// runeLen is the length of s in runes.
func runeLen(s string) int { return utf8.RuneCountInString(s) }

// hasLetter reports whether s has at least n letters.
func hasLetters(s string, n int) bool {
	c := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			c++
			if c >= n {
				return true
			}
		}
	}
	return false
}
