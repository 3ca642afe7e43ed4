package server

import (
	"context"
	"encoding/xml"
	"html"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"regexp"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/recaphq/recap/indexer/search"
)

// What makes recap discoverable from outside: Atom feeds, an OpenSearch
// description, the sitemap, robots.txt and the favicon, and the images of
// the data folder that the posts show.

// baseURL is the site's public address, without a trailing slash: the
// configured one, else the request's own scheme and host.
func (s *Server) baseURL(c *gin.Context) string {
	if s.cfg.BaseURL != "" {
		return strings.TrimSuffix(s.cfg.BaseURL, "/")
	}
	scheme := "http"
	if c.Request.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + c.Request.Host
}

// feedSize is how many entries a feed holds: the newest.
const feedSize = 50

const atomNS = "http://www.w3.org/2005/Atom"

type atomFeed struct {
	XMLName  xml.Name    `xml:"feed"`
	NS       string      `xml:"xmlns,attr"`
	Lang     string      `xml:"xml:lang,attr,omitempty"`
	Title    string      `xml:"title"`
	Subtitle string      `xml:"subtitle,omitempty"`
	ID       string      `xml:"id"`
	Updated  string      `xml:"updated"`
	Links    []atomLink  `xml:"link"`
	Author   atomPerson  `xml:"author"`
	Entries  []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel      string `xml:"rel,attr,omitempty"`
	Type     string `xml:"type,attr,omitempty"`
	Hreflang string `xml:"hreflang,attr,omitempty"`
	Href     string `xml:"href,attr"`
}

type atomPerson struct {
	Name string `xml:"name"`
	URI  string `xml:"uri,omitempty"`
}

type atomCategory struct {
	Term string `xml:"term,attr"`
}

type atomEntry struct {
	Title      string         `xml:"title"`
	ID         string         `xml:"id"`
	Updated    string         `xml:"updated"`
	Links      []atomLink     `xml:"link"`
	Authors    []atomPerson   `xml:"author"`
	Categories []atomCategory `xml:"category"`
	Summary    string         `xml:"summary,omitempty"`
}

// feedQuery is the search a feed shows: the newest recaps, narrowed by
// the lang, topic, tag and speaker parameters, or by the topic or speaker
// of the feed's path; a speaker's feed lists their talks.
func feedQuery(c *gin.Context) search.Query {
	q := search.Query{
		Lang: c.Query("lang"), Topic: c.Query("topic"), Tag: c.Query("tag"), Speaker: c.Query("speaker"),
		Type: search.TypePost, Sort: search.SortDate, Size: feedSize,
	}
	switch c.FullPath() {
	case pattern(routeTopicFeed):
		q.Topic = c.Param("slug")
	case pattern(routeSpeakerFeed):
		q.Speaker = c.Param("slug")
	}
	if q.Speaker != "" {
		q.Type = search.TypeTalk
	}
	return q
}

// feedPath is the path of the feed of a search narrowed by param=value,
// or of every recap when param is empty. A topic and a speaker have
// theirs beside their page.
func feedPath(param, value string) string {
	switch param {
	case "":
		return routePath(routeFeed)
	case "topic":
		return routePath(routeTopicFeed, value)
	case "speaker":
		return routePath(routeSpeakerFeed, value)
	}
	return routePath(routeFeed) + "?" + param + "=" + url.QueryEscape(value)
}

