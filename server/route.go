package server

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/recaphq/recap/indexer/search"
)

// Route names. Every URL of recap, in a page, an API body or a redirect,
// is built from one of these by routePath, and routes registers the same
// patterns, so a page can never link to an address that is not served.
const (
	routeHome    = "home"
	routeSearch  = "search"
	routePost    = "post"
	routeTalk    = "talk"
	routeSpeaker = "speaker"
	routeEvent   = "event"
	routeTopics  = "topics"
	routeTopic   = "topic"
	routeStatic  = "static"
	routeHealthz = "healthz"
	routeImage   = "image"

	routeFeed        = "feed"
	routeTopicFeed   = "topic-feed"
	routeSpeakerFeed = "speaker-feed"
	routeOpenSearch  = "opensearch"
	routeSitemap     = "sitemap"
	routeRobots      = "robots"
	routeFavicon     = "favicon"

	routeAPISearch   = "api-search"
	routeAPIPost     = "api-post"
	routeAPITalks    = "api-talks"
	routeAPITalk     = "api-talk"
	routeAPISpeaker  = "api-speaker"
	routeAPIEvent    = "api-event"
	routeAPITopics   = "api-topics"
	routeAPITopic    = "api-topic"
	routeAPIReindex  = "api-reindex"
	routeAPISpeakers = "api-speakers"
	routeAPIEvents   = "api-events"
	routeAPIOpenAPI  = "api-openapi"
)

// patterns are the gin patterns of the named routes; a ":name" segment
// takes one argument of routePath.
var patterns = map[string]string{
	routeHome:    "/",
	routeSearch:  "/search",
	routePost:    "/posts/:slug",
	routeTalk:    "/talks/:id",
	routeSpeaker: "/speakers/:slug",
	routeEvent:   "/events/:slug",
	routeTopics:  "/topics",
	routeTopic:   "/topics/:slug",
	routeStatic:  "/static/:file",
	routeHealthz: "/healthz",
	// Posts written for Jekyll link their images under /assets/, which
	// is where the data folder keeps them.
	routeImage: "/assets/*path",

	routeFeed:        "/feed.atom",
	routeTopicFeed:   "/topics/:slug/feed.atom",
	routeSpeakerFeed: "/speakers/:slug/feed.atom",
	routeOpenSearch:  "/opensearch.xml",
	routeSitemap:     "/sitemap.xml",
	routeRobots:      "/robots.txt",
	routeFavicon:     "/favicon.ico",

	routeAPISearch:   "/api/search",
	routeAPIPost:     "/api/posts/:slug",
	routeAPITalks:    "/api/talks",
	routeAPITalk:     "/api/talks/:id",
	routeAPISpeaker:  "/api/speakers/:slug",
	routeAPIEvent:    "/api/events/:slug",
	routeAPITopics:   "/api/topics",
	routeAPITopic:    "/api/topics/:slug",
	routeAPIReindex:  "/api/admin/reindex",
	routeAPISpeakers: "/api/speakers",
	routeAPIEvents:   "/api/events",
	routeAPIOpenAPI:  "/api/openapi.json",
}

// pattern returns the gin pattern of a named route.
func pattern(name string) string {
	p, ok := patterns[name]
	if !ok {
		panic("server: no route " + name)
	}
	return p
}

// routePath returns the path of the named route with its ":name" segments
// replaced, in order, by args, each escaped as one path segment; a
// "*name" segment takes a slash-separated path, each of its segments
// escaped. A wrong
// number of arguments is a programming error and panics, which the tests
// of every page reach.
func routePath(name string, args ...string) string {
	segs := strings.Split(pattern(name), "/")
	n := 0
	for i, s := range segs {
		if strings.HasPrefix(s, ":") || strings.HasPrefix(s, "*") {
			if n >= len(args) {
				panic(fmt.Sprintf("server: route %s wants more than %d arguments", name, len(args)))
			}
			segs[i] = url.PathEscape(args[n])
			if s[0] == '*' {
				parts := strings.Split(strings.TrimPrefix(args[n], "/"), "/")
				for j, p := range parts {
					parts[j] = url.PathEscape(p)
				}
				segs[i] = strings.Join(parts, "/")
			}
			n++
		}
	}
	if n != len(args) {
		panic(fmt.Sprintf("server: route %s takes %d arguments, not %d", name, n, len(args)))
	}
	return strings.Join(segs, "/")
}

// The paths of the things recap shows, for pages and API bodies alike.
func postPath(slug string) string    { return routePath(routePost, slug) }
func talkPath(id string) string      { return routePath(routeTalk, id) }
func speakerPath(slug string) string { return routePath(routeSpeaker, slug) }
func eventPath(slug string) string   { return routePath(routeEvent, slug) }
func topicPath(slug string) string   { return routePath(routeTopic, slug) }

// HitPath is the path of the page of a hit, for the pages, the API and
// the command line, which prints it.
func HitPath(h search.Hit) string {
	if h.Type == search.TypeTalk {
		return talkPath(h.Key)
	}
	return postPath(h.Key)
}
