// Package post parses a recap post from its repaired text: front matter
// (YAML or TOML), plain-text posts, dates, slugs, language detection, and the
// Markdown body as plain text and as safe HTML.
package post

import (
	"errors"
	"fmt"
	"path"
	"regexp"
	"strings"
	"time"

	"github.com/recaphq/recap/indexer/kb"
	"github.com/recaphq/recap/indexer/markdown"
	"github.com/recaphq/recap/indexer/textrule"
)

// Extensions lists the file name endings that hold posts.
var Extensions = []string{".md", ".markdown", ".txt"}

// IsPostFile reports whether name ends in one of Extensions.
func IsPostFile(name string) bool {
	ext := strings.ToLower(path.Ext(name))
	for _, e := range Extensions {
		if ext == e {
			return true
		}
	}
	return false
}

// ErrEmpty is returned for a file with neither a title nor a body.
var ErrEmpty = errors.New("empty post")

// Parse parses one post. relPath is the file's path relative to the data
// folder, with slashes; text is repaired UTF-8 in NFC with LF line endings.
func Parse(relPath, text string) (kb.Post, error) {
	p := kb.Post{Path: relPath, Slug: Slug(relPath)}
	meta, body, format, err := splitFrontMatter(text)
	if err != nil {
		return kb.Post{}, err
	}
	p.Format = format
	p.Meta = meta
	if format == kb.FormatText || (meta == nil && strings.ToLower(path.Ext(relPath)) == ".txt") {
		p.Format = kb.FormatText
		p.Title, body = plainTitle(body)
		body = trimBoilerplate(body)
	} else {
		p.Title = metaString(meta, "title")
	}
	p.Markdown = strings.Trim(body, "\n")
	if p.Format == kb.FormatText {
		p.Text = p.Markdown
	} else {
		p.Text = markdown.PlainText(p.Markdown)
	}
	if p.Title == "" {
		p.Title = leadingHeading(p.Markdown)
	}
	if p.Title == "" && strings.TrimSpace(p.Text) == "" {
		return kb.Post{}, ErrEmpty
	}
	if p.Title == "" {
		p.Title = fallbackTitle(relPath, p.Text)
	}

	if d, ok, err := metaDate(meta); err != nil {
		return kb.Post{}, err
	} else if ok {
		p.Date = d
	} else {
		p.Date, _ = FileNameDate(relPath)
	}
	p.Tags = metaList(meta, "tags")
	p.Categories = metaList(meta, "categories", "category")

	if l := metaString(meta, "lang", "language"); l != "" {
		p.Lang = normaliseLang(l)
		p.LangFromMeta = true
	} else {
		p.Lang = DetectLang(p.Title + "\n" + p.Text)
	}
	return p, nil
}

// Slug derives a stable, URL-friendly identifier from a post's relative
// path: the path without its extension (and without a leading posts
// folder), made a slug as speaker and event names are (textrule.Slug):
// lowercased, Vietnamese letters folded to ASCII, every run of other
// characters one dash, letters of other scripts (Japanese) kept.
func Slug(relPath string) string {
	s := strings.TrimSuffix(relPath, path.Ext(relPath))
	// Jekyll and Hugo keep posts in a posts folder; naming it in every URL
	// says nothing.
	for _, dir := range []string{"posts/", "_posts/"} {
		s = strings.TrimPrefix(s, dir)
	}
	return textrule.Slug(s)
}

var fileDate = regexp.MustCompile(`(?:^|[^0-9])((?:19|20)[0-9]{2})[-_]?([01][0-9])[-_]?([0-3][0-9])(?:[^0-9]|$)`)

// FileNameDate finds a date such as 2019-01-05 (or 2019_0105) in the file
// name of relPath, or in its folder's name for an index file
// (2019_0415-meetup/README.md).
func FileNameDate(relPath string) (time.Time, bool) {
	for _, m := range fileDate.FindAllStringSubmatch(fileName(relPath), -1) {
		t, err := time.Parse("2006-01-02", m[1]+"-"+m[2]+"-"+m[3])
		if err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

var dateLayouts = []string{
	time.RFC3339,
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05 -07:00",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05",
	"2006-01-02T15:04:05",
	"2006-01-02 15:04 -0700",
	"2006-01-02 15:04",
	"2006-01-02",
	"2006/01/02",
	"2006.01.02",
}

// ParseDate parses the date formats that Jekyll and Hugo posts use.
func ParseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("unrecognised date %q", s)
}

func metaDate(meta map[string]any) (time.Time, bool, error) {
	v, ok := meta["date"]
	if !ok || v == nil {
		return time.Time{}, false, nil
	}
	switch d := v.(type) {
	case time.Time:
		return d, true, nil
	case string:
		if strings.TrimSpace(d) == "" {
			return time.Time{}, false, nil
		}
		t, err := ParseDate(d)
		if err != nil {
			return time.Time{}, false, fmt.Errorf("front matter date: %w", err)
		}
		return t, true, nil
	default:
		return time.Time{}, false, fmt.Errorf("front matter date: unexpected %T", v)
	}
}

func metaString(meta map[string]any, keys ...string) string {
	for _, k := range keys {
		switch v := meta[k].(type) {
		case string:
			if s := strings.TrimSpace(v); s != "" {
				return s
			}
		case nil:
		default:
			return strings.TrimSpace(fmt.Sprint(v))
		}
	}
	return ""
}

// metaList reads a list field that may be written as a list or as one
// string (Jekyll allows "categories: a b", Hugo and others use commas).
func metaList(meta map[string]any, keys ...string) []string {
	var out []string
	seen := map[string]bool{}
	add := func(s string) {
		s = strings.TrimSpace(s)
		if s != "" && !seen[strings.ToLower(s)] {
			seen[strings.ToLower(s)] = true
			out = append(out, s)
		}
	}
	for _, k := range keys {
		switch v := meta[k].(type) {
		case string:
			sep := " "
			if strings.Contains(v, ",") {
				sep = ","
			}
			for _, s := range strings.Split(v, sep) {
				add(s)
			}
		case []any:
			for _, e := range v {
				if e != nil {
					add(fmt.Sprint(e))
				}
			}
		case []string:
			for _, e := range v {
				add(e)
			}
		}
	}
	return out
}

func normaliseLang(l string) string {
	l = strings.ToLower(strings.TrimSpace(l))
	if i := strings.IndexAny(l, "-_"); i > 0 {
		l = l[:i]
	}
	switch l {
	case "vi", "vie", "vietnamese", "tiếng việt":
		return kb.LangVI
	case "ja", "jp", "jpn", "japanese", "日本語":
		return kb.LangJA
	case "en", "eng", "english":
		return kb.LangEN
	}
	return l
}

// plainTitle splits a plain-text post into its first non-empty line, the
// title, and the rest.
func plainTitle(body string) (string, string) {
	rest := body
	for rest != "" {
		line, after, _ := strings.Cut(rest, "\n")
		rest = after
		if t := strings.TrimSpace(line); t != "" {
			return t, rest
		}
	}
	return "", ""
}

// boilerplate lists lines after which a blog export holds no more of the
// post: the blog's own links to other posts.
var boilerplate = []string{
	"popular posts from this blog",
	"related posts",
	"you may also like",
	"bài viết liên quan",
	"bài viết khác",
	"関連記事",
	"人気の投稿",
}

func trimBoilerplate(body string) string {
	lines := strings.Split(body, "\n")
	for i, l := range lines {
		t := strings.ToLower(strings.TrimSpace(l))
		for _, b := range boilerplate {
			if t == b || t == b+":" {
				return strings.Join(lines[:i], "\n")
			}
		}
	}
	return body
}
