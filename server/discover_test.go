package server

import (
	"compress/gzip"
	"encoding/xml"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// TestFeeds checks that every feed is Atom that encoding/xml reads, with
// entries, and that the pages link theirs.
func TestFeeds(t *testing.T) {
	s := newTestServer(t)
	type feed struct {
		XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
		Title   string   `xml:"title"`
		Updated string   `xml:"updated"`
		Entries []struct {
			Title   string `xml:"title"`
			ID      string `xml:"id"`
			Updated string `xml:"updated"`
			Link    struct {
				Href string `xml:"href,attr"`
			} `xml:"link"`
		} `xml:"entry"`
	}
	tests := []struct {
		target    string
		minEntry  int
		wantTitle string
	}{
		{"/feed.atom", 3, "recap"},
		{"/feed.atom?lang=vi", 1, "Tiếng Việt"},
		{"/feed.atom?topic=kubernetes", 1, "Kubernetes"},
		{"/topics/kubernetes/feed.atom", 1, "Kubernetes"},
		{"/speakers/masaya-aoyama/feed.atom", 1, "Masaya Aoyama"},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			rec := get(t, s, tt.target)
			if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/atom+xml") {
				t.Fatalf("%s: %d %s", tt.target, rec.Code, rec.Header().Get("Content-Type"))
			}
			var f feed
			if err := xml.Unmarshal(rec.Body.Bytes(), &f); err != nil {
				t.Fatalf("not Atom: %v\n%s", err, rec.Body)
			}
			if len(f.Entries) < tt.minEntry || !strings.Contains(f.Title, tt.wantTitle) || f.Updated == "" {
				t.Errorf("feed %q updated %q with %d entries", f.Title, f.Updated, len(f.Entries))
			}
			for _, e := range f.Entries {
				if e.ID == "" || e.Updated == "" || !strings.HasPrefix(e.Link.Href, "http://example.com/") {
					t.Errorf("entry %+v lacks an id, a date or an absolute link", e)
				}
			}
		})
	}
	if rec := get(t, s, "/feed.atom?topic=no-such-topic"); rec.Code != http.StatusBadRequest {
		t.Errorf("feed of an unknown topic: %d, want 400", rec.Code)
	}
	for target, feedURL := range map[string]string{
		"/":                            `href="/feed.atom"`,
		"/topics/kubernetes":           `href="/topics/kubernetes/feed.atom"`,
		"/search?q=k&amp;lang=vi":      `href="/feed.atom?lang=vi"`,
		"/speakers/masaya-aoyama":      `href="/speakers/masaya-aoyama/feed.atom"`,
		"/search?q=kubernetes":         `href="/feed.atom"`,
		"/posts/vi-2019-01-07-gap-mat": `href="/feed.atom"`,
	} {
		body := get(t, s, strings.ReplaceAll(target, "&amp;", "&")).Body.String()
		link := regexp.MustCompile(`<link rel="alternate" type="application/atom\+xml"[^>]*>`).FindString(body)
		if !strings.Contains(strings.ReplaceAll(link, "&amp;", "&"), strings.ReplaceAll(feedURL, "&amp;", "&")) {
			t.Errorf("%s links the feed %q, want %s", target, link, feedURL)
		}
	}
}

