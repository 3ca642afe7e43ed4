package server

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/recaphq/recap/indexer/kb"
	"github.com/recaphq/recap/indexer/search"
	"github.com/recaphq/recap/indexer/taxonomy"
)

// queryFromRequest reads a search.Query from the URL parameters as they
// are; the search normalises and validates it. Numbers that do not parse
// are errors naming the parameter, not silent defaults.
func queryFromRequest(c *gin.Context) (search.Query, error) {
	q := search.Query{
		Text:    c.Query("q"),
		Tag:     c.Query("tag"),
		Topic:   c.Query("topic"),
		Year:    c.Query("year"),
		Type:    c.Query("type"),
		Speaker: c.Query("speaker"),
		Event:   c.Query("event"),
		Sort:    c.Query("sort"),
	}
	if q.Year == yearUndated {
		q.Year, q.Undated = "", true
	}
	// lang may be given several times: the languages chosen in the
	// facet, any of which a hit may be in.
	switch langs := langsOf(c.Request.URL.Query()); len(langs) {
	case 0:
	case 1:
		q.Lang = langs[0]
	default:
		q.Langs = langs
	}
	for name, dst := range map[string]*int{"page": &q.Page, "size": &q.Size} {
		v, ok := c.GetQuery(name)
		if !ok {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			return q, &search.ParamError{Param: name, Message: strconv.Quote(v) + " is not a whole number"}
		}
		*dst = n
	}
	if _, ok := c.GetQuery("page"); ok && q.Page == 0 {
		q.Page = -1 // an explicit page=0 is out of range, not "the default"
	}
	if _, ok := c.GetQuery("size"); ok && q.Size == 0 {
		q.Size = -1
	}
	return q, nil
}

// langsOf returns the languages of the lang parameters, each once.
func langsOf(params url.Values) []string {
	var out []string
	for _, l := range params["lang"] {
		if l != "" && !slices.Contains(out, l) {
			out = append(out, l)
		}
	}
	return out
}

// search runs q under the configured timeout; the request's context also
// stops it when the client goes away. The HTML page and the JSON API both
// call it.
func (s *Server) search(ctx context.Context, q search.Query) (*search.Result, error) {
	if err := s.checkTopic(q.Topic); err != nil {
		return nil, err
	}
	if c, ok := s.index.(cachedIndex); ok {
		if r, ok := c.Cached(q); ok {
			return r, nil
		}
	}
	if err := s.admit(ctx); err != nil {
		return nil, err
	}
	start := time.Now()
	defer func() {
		s.pace.observe(time.Since(start))
		<-s.searches
	}()
	ctx, cancel := context.WithTimeout(ctx, s.cfg.SearchTimeout)
	defer cancel()
	return s.index.Search(ctx, q)
}

// cachedIndex is an index that keeps the results of recent searches
// (store.Live does): one it has is answered without taking a place among
// the searches that run at once, which bound work it does not do.
type cachedIndex interface {
	Cached(q search.Query) (*search.Result, bool)
}

// errBusy answers a search that found no place in time.
var errBusy = &httpError{Status: http.StatusServiceUnavailable, Code: "busy", Message: "too many searches at once; try again in a moment"}

// admit waits for a place among the searches that run at once, at most
// SearchQueueWait; the caller frees it. A search that finds MaxQueued
// waiting already, or so many that at the pace searches go it would not
// get a place within SearchQueueWait, is turned away at once.
func (s *Server) admit(ctx context.Context) error {
	select {
	case s.searches <- struct{}{}:
		return nil
	default:
	}
	if s.pace.expectedWait(len(s.queue), cap(s.searches)) > s.cfg.SearchQueueWait {
		return errBusy
	}
	select {
	case s.queue <- struct{}{}:
		defer func() { <-s.queue }()
	default:
		return errBusy
	}
	t := time.NewTimer(s.cfg.SearchQueueWait)
	defer t.Stop()
	select {
	case s.searches <- struct{}{}:
		return nil
	case <-t.C:
		return errBusy
	case <-ctx.Done():
		return ctx.Err()
	}
}

