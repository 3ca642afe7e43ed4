package extract

import (
	"bytes"
	"sort"
	"strings"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"

	"github.com/recaphq/recap/indexer/markdown"
)

// bkind is what a block of a post's syntax tree is.
type bkind int

const (
	bHeading bkind = iota
	bPara
	bItem // a list item's own text, without its sub-lists
	bRow  // a table row, Markdown or HTML
	bHTML // a raw HTML block
)

// link is a link of a block: its text and where it goes.
type link struct{ label, url string }

// block is one block of a post as goldmark parses it, with the text a
// reader sees and the links it holds. The cue model reads blocks; the
// line rules read lines.
type block struct {
	kind  bkind
	level int    // heading level; list depth (1 = top level) for items
	src   string // the block's Markdown source, soft line breaks as spaces
	plain string // what a reader sees: no markup, link labels without platform tags
	line  int    // 0-based line of the Markdown where the block starts
	links []link
	bold  []string // text of strong emphasis
	cells []string // plain text of a row's cells
	head  bool     // a header row
	table int      // which table a row belongs to
}

// blocksOf parses md with the project's Markdown dialect and flattens its
// tree into blocks in reading order.
func blocksOf(md string) []block {
	src := []byte(md)
	doc := markdown.Parse(src)
	nl := newlineOffsets(src)
	lineAt := func(off int) int { return sort.SearchInts(nl, off+1) }
	var out []block
	tables := 0
	lastLine := 0
	add := func(b block, n ast.Node) {
		if l := n.Lines(); l != nil && l.Len() > 0 {
			b.line = lineAt(l.At(0).Start)
		} else {
			b.line = lastLine
		}
		lastLine = b.line
		out = append(out, b)
	}
	walkInto(doc, src, add, &tables)
	return out
}