// TestOpenSearchSitemapRobots checks the documents that tell browsers and
// crawlers about the site.
func TestOpenSearchSitemapRobots(t *testing.T) {
	s := newTestServer(t)

	rec := get(t, s, "/opensearch.xml")
	var osd struct {
		XMLName   xml.Name `xml:"http://a9.com/-/spec/opensearch/1.1/ OpenSearchDescription"`
		ShortName string   `xml:"ShortName"`
		URLs      []struct {
			Type     string `xml:"type,attr"`
			Template string `xml:"template,attr"`
		} `xml:"Url"`
	}
	if err := xml.Unmarshal(rec.Body.Bytes(), &osd); err != nil || rec.Code != 200 {
		t.Fatalf("opensearch.xml: %d %v\n%s", rec.Code, err, rec.Body)
	}
	if osd.ShortName != "recap" || len(osd.URLs) == 0 || osd.URLs[0].Type != "text/html" || !strings.Contains(osd.URLs[0].Template, "http://example.com/search?q={searchTerms}") {
		t.Errorf("OpenSearch description %+v", osd)
	}
	if home := get(t, s, "/").Body.String(); !strings.Contains(home, `<link rel="search" type="application/opensearchdescription+xml" title="recap" href="/opensearch.xml">`) {
		t.Error("home page does not link the OpenSearch description")
	}

	rec = get(t, s, "/sitemap.xml")
	var sm struct {
		URLs []struct {
			Loc string `xml:"loc"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal(rec.Body.Bytes(), &sm); err != nil {
		t.Fatalf("sitemap: %v", err)
	}
	var locs []string
	for _, u := range sm.URLs {
		locs = append(locs, u.Loc)
	}
	for _, want := range []string{"http://example.com/", "http://example.com/topics/kubernetes", "http://example.com/posts/vi-2019-01-07-gap-mat", "http://example.com/speakers/masaya-aoyama"} {
		if !slices.Contains(locs, want) {
			t.Errorf("sitemap lacks %s", want)
		}
	}

	rec = get(t, s, "/robots.txt")
	if body := rec.Body.String(); rec.Code != 200 || !strings.Contains(body, "Sitemap: http://example.com/sitemap.xml") || !strings.Contains(body, "Disallow: /api/") {
		t.Errorf("robots.txt: %d\n%s", rec.Code, body)
	}
	rec = get(t, s, "/favicon.ico")
	if rec.Code != 200 || rec.Header().Get("Content-Type") != "image/svg+xml" || !strings.Contains(rec.Body.String(), "<svg") {
		t.Errorf("favicon: %d %s", rec.Code, rec.Header().Get("Content-Type"))
	}
}

// imageServer is the test server's index with a data folder of files.
func imageServer(t *testing.T) *Server {
	t.Helper()
	base := newTestServer(t)
	png := "\x89PNG\r\n\x1a\n0000"
	s, err := NewServer(DefaultConfig(), Deps{Index: base.index, Taxonomy: base.tax, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Files: fstest.MapFS{
		"assets/img/a.png":        {Data: []byte(png)},
		"assets/img/photo.JPG":    {Data: []byte("jpeg")},
		"assets/img/page.html":    {Data: []byte("<script>alert(1)</script>")},
		"assets/img/dir.png/x":    {Data: []byte("x")},
		"assets/.hidden/b.png":    {Data: []byte(png)},
		"topics.yaml":             {Data: []byte("secret: yes")},
		"posts/en/2019-01-01.png": {Data: []byte(png)},
	}})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestImages serves the images of the data folder's assets/ and nothing
// else: no other type, nothing outside assets/, however the path is
// spelled.
func TestImages(t *testing.T) {
	s := imageServer(t)
	tests := []struct {
		target string
		status int
		ctype  string
	}{
		{"/assets/img/a.png", 200, "image/png"},
		{"/assets/img/photo.JPG", 200, "image/jpeg"},
		{"/assets/img/page.html", 404, ""},
		{"/assets/img/dir.png", 404, ""},
		{"/assets/img/missing.png", 404, ""},
		{"/assets/.hidden/b.png", 404, ""},
		{"/assets/../topics.yaml", 404, ""},
		{"/assets/%2e%2e/topics.yaml", 404, ""},
		{"/assets/..%2ftopics.yaml", 404, ""},
		{"/assets/img/..%2f..%2fposts/en/2019-01-01.png", 404, ""},
		{"/assets/%2e%2e/posts/en/2019-01-01.png", 404, ""},
		{"/assets/img%5c..%5c..%5ctopics.yaml", 404, ""},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			rec := get(t, s, tt.target)
			if rec.Code >= 300 && rec.Code < 400 {
				// A cleaned path may be redirected; it must not land
				// outside assets/ either.
				rec = get(t, s, rec.Header().Get("Location"))
			}
			if rec.Code != tt.status || tt.ctype != "" && rec.Header().Get("Content-Type") != tt.ctype {
				t.Errorf("%d %s, want %d %s", rec.Code, rec.Header().Get("Content-Type"), tt.status, tt.ctype)
			}
			if tt.status == 200 && !strings.Contains(rec.Header().Get("Content-Security-Policy"), "sandbox") {
				t.Errorf("image without a sandboxing policy: %q", rec.Header().Get("Content-Security-Policy"))
			}
			if strings.Contains(rec.Body.String(), "secret") || strings.Contains(rec.Body.String(), "alert(1)") {
				t.Errorf("served a file that is not an image of assets/")
			}
		})
	}
}

func TestLocalImages(t *testing.T) {
	s := imageServer(t)
	tests := []struct{ in, want string }{
		{`<p><img src="/assets/img/a.png" alt="A"></p>`, `<p><img src="/assets/img/a.png" alt="A"></p>`},
		{`<p><img src="/assets/img/gone.jpg" alt="The agenda"></p>`, `<p><span class="img-missing">The agenda</span></p>`},
		{`<p><img src="/assets/img/gone.jpg" alt=""></p>`, `<p><span class="img-missing">gone.jpg</span></p>`},
		{`<p><img src="/elsewhere/x.png" alt="x &amp; y"></p>`, `<p><span class="img-missing">x &amp; y</span></p>`},
		{`<img src="https://example.org/x.png" alt="remote">`, `<img src="https://example.org/x.png" alt="remote">`},
		{`<img src="//example.org/x.png" alt="remote">`, `<img src="//example.org/x.png" alt="remote">`},
	}
	for _, tt := range tests {
		if got := s.localImages(tt.in); got != tt.want {
			t.Errorf("localImages(%s) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

// TestListEndpoints pages through the speakers and events.
func TestListEndpoints(t *testing.T) {
	s := newTestServer(t)
	sp := decode[SpeakersResponse](t, s, "/api/speakers?size=2")
	if sp.Total < 2 || len(sp.Speakers) != 2 || sp.Speakers[0].Talks < sp.Speakers[1].Talks || sp.Speakers[0].Name == "" || !strings.HasPrefix(sp.Speakers[0].URL, "/speakers/") {
		t.Errorf("speakers: %+v", sp)
	}
	all := decode[SpeakersResponse](t, s, fmt.Sprintf("/api/speakers?size=%d", 100))
	if len(all.Speakers) != all.Total {
		t.Errorf("%d speakers listed of %d", len(all.Speakers), all.Total)
	}
	ev := decode[EventsResponse](t, s, "/api/events")
	if ev.Total == 0 || len(ev.Events) == 0 || ev.Events[0].Name == "" || ev.Events[0].Posts == 0 {
		t.Errorf("events: %+v", ev)
	}
	past := decode[EventsResponse](t, s, "/api/events?page=999")
	if len(past.Events) != 0 || past.Total != ev.Total {
		t.Errorf("page past the end: %+v", past)
	}
	for _, bad := range []string{"/api/speakers?page=0", "/api/events?size=1000", "/api/events?size=x", "/api/search?q=k&topic=no-such-topic", "/api/talks?topic=nope"} {
		if rec := get(t, s, bad); rec.Code != http.StatusBadRequest {
			t.Errorf("%s: %d, want 400", bad, rec.Code)
		}
	}
}

// TestUILanguageRemembered follows a visitor who chose Vietnamese: the
// next pages, reached without ?ui=, are Vietnamese too.
func TestUILanguageRemembered(t *testing.T) {
	s := newTestServer(t)
	rec := get(t, s, "/?ui=vi")
	var cookie *http.Cookie
	for _, c := range rec.Result().Cookies() {
		if c.Name == uiCookie {
			cookie = c
		}
	}
	if cookie == nil || cookie.Value != "vi" || !cookie.HttpOnly {
		t.Fatalf("no remembered language: %v", rec.Result().Cookies())
	}
	req := httptest.NewRequest(http.MethodGet, "/search?q=kubernetes", nil)
	req.AddCookie(cookie)
	req.Header.Set("Accept-Language", "ja")
	out := httptest.NewRecorder()
	s.Handler().ServeHTTP(out, req)
	body := out.Body.String()
	if !strings.Contains(body, `<html lang="vi">`) {
		t.Errorf("the next page is not Vietnamese")
	}
	for _, want := range []string{`hreflang="ja" href="http://example.com/search?q=kubernetes&amp;ui=ja"`, `<link rel="canonical" href="http://example.com/search?q=kubernetes&amp;ui=vi">`} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	// Links keep a language the address chose.
	if body := get(t, s, "/search?q=kubernetes&ui=ja").Body.String(); !regexp.MustCompile(`<h3><a href="/(posts|talks)/[^"]*\?ui=ja"`).MatchString(body) {
		t.Errorf("result links drop ?ui=ja")
	}
}