// searchData is the search page's data.
type searchData struct {
	Result  *search.Result
	Filters []activeFilter
	// Topics are the topic facet's values, with their topics.
	Topics []topicCount
	Page   int
	Pages  int
	// Sort is the order of the hits, relevance or date.
	Sort string
	// Undated counts the hits that have no date, which the year facet
	// does not list.
	Undated int
	path    string // the page's path: /search, /topics/networking
	base    url.Values
}

// yearUndated is the year parameter of the hits that have no date.
const yearUndated = "undated"

// maxYearValues is how many years the index's year facet lists at most;
// below it, the facet has every year.
const maxYearValues = 20

// pageLink is one link of the pager: a page number, or a gap (0).
type pageLink struct {
	N       int
	URL     string
	Current bool
}

// PageLinks are the pager's numbers: the first and last pages and two
// on each side of the current one, with gaps between.
func (d searchData) PageLinks() []pageLink {
	var out []pageLink
	last := 0
	for n := 1; n <= d.Pages; n++ {
		if n != 1 && n != d.Pages && (n < d.Page-2 || n > d.Page+2) {
			continue
		}
		if last != 0 && n > last+1 {
			out = append(out, pageLink{})
		}
		out = append(out, pageLink{N: n, URL: d.PageURL(n), Current: n == d.Page})
		last = n
	}
	return out
}

// PastEnd reports a page after the last one of results that exist: the
// page says so and links to the last, rather than that nothing matches.
func (d searchData) PastEnd() bool { return d.Result.Total > 0 && d.Page > d.Pages }

// SortURL is the search in another order, back on the first page.
func (d searchData) SortURL(order string) string { return d.with("sort", order) }

// feed is the Atom feed of the filter in force, when one has a feed.
func (d searchData) feed(label func(param, value string) string) feedLink {
	for _, p := range []string{"topic", "lang", "tag", "speaker"} {
		if v := d.base.Get(p); v != "" {
			return feedLink{Title: label(p, v), URL: feedPath(p, v)}
		}
	}
	return feedLink{}
}

// topicCount is a topic and how many hits are about it.
type topicCount struct {
	Topic kb.Topic
	Count int
}

// activeFilter is a filter in force, with the link that removes it.
type activeFilter struct {
	Label string
	Clear string
}

func newSearchData(r *search.Result, path string, params url.Values, label func(param, value string) string, tax *taxonomy.Taxonomy) searchData {
	d := searchData{Result: r, Page: r.Query.Page, Pages: r.Pages(), Sort: r.Query.Sort, path: path, base: params}
	if params.Get("year") == yearUndated {
		d.Undated = r.Total
	} else if params.Get("year") == "" && len(r.Facets.Year) < maxYearValues {
		// Every year is in the facet, so what the years do not count
		// has none.
		d.Undated = r.Total
		for _, y := range r.Facets.Year {
			d.Undated -= y.Count
		}
	}
	for _, f := range r.Facets.Topics {
		if t, ok := tax.Topic(f.Value); ok {
			d.Topics = append(d.Topics, topicCount{t, f.Count})
		}
	}
	for _, l := range langsOf(params) {
		d.Filters = append(d.Filters, activeFilter{Label: label("lang", l), Clear: d.FacetURL("lang", l)})
	}
	for _, p := range []string{"tag", "topic", "year", "type", "speaker", "event"} {
		if v := params.Get(p); v != "" {
			d.Filters = append(d.Filters, activeFilter{Label: label(p, v), Clear: d.with(p, "")})
		}
	}
	return d
}

// with returns the search URL with param set to value (removed when
// empty), back on the first page.
func (d searchData) with(param, value string) string {
	v := url.Values{}
	for k, vs := range d.base {
		v[k] = vs
	}
	v.Del("page")
	if value == "" {
		v.Del(param)
	} else {
		v.Set(param, value)
	}
	return d.path + "?" + v.Encode()
}