func (s *Server) feed(c *gin.Context) error {
	q := feedQuery(c)
	if err := s.checkTopic(q.Topic); err != nil {
		return err
	}
	q.NoFacets = true
	r, err := s.search(c.Request.Context(), q)
	if err != nil {
		return err
	}
	base := s.baseURL(c)
	lang := s.uiLang(c)
	title := "recap"
	for _, f := range [][2]string{{"lang", q.Lang}, {"topic", q.Topic}, {"tag", q.Tag}, {"speaker", q.Speaker}} {
		if p, v := f[0], f[1]; v != "" {
			label := s.filterLabel(lang)(p, v)
			if p == "speaker" {
				label = v
				if len(r.Hits) > 0 && r.Hits[0].Talk != nil {
					for _, sp := range r.Hits[0].Talk.Talk.Speakers {
						if sp.Slug == v {
							label = sp.Name
						}
					}
				}
			}
			title += " · " + label
		}
	}
	self := base + c.Request.URL.RequestURI()
	f := atomFeed{
		NS: atomNS, Lang: q.Lang, Title: title, Subtitle: s.catalog.T(lang, "footer.about"),
		ID: self, Links: []atomLink{{Rel: "self", Type: "application/atom+xml", Href: self}, {Rel: "alternate", Type: "text/html", Href: base + routePath(routeHome)}},
		Author: atomPerson{Name: "recap", URI: base + routePath(routeHome)},
	}
	var newest time.Time
	for _, h := range r.Hits {
		if h.Date.IsZero() {
			continue // an undated recap has no place among the new ones
		}
		if h.Date.After(newest) {
			newest = h.Date
		}
		link := base + HitPath(h)
		e := atomEntry{
			Title: h.Title, ID: link, Updated: h.Date.UTC().Format(time.RFC3339),
			Links:   []atomLink{{Rel: "alternate", Type: "text/html", Hreflang: h.Lang, Href: link}},
			Summary: h.Snippet.Text,
		}
		for _, sp := range h.Speakers {
			e.Authors = append(e.Authors, atomPerson{Name: sp})
		}
		for _, t := range h.Tags {
			e.Categories = append(e.Categories, atomCategory{Term: t})
		}
		f.Entries = append(f.Entries, e)
	}
	if newest.IsZero() {
		newest = time.Unix(0, 0)
	}
	f.Updated = newest.UTC().Format(time.RFC3339)
	return writeXML(c, "application/atom+xml; charset=utf-8", f)
}

// writeXML answers v as an XML document.
func writeXML(c *gin.Context, contentType string, v any) error {
	b, err := xml.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	c.Data(http.StatusOK, contentType, append([]byte(xml.Header), append(b, '\n')...))
	return nil
}

type openSearchDescription struct {
	XMLName     xml.Name        `xml:"OpenSearchDescription"`
	NS          string          `xml:"xmlns,attr"`
	ShortName   string          `xml:"ShortName"`
	Description string          `xml:"Description"`
	Encoding    string          `xml:"InputEncoding"`
	Image       openSearchImage `xml:"Image"`
	URLs        []openSearchURL `xml:"Url"`
}

type openSearchImage struct {
	Type  string `xml:"type,attr"`
	Width int    `xml:"width,attr"`
	Size  int    `xml:"height,attr"`
	URL   string `xml:",chardata"`
}

type openSearchURL struct {
	Type     string `xml:"type,attr"`
	Method   string `xml:"method,attr,omitempty"`
	Template string `xml:"template,attr"`
}

// openSearch describes recap's search to browsers, which offer to add it
// as a search engine.
func (s *Server) openSearch(c *gin.Context) error {
	base := s.baseURL(c)
	lang := s.uiLang(c)
	icon, err := s.assets.url("favicon.svg")
	if err != nil {
		return err
	}
	return writeXML(c, "application/opensearchdescription+xml; charset=utf-8", openSearchDescription{
		NS: "http://a9.com/-/spec/opensearch/1.1/", ShortName: "recap", Description: s.catalog.T(lang, "search.label"),
		Encoding: "UTF-8", Image: openSearchImage{Type: "image/svg+xml", Width: 16, Size: 16, URL: base + icon},
		URLs: []openSearchURL{
			{Type: "text/html", Method: "get", Template: base + routePath(routeSearch) + "?q={searchTerms}&ui=" + lang},
			{Type: "application/json", Method: "get", Template: base + routePath(routeAPISearch) + "?q={searchTerms}"},
			{Type: "application/atom+xml", Method: "get", Template: base + routePath(routeFeed) + "?lang=" + lang},
		},
	})
}

