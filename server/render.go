package server

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/recaphq/recap/indexer/kb"
	"github.com/recaphq/recap/indexer/search"
	"github.com/recaphq/recap/ui"
)

// pages holds one template set per page, each parsed with the layout and
// the partials. Separate sets keep each page's "title" and "content" blocks
// from clashing with another page's.
type pages struct {
	sets map[string]*template.Template
}

func parsePages(fsys fs.FS, funcs template.FuncMap) (*pages, error) {
	names, err := fs.Glob(fsys, "pages/*.html")
	if err != nil {
		return nil, err
	}
	partials, err := fs.Glob(fsys, "partials/*.html")
	if err != nil {
		return nil, err
	}
	p := &pages{sets: map[string]*template.Template{}}
	for _, name := range names {
		files := append([]string{"layout.html"}, partials...)
		files = append(files, name)
		t, err := template.New("layout").Funcs(funcs).ParseFS(fsys, files...)
		if err != nil {
			return nil, fmt.Errorf("parse %s: %w", name, err)
		}
		p.sets[strings.TrimSuffix(path.Base(name), ".html")] = t
	}
	return p, nil
}

// pageData is what every page template receives.
type pageData struct {
	UILang string
	// Q is the query shown in the search box.
	Q    string
	Data any
	url  *url.URL
}

// LangURL is the current page in another interface language.
func (d pageData) LangURL(lang string) string {
	u := *d.url
	q := u.Query()
	q.Set("ui", lang)
	u.RawQuery = q.Encode()
	return u.RequestURI()
}

// baseFuncs are the template functions that do not depend on the request.
// T, which does, is added to a clone of the set per request.
func (s *Server) baseFuncs() template.FuncMap {
	return template.FuncMap{
		"T":           func(key string) string { return key },
		"asset":       s.assets.url,
		"uiLangs":     func() []string { return ui.Languages },
		"uiLangName":  func(l string) string { return s.catalog.T(l, "lang."+l) },
		"langName":    func(l string) string { return l },
		"fmtDate":     func(t time.Time) string { return t.Format("2006-01-02") },
		"ms":          func(d time.Duration) string { return fmt.Sprintf("%.1f", float64(d.Microseconds())/1000) },
		"lower":       strings.ToLower,
		"add":         func(a, b int) int { return a + b },
		"sub":         func(a, b int) int { return a - b },
		"percent":     func(f float64) int { return int(f*100 + 0.5) },
		"paragraphs":  paragraphs,
		"otherLabels": otherLabels,
		"topicLabel":  func(t kb.Topic) string { return t.Slug },
		"path":        routePath,
		"hitPath":     HitPath,
		"marks":       marks,
	}
}

// marks renders an excerpt as HTML: its text escaped, what matched the
// query in <mark>.
func marks(e search.Excerpt) template.HTML {
	var b strings.Builder
	e.Pieces(func(text string, marked bool) {
		if marked {
			b.WriteString("<mark>")
		}
		template.HTMLEscape(&b, []byte(text))
		if marked {
			b.WriteString("</mark>")
		}
	})
	return template.HTML(b.String())
}

// uiLang picks the interface language: the ui parameter, else the
// browser's Accept-Language, else English.
func (s *Server) uiLang(c *gin.Context) string {
	if l := c.Query("ui"); l != "" {
		for _, known := range ui.Languages {
			if l == known {
				return l
			}
		}
	}
	for _, part := range strings.Split(c.GetHeader("Accept-Language"), ",") {
		tag := strings.ToLower(strings.TrimSpace(strings.SplitN(part, ";", 2)[0]))
		for _, known := range ui.Languages {
			if tag == known || strings.HasPrefix(tag, known+"-") {
				return known
			}
		}
	}
	return ui.Languages[0]
}

// render executes a page into a buffer first, so that a template error
// becomes an error page rather than half a page.
func (s *Server) render(c *gin.Context, status int, page string, data any, q string) {
	lang := s.uiLang(c)
	set, ok := s.pages.sets[page]
	if !ok {
		s.log.Error("no such page template", "page", page)
		c.String(http.StatusInternalServerError, "internal error")
		return
	}
	t, err := set.Clone()
	if err == nil {
		t.Funcs(template.FuncMap{
			"T":          func(key string) string { return s.catalog.T(lang, key) },
			"langName":   func(l string) string { return s.catalog.T(lang, "lang."+l) },
			"topicLabel": func(tp kb.Topic) string { return tp.Label(lang) },
		})
		var buf bytes.Buffer
		err = t.ExecuteTemplate(&buf, "layout", pageData{UILang: lang, Q: q, Data: data, url: c.Request.URL})
		if err == nil {
			c.Header("Content-Language", lang)
			c.Data(status, "text/html; charset=utf-8", buf.Bytes())
			return
		}
	}
	s.log.Error("render page", "page", page, "err", err)
	c.String(http.StatusInternalServerError, "internal error")
}

// paragraphs splits plain text at blank lines.
func paragraphs(s string) []string {
	var out []string
	for _, p := range strings.Split(s, "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// label is a topic's name in one language.
type label struct {
	Lang string
	Text string
}

// otherLabels returns a topic's names in the other languages, each once,
// leaving out the one shown as its title.
func otherLabels(labels map[string]string, shown string) []label {
	var out []label
	seen := map[string]bool{shown: true}
	for _, lang := range kb.Languages {
		if l := labels[lang]; l != "" && !seen[l] {
			seen[l] = true
			out = append(out, label{lang, l})
		}
	}
	return out
}