// FacetURL toggles a facet value. Languages are chosen several at once,
// as in the facets of Algolia or Meilisearch; the other facets take one
// value.
func (d searchData) FacetURL(param, value string) string {
	if param == "lang" {
		langs := langsOf(d.base)
		if i := slices.Index(langs, value); i >= 0 {
			langs = slices.Delete(langs, i, i+1)
		} else {
			langs = append(langs, value)
		}
		v := url.Values{}
		for k, vs := range d.base {
			v[k] = vs
		}
		v.Del("page")
		v.Del("lang")
		if len(langs) > 0 {
			v["lang"] = langs
		}
		return d.path + "?" + v.Encode()
	}
	if d.base.Get(param) == value {
		return d.with(param, "")
	}
	return d.with(param, value)
}

// Active reports whether the facet value is a filter in force.
func (d searchData) Active(param, value string) bool {
	if param == "lang" {
		return slices.Contains(langsOf(d.base), value)
	}
	return d.base.Get(param) == value
}

// PageURL is the URL of result page n.
func (d searchData) PageURL(n int) string {
	v := url.Values{}
	for k, vs := range d.base {
		v[k] = vs
	}
	v.Set("page", strconv.Itoa(n))
	return d.path + "?" + v.Encode()
}

// searchRequest runs the search that the request's parameters describe,
// after fix (when not nil) has adjusted the query.
func (s *Server) searchRequest(c *gin.Context, fix func(*search.Query)) (*search.Result, error) {
	q, err := queryFromRequest(c)
	if err != nil {
		return nil, err
	}
	if fix != nil {
		fix(&q)
	}
	return s.search(c.Request.Context(), q)
}

// checkTopic reports a topic that the taxonomy does not have, like an
// unknown language: a filter that can match nothing is a mistake.
func (s *Server) checkTopic(slug string) error {
	if slug == "" {
		return nil
	}
	if _, ok := s.tax.Topic(slug); !ok {
		return &search.ParamError{Param: "topic", Message: fmt.Sprintf("unknown topic %q (see %s)", slug, routePath(routeAPITopics))}
	}
	return nil
}

func (s *Server) searchPage(c *gin.Context) error {
	r, err := s.searchRequest(c, nil)
	if err != nil {
		return err
	}
	if err := s.keepLangCounts(c, r); err != nil {
		return err
	}
	d := newSearchData(r, routePath(routeSearch), c.Request.URL.Query(), s.filterLabel(s.uiLang(c)), s.tax)
	s.render(c, http.StatusOK, "search", d, r.Query.Text)
	return nil
}

// keepLangCounts gives the language facet of a search narrowed to one
// language the counts of every language, as if it were not narrowed, so
// that the page still shows what the other languages have.
func (s *Server) keepLangCounts(c *gin.Context, r *search.Result) error {
	if r.Query.Lang == "" && len(r.Query.Langs) == 0 {
		return nil
	}
	q := r.Query
	q.Lang, q.Langs, q.Page, q.Size = "", nil, 1, 1
	all, err := s.search(c.Request.Context(), q)
	if err != nil {
		return err
	}
	r.Facets.Lang = all.Facets.Lang
	return nil
}

// filterLabel returns how a filter in force is named on a page in lang.
func (s *Server) filterLabel(lang string) func(param, value string) string {
	return func(param, value string) string {
		switch param {
		case "lang":
			return s.catalog.T(lang, "lang."+value)
		case "type":
			return s.catalog.T(lang, "type."+value)
		case "tag":
			return "#" + value
		case "year":
			if value == yearUndated {
				return s.catalog.T(lang, "year.undated")
			}
		case "topic":
			if t, ok := s.tax.Topic(value); ok {
				return t.Label(lang)
			}
		}
		return value
	}
}

// homeData is the start page's data.
type homeData struct {
	Examples []string
	Recent   *search.Result
}

func (s *Server) home(c *gin.Context) error {
	r, err := s.search(c.Request.Context(), search.Query{Type: search.TypePost, Sort: search.SortDate, Size: 6, NoFacets: true})
	if err != nil {
		return err
	}
	s.render(c, http.StatusOK, "home", homeData{
		Examples: []string{"kubernetes", "ky su", "コンテナ", "service mesh", "mạng"},
		Recent:   r,
	}, "")
	return nil
}