// TestSearchPageParts checks the sort control, the pager, pages past the
// end, plural counts and the sharing tags.
func TestSearchPageParts(t *testing.T) {
	s := newTestServer(t)
	body := get(t, s, "/search?q=kubernetes&size=1&page=2").Body.String()
	for _, want := range []string{
		`href="/search?q=kubernetes&amp;size=1&amp;sort=date"`,
		`<span aria-current="page">2</span>`,
		`<a href="/search?page=1&amp;q=kubernetes&amp;size=1"`,
		`<meta property="og:title" content="kubernetes">`,
		`<meta name="description" content=`,
		`<a class="tag" href="/search?tag=`,
		`<details id="filters" class="filters" open>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("search page lacks %s", want)
		}
	}
	past := get(t, s, "/search?q=kubernetes&page=999").Body.String()
	if !strings.Contains(past, "Page 999 is past the last page") || strings.Contains(past, "No recaps match") {
		t.Errorf("page 999 does not say it is past the end")
	}
	if topics := get(t, s, "/topics").Body.String(); strings.Contains(topics, " 1 talks") || strings.Contains(topics, " 1 recaps") {
		t.Errorf("topics page says 1 talks or 1 recaps")
	}
	if vi := get(t, s, "/search?q=kubernetes&lang=vi").Body.String(); !strings.Contains(vi, `href="/search?lang=vi&amp;lang=ja&amp;q=kubernetes"`) {
		t.Errorf("narrowed to Vietnamese, the language facet lost the other languages")
	}
}

// TestGzipAndCORS checks that text answers are compressed for clients
// that take gzip, and that CORS is off unless origins are configured.
func TestGzipAndCORS(t *testing.T) {
	s := newTestServer(t)
	req := httptest.NewRequest(http.MethodGet, "/search?q=kubernetes", nil)
	req.Header.Set("Accept-Encoding", "br, gzip")
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, req)
	if rec.Header().Get("Content-Encoding") != "gzip" {
		t.Fatalf("page not compressed: %v", rec.Header())
	}
	zr, err := gzip.NewReader(rec.Body)
	if err != nil {
		t.Fatal(err)
	}
	if b, err := io.ReadAll(zr); err != nil || !strings.Contains(string(b), "<ol class=\"hits\">") {
		t.Errorf("compressed page does not read back: %v", err)
	}
	if rec := get(t, s, "/api/search?q=kubernetes"); rec.Header().Get("Content-Encoding") != "" || rec.Header().Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("uncompressed for a client without gzip, no CORS by default: %v", rec.Header())
	}

	base := newTestServer(t)
	cfg := DefaultConfig()
	cfg.CORSOrigins = []string{"https://meetup.example"}
	c, err := NewServer(cfg, Deps{Index: base.index, Taxonomy: base.tax, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	for origin, want := range map[string]string{"https://meetup.example": "https://meetup.example", "https://evil.example": ""} {
		req := httptest.NewRequest(http.MethodGet, "/api/topics", nil)
		req.Header.Set("Origin", origin)
		rec := httptest.NewRecorder()
		c.Handler().ServeHTTP(rec, req)
		if got := rec.Header().Get("Access-Control-Allow-Origin"); got != want {
			t.Errorf("origin %s: Access-Control-Allow-Origin %q, want %q", origin, got, want)
		}
	}
	cfg.CORSOrigins = []string{"meetup.example"}
	if err := cfg.Validate(); err == nil {
		t.Error("an origin without a scheme is accepted")
	}
}

// TestMultiSelectLanguages chooses two languages: the hits are in either,
// each language keeps its count, and each choice can be undone alone.
func TestMultiSelectLanguages(t *testing.T) {
	s := newTestServer(t)
	r := decode[SearchResponse](t, s, "/api/search?q=kubernetes&lang=ja&lang=en&size=100")
	langs := map[string]bool{}
	for _, h := range r.Hits {
		langs[h.Lang] = true
	}
	if !langs["ja"] || !langs["en"] || langs["vi"] {
		t.Errorf("hits for lang=ja&lang=en are in %v", langs)
	}
	one := decode[SearchResponse](t, s, "/api/search?q=kubernetes&lang=ja")
	if r.Total <= one.Total {
		t.Errorf("two languages give %d hits, one %d", r.Total, one.Total)
	}
	body := get(t, s, "/search?q=kubernetes&lang=ja&lang=en").Body.String()
	for _, want := range []string{
		`href="/search?lang=ja&amp;q=kubernetes" aria-current="true">English</a>`, // unchoosing English keeps Japanese
		`href="/search?lang=ja&amp;lang=en&amp;lang=vi&amp;q=kubernetes">Tiếng Việt</a>`,
		`日本語 <span aria-hidden="true">✕`, `English <span aria-hidden="true">✕`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	if rec := get(t, s, "/api/search?q=kubernetes&lang=ja&lang=zz"); rec.Code != http.StatusBadRequest {
		t.Errorf("an unknown language among several: %d, want 400", rec.Code)
	}
}

// TestUndatedYear lists the hits without a date as a year of their own.
func TestUndatedYear(t *testing.T) {
	s := newTestServer(t)
	all := decode[SearchResponse](t, s, "/api/search?size=100")
	undated := decode[SearchResponse](t, s, "/api/search?size=100&year=undated")
	dated := 0
	for _, y := range all.Facets.Year {
		dated += y.Count
	}
	for _, h := range undated.Hits {
		if h.Date != "" {
			t.Errorf("hit %s of year=undated has date %s", h.ID, h.Date)
		}
	}
	if undated.Total != all.Total-dated {
		t.Errorf("year=undated: %d hits, want %d of %d", undated.Total, all.Total-dated, all.Total)
	}
	if body := get(t, s, "/search?q=").Body.String(); undated.Total > 0 && !strings.Contains(body, `year=undated">Undated</a>`) {
		t.Errorf("the year facet has no Undated link")
	}
}

// TestDescriptions checks that the pages of things describe themselves
// for link previews, in a bounded length.
func TestDescriptions(t *testing.T) {
	s := newTestServer(t)
	re := regexp.MustCompile(`<meta name="description" content="([^"]*)">`)
	home := re.FindStringSubmatch(get(t, s, "/").Body.String())
	for _, p := range []string{"/posts/en-2019-04-25-kmt18", "/talks/en-2019-04-25-kmt18-t1", "/speakers/masaya-aoyama", "/events/kubernetes-meetup-tokyo-18"} {
		m := re.FindStringSubmatch(get(t, s, p).Body.String())
		if m == nil || m[1] == "" || m[1] == home[1] || len([]rune(m[1])) > maxDescription+1 {
			t.Errorf("%s: description %q", p, m)
		}
	}
}
