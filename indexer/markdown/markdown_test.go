package markdown

import (
	"strings"
	"testing"
)

func TestHTMLDropsRawHTML(t *testing.T) {
	html, err := HTML("Hi <script>alert(1)</script>\n\n<div>x</div>\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nhttps://example.com\n", false)
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"<script>", "<div>"} {
		if strings.Contains(html, bad) {
			t.Errorf("rendered HTML contains %s:\n%s", bad, html)
		}
	}
	for _, want := range []string{"<table>", `<a href="https://example.com">`} {
		if !strings.Contains(html, want) {
			t.Errorf("rendered HTML lacks %s:\n%s", want, html)
		}
	}
	text, _ := HTML("a <b>\nline\n\npara", true)
	if text != "<p>a &lt;b&gt;<br>\nline</p>\n<p>para</p>\n" {
		t.Errorf("plain text rendered as %q", text)
	}
}