// SearchResponse is the JSON body of /api/search.
type SearchResponse struct {
	Query string `json:"query"`
	// Corrected is the query as searched when words of it were corrected.
	Corrected string `json:"corrected,omitempty"`
	// Relaxed lists the words of the query that some hits lack (see
	// search.Result.Relaxed).
	Relaxed []string   `json:"relaxed,omitempty"`
	Total   int        `json:"total"`
	TookMS  float64    `json:"took_ms"`
	Page    int        `json:"page"`
	Size    int        `json:"size"`
	Hits    []HitJSON  `json:"hits"`
	Facets  FacetsJSON `json:"facets"`
}

// HitJSON is one hit of a SearchResponse.
type HitJSON struct {
	ID       string   `json:"id"`
	Type     string   `json:"type"`
	Title    string   `json:"title"`
	URL      string   `json:"url"`
	Lang     string   `json:"lang"`
	Date     string   `json:"date,omitempty"`
	Tags     []string `json:"tags"`
	Snippet  string   `json:"snippet"`
	Score    float64  `json:"score"`
	Post     string   `json:"post,omitempty"`
	PostURL  string   `json:"post_url,omitempty"`
	Speakers []string `json:"speakers,omitempty"`
	// More counts the other hits of the same recap grouped under this
	// one; Relaxed says the hit lacks some words of the query.
	More    int  `json:"more,omitempty"`
	Relaxed bool `json:"relaxed,omitempty"`
	// Linked lists the accounts of the query that the post links to,
	// which may be all it was found by.
	Linked []string `json:"linked,omitempty"`
}

// FacetsJSON holds the facets of a SearchResponse.
type FacetsJSON struct {
	Lang   []FacetJSON `json:"lang"`
	Tags   []FacetJSON `json:"tags"`
	Year   []FacetJSON `json:"year"`
	Type   []FacetJSON `json:"type"`
	Topics []FacetJSON `json:"topics"`
}

// FacetJSON is one facet value and its count.
type FacetJSON struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

func newSearchResponse(r *search.Result) SearchResponse {
	resp := SearchResponse{
		Query:     r.Query.Text,
		Corrected: r.Corrected,
		Relaxed:   r.Relaxed,
		Total:     r.Total,
		TookMS:    float64(r.Took.Microseconds()) / 1000,
		Page:      r.Query.Page,
		Size:      r.Query.Size,
		Hits:      make([]HitJSON, 0, len(r.Hits)),
		Facets: FacetsJSON{
			Lang: facetsJSON(r.Facets.Lang), Tags: facetsJSON(r.Facets.Tags),
			Year: facetsJSON(r.Facets.Year), Type: facetsJSON(r.Facets.Type),
			Topics: facetsJSON(r.Facets.Topics),
		},
	}
	for _, h := range r.Hits {
		hj := HitJSON{
			ID: h.Key, Type: h.Type, Title: h.Title, URL: HitPath(h), Lang: h.Lang,
			Tags: h.Tags, Snippet: string(marks(h.Snippet)), Score: h.Score,
			Post: h.PostTitle, Speakers: h.Speakers, More: h.More, Relaxed: h.Relaxed, Linked: h.Linked,
		}
		if h.Type == search.TypeTalk {
			hj.PostURL = postPath(h.PostSlug)
		}
		if hj.Tags == nil {
			hj.Tags = []string{}
		}
		if !h.Date.IsZero() {
			hj.Date = h.Date.Format(time.DateOnly)
		}
		resp.Hits = append(resp.Hits, hj)
	}
	return resp
}

func facetsJSON(vs []search.FacetValue) []FacetJSON {
	out := make([]FacetJSON, 0, len(vs))
	for _, v := range vs {
		out = append(out, FacetJSON{v.Value, v.Count})
	}
	return out
}

func (s *Server) apiSearch(c *gin.Context) error {
	r, err := s.searchRequest(c, nil)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, newSearchResponse(r))
	return nil
}
