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
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/recaphq/recap/indexer/kb"
	"github.com/recaphq/recap/indexer/search"
	"github.com/recaphq/recap/ui"
)

// pages holds one template set per page, each parsed with the layout and
// the partials. Separate sets keep each page's "title" and "content" blocks
// from clashing with another page's. Each set is bound to an interface
// language once, when a page is first rendered in it (see lookup): a set
// cloned and escaped for every request cost a quarter of a search page's
// time, and every set bound to every language at start held 7 MB of
// copied templates (nine pages, three languages, two kinds of link, each
// copy with the layout and every partial) in a server that may render few
// of them, or none when it answers the API alone.
type pages struct {
	sets map[string]*template.Template
	// funcs gives the functions of the pages of an interface language.
	funcs func(lang string, uiInURL bool) template.FuncMap

	mu    sync.Mutex
	bound map[pageKey]*template.Template
}

// pageKey names a page's set bound to an interface language, and to
// whether the page's address chose that language, which its links then
// carry (see withUI).
type pageKey struct {
	page, lang string
	uiInURL    bool
}

// bind makes the pages bind their sets to a language with the functions
// that funcs gives for it.
func (p *pages) bind(funcs func(lang string, uiInURL bool) template.FuncMap) {
	p.funcs = funcs
	p.bound = map[pageKey]*template.Template{}
}

// lookup returns the set of k's page bound to k's language, binding it on
// first use; ok is false for a page there is no set of. html/template
// escapes a bound set at its first execution; after that, executions may
// run at once.
func (p *pages) lookup(k pageKey) (*template.Template, bool, error) {
	set, ok := p.sets[k.page]
	if !ok {
		return nil, false, nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if t, ok := p.bound[k]; ok {
		return t, true, nil
	}
	t, err := set.Clone()
	if err != nil {
		return nil, true, fmt.Errorf("page %s: %w", k.page, err)
	}
	t.Funcs(p.funcs(k.lang, k.uiInURL))
	p.bound[k] = t
	return t, true, nil
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
	// Base is the site's public address, for absolute links.
	Base string
	// Description sums the page up for search engines and link
	// previews.
	Description string
	// Feed is the Atom feed of what the page lists.
	Feed feedLink
	url  *url.URL
}

// feedLink is an Atom feed a page links to.
type feedLink struct {
	Title string
	URL   string
}

// LangURL is the current page in another interface language.
func (d pageData) LangURL(lang string) string {
	u := *d.url
	q := u.Query()
	q.Set("ui", lang)
	u.RawQuery = q.Encode()
	return u.RequestURI()
}

// Canonical is the absolute address of the page in its interface
// language: what a link to it should be, whatever the request carried.
func (d pageData) Canonical() string { return d.Base + d.LangURL(d.UILang) }

// Alternate is the absolute address of the page in another interface
// language, for hreflang links.
func (d pageData) Alternate(lang string) string { return d.Base + d.LangURL(lang) }

// Locale is the OpenGraph locale of the interface language.
func (d pageData) Locale() string {
	return map[string]string{"vi": "vi_VN", "ja": "ja_JP", "en": "en_US"}[d.UILang]
}

// describer is page data that sums itself up; other pages get the
// site's description.
type describer interface {
	description() string
}

// feeder is page data that has a feed of its own: a topic, a speaker, a
// language.
type feeder interface {
	feed(label func(param, value string) string) feedLink
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
		"found":       func(source string) string { return source },
		"paragraphs":  paragraphs,
		"otherLabels": otherLabels,
		"topicLabel":  func(t kb.Topic) string { return t.Slug },
		"path":        routePath,
		"hitPath":     HitPath,
		"marks":       marks,
		"plural":      func(key string, n int) string { return key },
		"link":        func(p string) string { return p },
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

// uiCookie remembers the interface language a visitor chose.
const uiCookie = "recap_ui"

// knownUILang reports whether l is an interface language.
func knownUILang(l string) bool {
	for _, known := range ui.Languages {
		if l == known {
			return true
		}
	}
	return false
}

// uiLang picks the interface language: the ui parameter, else the one the
// visitor chose before (a cookie), else the browser's Accept-Language,
// else English.
func (s *Server) uiLang(c *gin.Context) string {
	if l := c.Query("ui"); knownUILang(l) {
		return l
	}
	if l, err := c.Cookie(uiCookie); err == nil && knownUILang(l) {
		return l
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
	t, ok, err := s.pages.lookup(pageKey{page, lang, knownUILang(c.Query("ui"))})
	if err != nil || !ok {
		s.log.Error("no such page template", "page", page, "err", err)
		c.String(http.StatusInternalServerError, "internal error")
		return
	}
	pd := pageData{UILang: lang, Q: q, Data: data, url: c.Request.URL, Base: s.baseURL(c),
		Description: s.catalog.T(lang, "home.lede"),
		Feed:        feedLink{Title: s.catalog.T(lang, "feed.all"), URL: feedPath("", "")}}
	if d, ok := data.(describer); ok && d.description() != "" {
		pd.Description = d.description()
	}
	if f, ok := data.(feeder); ok {
		if fl := f.feed(s.filterLabel(lang)); fl.URL != "" {
			pd.Feed = fl
			pd.Feed.Title = s.catalog.T(lang, "feed.of") + " " + fl.Title
		}
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", pd); err != nil {
		s.log.Error("render page", "page", page, "err", err)
		c.String(http.StatusInternalServerError, "internal error")
		return
	}
	if l := c.Query("ui"); knownUILang(l) {
		// The choice is remembered for a year, for this site only; it is
		// not read by scripts.
		http.SetCookie(c.Writer, &http.Cookie{Name: uiCookie, Value: l, Path: "/", MaxAge: 365 * 24 * 3600, HttpOnly: true, SameSite: http.SameSiteLaxMode})
	}
	c.Header("Content-Language", lang)
	c.Header("Vary", "Accept-Language, Cookie")
	c.Data(status, "text/html; charset=utf-8", buf.Bytes())
}

// pageFuncs are the template functions of pages in the interface language
// lang; uiInURL says the page's address chose it, so that its links keep
// it (see withUI).
func (s *Server) pageFuncs(lang string, uiInURL bool) template.FuncMap {
	linkUI := ""
	if uiInURL {
		linkUI = lang
	}
	return template.FuncMap{
		"T":          func(key string) string { return s.catalog.T(lang, key) },
		"langName":   func(l string) string { return s.catalog.T(lang, "lang."+l) },
		"topicLabel": func(tp kb.Topic) string { return tp.Label(lang) },
		"plural":     func(key string, n int) string { return s.catalog.Plural(lang, key, n) },
		"link":       func(p string) string { return withUI(p, linkUI) },
		// found says where a talk was found in words a reader knows; a
		// rule without its own wording was one that reads the text.
		"found": func(source string) string {
			if m := s.catalog.T(lang, "talk.found."+source); m != "talk.found."+source {
				return m
			}
			return s.catalog.T(lang, "talk.found.line")
		},
	}
}

// withUI adds the interface language that a page's address chose to a
// path of the site, so that its links keep it even where the cookie is
// not kept; a page whose address chose none links without it.
func withUI(p, lang string) string {
	if !knownUILang(lang) || strings.Contains(p, "ui=") {
		return p
	}
	sep := "?"
	if strings.Contains(p, "?") {
		sep = "&"
	}
	return p + sep + "ui=" + lang
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