// maxSitemapURLs is the most URLs one sitemap may list.
const maxSitemapURLs = 50_000

type sitemapURLSet struct {
	XMLName xml.Name     `xml:"urlset"`
	NS      string       `xml:"xmlns,attr"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

// sitemap lists every page worth finding: the start and topic pages,
// every post and talk, every speaker and event.
func (s *Server) sitemap(c *gin.Context) error {
	ctx := c.Request.Context()
	base := s.baseURL(c)
	set := sitemapURLSet{NS: "http://www.sitemaps.org/schemas/sitemap/0.9"}
	add := func(p string, t time.Time) {
		if len(set.URLs) >= maxSitemapURLs {
			return
		}
		u := sitemapURL{Loc: base + p}
		if !t.IsZero() {
			u.LastMod = t.Format(time.DateOnly)
		}
		set.URLs = append(set.URLs, u)
	}
	add(routePath(routeHome), time.Time{})
	add(routePath(routeTopics), time.Time{})
	posts, talks, err := s.index.TopicCounts(ctx)
	if err != nil {
		return err
	}
	for _, t := range s.tax.Topics() {
		if posts[t.Slug]+talks[t.Slug] > 0 {
			add(topicPath(t.Slug), time.Time{})
		}
	}
	for _, typ := range []string{search.TypePost, search.TypeTalk} {
		if err := s.eachHit(ctx, search.Query{Type: typ, Sort: search.SortDate}, func(h search.Hit) { add(HitPath(h), h.Date) }); err != nil {
			return err
		}
	}
	for _, f := range []struct {
		typ, field string
		path       func(string) string
	}{{search.TypeTalk, search.FieldSpeakers, speakerPath}, {search.TypePost, search.FieldEvent, eventPath}} {
		counts, err := s.index.Counts(ctx, f.typ, f.field)
		if err != nil {
			return err
		}
		for _, e := range pageOf(counts, 1, len(counts)+1) {
			add(f.path(e.slug), time.Time{})
		}
	}
	return writeXML(c, "application/xml; charset=utf-8", set)
}

// eachHit calls fn with every hit of q, page by page, up to the sitemap's
// bound.
func (s *Server) eachHit(ctx context.Context, q search.Query, fn func(search.Hit)) error {
	q.Size, q.NoFacets = search.MaxSize, true
	for q.Page = 1; q.Page <= search.MaxPage && (q.Page-1)*q.Size < maxSitemapURLs; q.Page++ {
		r, err := s.search(ctx, q)
		if err != nil {
			return err
		}
		for _, h := range r.Hits {
			fn(h)
		}
		if q.Page >= r.Pages() {
			return nil
		}
	}
	return nil
}

// robots lets crawlers read the pages but not the API or endless search
// result pages, and points them to the sitemap.
func (s *Server) robots(c *gin.Context) {
	body := "User-agent: *\nDisallow: /api/\nDisallow: " + routePath(routeSearch) + "\nAllow: /\n\nSitemap: " + s.baseURL(c) + routePath(routeSitemap) + "\n"
	c.Header("Cache-Control", "public, max-age=86400")
	c.Data(http.StatusOK, "text/plain; charset=utf-8", []byte(body))
}

// favicon answers browsers that ask for /favicon.ico whatever the page
// links: with the SVG icon, which they all show.
func (s *Server) favicon(c *gin.Context) {
	name, ok := s.assets.byName["favicon.svg"]
	if !ok {
		s.notFound(c)
		return
	}
	f := s.assets.byHashed[name]
	c.Header("Cache-Control", "public, max-age=86400")
	c.Data(http.StatusOK, f.contentType, f.body)
}

// imageTypes are the files image serves, by extension; anything else
// under assets/ (a page, a script, a config file) is not served.
var imageTypes = map[string]string{
	".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
	".webp": "image/webp", ".avif": "image/avif", ".svg": "image/svg+xml", ".ico": "image/x-icon",
}

// imageFile returns the name in the data folder of an /assets/ path when it
// is a safe one to serve: an image, inside assets/, without "..".
func imageFile(p string) (name, contentType string, ok bool) {
	p = strings.TrimPrefix(p, "/")
	for part := range strings.SplitSeq(p, "/") {
		if part == ".." || part == "." || part == "" || strings.HasPrefix(part, ".") || strings.ContainsRune(part, '\\') {
			return "", "", false
		}
	}
	name = path.Join("assets", p)
	if !fs.ValidPath(name) {
		return "", "", false
	}
	contentType, ok = imageTypes[strings.ToLower(path.Ext(name))]
	return name, contentType, ok
}

// imageExists reports whether the data folder has the image at the
// /assets/ path p.
func (s *Server) imageExists(p string) bool {
	name, _, ok := imageFile(p)
	if !ok || s.files == nil {
		return false
	}
	fi, err := fs.Stat(s.files, name)
	return err == nil && fi.Mode().IsRegular()
}

// image serves an image of the data folder's assets/.
func (s *Server) image(c *gin.Context) {
	name, ct, ok := imageFile(c.Param("path"))
	if !ok || s.files == nil {
		s.notFound(c)
		return
	}
	b, err := fs.ReadFile(s.files, name)
	if err != nil {
		s.notFound(c)
		return
	}
	// An SVG is a document that could carry script: this policy lets it
	// be an image and nothing more, even when opened on its own.
	c.Header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; sandbox")
	c.Header("Cache-Control", "public, max-age=3600")
	c.Data(http.StatusOK, ct, b)
}

// feed is a topic page's feed: what is new on the topic.
func (d topicData) feed(label func(param, value string) string) feedLink {
	return feedLink{Title: label("topic", d.Topic.Slug), URL: feedPath("topic", d.Topic.Slug)}
}

// feed is a speaker page's feed: their talks, newest first.
func (r SpeakerResponse) feed(func(param, value string) string) feedLink {
	return feedLink{Title: r.Speaker.Name, URL: feedPath("speaker", r.Speaker.Slug)}
}

// maxDescription is how long a page's description may be: what search
// engines and link previews show.
const maxDescription = 200

// shorten cuts text to maxDescription characters at a word, marking the
// cut.
func shorten(text string) string {
	text = strings.Join(strings.Fields(text), " ")
	r := []rune(text)
	if len(r) <= maxDescription {
		return text
	}
	cut := maxDescription
	for cut > maxDescription/2 && r[cut] != ' ' {
		cut--
	}
	return string(r[:cut]) + "…"
}

// htmlTags finds the tags of rendered HTML, to read its text.
var htmlTags = regexp.MustCompile(`<[^>]*>`)

func (d postData) description() string {
	return shorten(html.UnescapeString(htmlTags.ReplaceAllString(string(d.HTML), " ")))
}

func (d talkData) description() string {
	if d.Talk.Description != "" {
		return shorten(d.Talk.Description)
	}
	var names []string
	for _, sp := range d.Talk.Speakers {
		names = append(names, sp.Name)
	}
	return shorten(strings.Join(append([]string{d.Talk.Title}, names...), " · ") + " · " + d.Talk.Post.Title)
}

func (r SpeakerResponse) description() string {
	var titles []string
	for _, t := range r.Talks {
		titles = append(titles, t.Title)
	}
	return shorten(r.Speaker.Name + ": " + strings.Join(titles, " · "))
}

func (r EventResponse) description() string {
	parts := []string{r.Event.Name}
	for _, p := range []string{r.Event.Date, r.Event.Venue, r.Event.City} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	for _, t := range r.Talks {
		parts = append(parts, t.Title)
	}
	return shorten(strings.Join(parts, " · "))
}
