// Package markdown is recap's one Markdown dialect: GitHub-flavoured
// Markdown without raw HTML. The indexer reads a post's plain text with it
// and the server renders the post's page with it, so what is searched is
// what is shown.
package markdown

import (
	"bytes"
	"fmt"
	"html"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
)

// md renders GitHub-flavoured Markdown (tables, autolinks, strikethrough).
// It is built without html.WithUnsafe, so raw HTML in a post is dropped.
var md = goldmark.New(goldmark.WithExtensions(extension.GFM))

// HTML renders a post's body to HTML that is safe to embed: raw HTML in
// the source is omitted. A plain-text body (plain set) keeps its
// paragraphs and line breaks and is escaped.
func HTML(body string, plain bool) (string, error) {
	if plain {
		var b strings.Builder
		for _, para := range strings.Split(body, "\n\n") {
			para = strings.Trim(para, "\n")
			if strings.TrimSpace(para) == "" {
				continue
			}
			b.WriteString("<p>")
			b.WriteString(strings.ReplaceAll(html.EscapeString(para), "\n", "<br>\n"))
			b.WriteString("</p>\n")
		}
		return b.String(), nil
	}
	var buf bytes.Buffer
	if err := md.Convert([]byte(body), &buf); err != nil {
		return "", fmt.Errorf("render markdown: %w", err)
	}
	return buf.String(), nil
}

// Parse parses Markdown in recap's dialect into its syntax tree, for
// readers of a post's structure (the talk extractor); segments in the tree
// index src.
func Parse(src []byte) ast.Node {
	return md.Parser().Parse(text.NewReader(src))
}

// PlainText renders Markdown to the text a reader sees: no syntax, no raw
// HTML, one block per paragraph. Link targets are dropped, image alt text
// and code are kept since people search for both.
func PlainText(markdown string) string {
	src := []byte(markdown)
	doc := Parse(src)
	var b strings.Builder
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		switch n := n.(type) {
		case *ast.Text:
			if entering {
				b.Write(n.Segment.Value(src))
				if n.SoftLineBreak() || n.HardLineBreak() {
					b.WriteByte('\n')
				}
			}
		case *ast.String:
			if entering {
				b.Write(n.Value)
			}
		case *ast.CodeSpan:
			// Its children are Text nodes; nothing to add.
		case *ast.AutoLink:
			if entering {
				b.Write(n.URL(src))
			}
			return ast.WalkSkipChildren, nil
		case *ast.FencedCodeBlock, *ast.CodeBlock:
			if entering {
				lines := n.Lines()
				for i := 0; i < lines.Len(); i++ {
					seg := lines.At(i)
					b.Write(seg.Value(src))
				}
				b.WriteByte('\n')
			}
			return ast.WalkSkipChildren, nil
		case *ast.HTMLBlock, *ast.RawHTML:
			return ast.WalkSkipChildren, nil
		}
		if !entering && n.Type() == ast.TypeBlock {
			if s := b.String(); len(s) > 0 && !strings.HasSuffix(s, "\n\n") {
				if strings.HasSuffix(s, "\n") {
					b.WriteByte('\n')
				} else {
					b.WriteString("\n\n")
				}
			}
		} else if !entering && n.Kind() == east.KindTableCell {
			b.WriteString(" ")
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(b.String())
}
