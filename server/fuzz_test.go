package server

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// fuzzRoutes are the routes that read query parameters: the searches, the
// lists that filter, and the pages that only read the interface language.
var fuzzRoutes = []string{
	routePath(routeSearch),
	routePath(routeAPISearch),
	routePath(routeAPITalks),
	routePath(routeHome),
	routePath(routeTopics),
	routePath(routeAPITopics),
	topicPath("kubernetes"),
	routePath(routeAPITopic, "kubernetes"),
}

// fuzzParams are every query parameter a handler reads.
var fuzzParams = []string{"q", "lang", "tag", "topic", "year", "type", "speaker", "event", "sort", "page", "size", "ui"}

// FuzzQueryParams sends requests with any values of the query parameters,
// and any raw query string after them, to every route that reads them,
// and checks that none answers a server error other than 503 or 504: bad
// input is the client's fault (4xx) or is searched as text.
func FuzzQueryParams(f *testing.F) {
	for _, q := range []string{`"`, `""`, `" "`, strings.Repeat(`"`, 50), "「」", "*", "-", "OR", "\u202e", strings.Repeat("a", 999),
		"title:go", "kubernetes~2", "/re.*/", "a AND b", "\x00", "\xff\xfe", "ngươi kỹ sư", "の に"} {
		f.Add(uint8(0), q, "", "", "")
	}
	f.Add(uint8(1), "go", "en", "-1", "page=0&size=100000")
	f.Add(uint8(2), "", "xx", "999999999999999999999", "sort=date&sort=relevance")
	f.Add(uint8(3), "", "", "", "%zz&q=%")
	f.Add(uint8(6), "", "ja", "", "ui=vi&lang=ja&q=")
	testServer.once.Do(func() { testServer.s, testServer.err = buildTestServer() })
	if testServer.err != nil {
		f.Fatal(testServer.err)
	}
	s := testServer.s
	f.Fuzz(func(t *testing.T, route uint8, text, value, number, raw string) {
		path := fuzzRoutes[int(route)%len(fuzzRoutes)]
		v := url.Values{}
		v.Set("q", text)
		for i, name := range fuzzParams[1:] {
			switch {
			case name == "page" || name == "size":
				if number != "" {
					v.Set(name, number)
				}
			case value != "" && int(route)>>3&(1<<(i%5)) != 0:
				v.Set(name, value)
			}
		}
		target := path + "?" + v.Encode()
		if raw != "" {
			target += "&" + raw
		}
		req, err := http.NewRequest(http.MethodGet, "http://example.test/", nil)
		if err != nil {
			t.Fatal(err)
		}
		// The raw query goes as sent, undecoded: a client may send any
		// bytes, which a URL parser would refuse before the server sees
		// them.
		req.URL.Path, req.URL.RawQuery = path, strings.TrimPrefix(target, path+"?")
		req.RequestURI = req.URL.RequestURI()
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, req)
		if c := rec.Code; c >= 500 && c != http.StatusServiceUnavailable && c != http.StatusGatewayTimeout {
			t.Fatalf("GET %s: %d %s", target, c, rec.Body.String())
		}
	})
}