// walkInto adds the blocks of the subtree at root: a list item's own
// paragraphs make one item block, its sub-lists items of their own.
func walkInto(root ast.Node, src []byte, add func(block, ast.Node), tables *int) {
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if li, ok := n.(*ast.ListItem); ok {
			depth := 0
			for p := li.Parent(); p != nil; p = p.Parent() {
				if p.Kind() == ast.KindList {
					depth++
				}
			}
			// The item's first paragraph is the item; what follows it
			// (more paragraphs, sub-lists) are blocks of their own.
			var first ast.Node
			for c := li.FirstChild(); c != nil; c = c.NextSibling() {
				if first == nil && (c.Kind() == ast.KindParagraph || c.Kind() == ast.KindTextBlock) {
					first = c
					b := inlineBlock(c, src)
					b.kind, b.level = bItem, depth
					add(b, c)
					continue
				}
				walkInto(c, src, add, tables)
			}
			return ast.WalkSkipChildren, nil
		}
		if walkBlock(n, src, add, tables) {
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
}

// walkBlock adds the block n is, when it is a paragraph, a table or raw
// HTML, and reports whether its children are taken.
func walkBlock(n ast.Node, src []byte, add func(block, ast.Node), tables *int) bool {
	switch n := n.(type) {
	case *ast.Heading:
		b := inlineBlock(n, src)
		b.kind, b.level = bHeading, n.Level
		add(b, n)
		return true
	case *ast.Paragraph, *ast.TextBlock:
		b := inlineBlock(n, src)
		b.kind = bPara
		for p := n.Parent(); p != nil; p = p.Parent() {
			if p.Kind() == ast.KindList {
				b.level++ // a paragraph of a list item: its depth
			}
		}
		// A short paragraph that is all bold stands for a heading: "**Talk
		// title**" over the paragraphs about it.
		if len(b.bold) == 1 && n.Parent() != nil && n.Parent().Kind() == ast.KindDocument &&
			strings.Trim(b.plain, " :：") == strings.TrimSpace(b.bold[0]) && runeLen(b.plain) <= 150 {
			b.kind, b.level = bHeading, 7
		}
		add(b, n)
		return true
	case *east.Table:
		*tables++
		for r := n.FirstChild(); r != nil; r = r.NextSibling() {
			b := block{kind: bRow, table: *tables, head: r.Kind() == east.KindTableHeader}
			var firstCell ast.Node
			for c := r.FirstChild(); c != nil; c = c.NextSibling() {
				cb := inlineBlock(c, src)
				if firstCell == nil {
					firstCell = c
				}
				b.cells = append(b.cells, cb.plain)
				b.links = append(b.links, cb.links...)
				b.src += "| " + cb.src + " "
			}
			b.plain = strings.Join(b.cells, " | ")
			if firstCell == nil {
				firstCell = r
			}
			add(b, firstCell)
		}
		return true
	case *ast.HTMLBlock:
		var buf bytes.Buffer
		l := n.Lines()
		for i := 0; i < l.Len(); i++ {
			seg := l.At(i)
			buf.Write(seg.Value(src))
		}
		if n.HasClosure() {
			buf.Write(n.ClosureLine.Value(src))
		}
		raw := buf.String()
		b := block{kind: bHTML, src: raw, plain: strings.TrimSpace(inline(raw))}
		for _, m := range reHTMLLink.FindAllStringSubmatch(raw, -1) {
			b.links = append(b.links, link{label: strings.TrimSpace(inline(m[2])), url: m[1]})
		}
		for _, m := range reHTMLSrc.FindAllStringSubmatch(raw, -1) {
			b.links = append(b.links, link{url: m[1]})
		}
		add(b, n)
		return true
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		return true
	}
	return false
}

var (
	reHTMLLink = lazyRE(`(?is)<a\s[^>]*href="([^"]+)"[^>]*>(.*?)</a>`)
	reHTMLSrc  = lazyRE(`(?is)<(?:iframe|embed|video|source)\s[^>]*src="([^"]+)"`)
	// A platform's name that a link label carries after the person's:
	// "せいけしろー(@seike460)さん | Twitter", "… - Speaker Deck".
	reLabelPlatform = lazyRE(`(?i)\s*(?:[|/｜／\-–—]|\bon)\s*(?:twitter|x|github|speaker\s?deck|slideshare|youtube|qiita|note|connpass|medium|zenn|facebook|linkedin|docswell)\s*$`)
	reShortcode     = lazyRE(`\{\{<?\s*(?:video|youtube|speakerdeck|slideshare|vimeo)\s+"?([^"\s}>]+)"?[^}]*>?\}\}`)
)

// inlineBlock renders the inline content of n: its source, the text a
// reader sees, its links and its strong emphasis.
func inlineBlock(n ast.Node, src []byte) block {
	var b block
	if l := n.Lines(); l != nil {
		var s strings.Builder
		for i := 0; i < l.Len(); i++ {
			seg := l.At(i)
			s.Write(seg.Value(src))
		}
		b.src = strings.Join(strings.Fields(s.String()), " ")
	}
	var plain strings.Builder
	var walk func(n ast.Node)
	walk = func(n ast.Node) {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch c := c.(type) {
			case *ast.Text:
				plain.Write(c.Segment.Value(src))
				if c.SoftLineBreak() || c.HardLineBreak() {
					plain.WriteByte(' ')
				}
			case *ast.String:
				plain.Write(c.Value)
			case *ast.CodeSpan:
				walk(c)
			case *ast.Image:
				// An image's alt text is no text of the line.
			case *ast.AutoLink:
				u := string(c.URL(src))
				b.links = append(b.links, link{url: u})
				plain.WriteString(u)
			case *ast.Link:
				var lb strings.Builder
				textOf(c, src, &lb)
				label := strings.TrimSpace(lb.String())
				b.links = append(b.links, link{label: label, url: string(c.Destination)})
				plain.WriteString(reLabelPlatform.ReplaceAllString(label, ""))
			case *ast.Emphasis:
				if c.Level >= 2 {
					var eb strings.Builder
					textOf(c, src, &eb)
					b.bold = append(b.bold, strings.TrimSpace(eb.String()))
				}
				walk(c)
			case *ast.RawHTML:
				// Inline tags carry no text; an embed's source is a link.
				var rb strings.Builder
				for i := 0; i < c.Segments.Len(); i++ {
					seg := c.Segments.At(i)
					rb.Write(seg.Value(src))
				}
				for _, m := range reHTMLSrc.FindAllStringSubmatch(rb.String(), -1) {
					b.links = append(b.links, link{url: m[1]})
				}
			default:
				walk(c)
			}
		}
	}
	walk(n)
	p := plain.String()
	for _, m := range reShortcode.FindAllStringSubmatch(p, -1) {
		b.links = append(b.links, link{url: m[1]})
	}
	p = reShortcode.ReplaceAllString(p, "")
	p = reEmbed.ReplaceAllStringFunc(p, func(m string) string {
		b.links = append(b.links, link{url: m})
		return ""
	})
	for _, u := range reBareURL.FindAllString(p, -1) {
		b.links = append(b.links, link{url: strings.TrimRight(u, ").,、。）")})
	}
	b.plain = strings.Join(strings.Fields(p), " ")
	return b
}

// textOf writes the text of n's inline descendants.
func textOf(n ast.Node, src []byte, b *strings.Builder) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Segment.Value(src))
			if c.SoftLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		case *ast.Image:
		default:
			textOf(c, src, b)
		}
	}
}

func newlineOffsets(src []byte) []int {
	var out []int
	for i, c := range src {
		if c == '\n' {
			out = append(out, i)
		}
	}
	return out
}

// mediaOf returns the slides and video among links.
func mediaOf(ls []link) (slides, video string) {
	for _, l := range ls {
		u := l.url
		if strings.HasPrefix(u, "@[") {
			// A Zenn embed: @[speakerdeck](id).
			if strings.Contains(u, "speakerdeck") || strings.Contains(u, "slideshare") || strings.Contains(u, "docswell") {
				if slides == "" {
					slides = u
				}
			} else if strings.Contains(u, "youtube") && video == "" {
				video = u
			}
			continue
		}
		if strings.Contains(strings.ToLower(u), "youtube.com/embed/") && video == "" {
			video = u
			continue
		}
		if strings.Contains(strings.ToLower(u), "youtube.com/playlist") {
			continue // a playlist is many talks
		}
		classify(strings.ToLower(l.label), u, &slides, &video)
	}
	return slides, video
}
