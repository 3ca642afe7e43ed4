// Package server is recap's HTTP front: server-rendered pages and a JSON
// API over the index, with gin. It knows nothing of how text is repaired or
// analysed; it asks the index.
package server

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"runtime"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/recaphq/recap/indexer/kb"
	"github.com/recaphq/recap/indexer/search"
	"github.com/recaphq/recap/indexer/taxonomy"
	"github.com/recaphq/recap/ui"
)

// Config is the server's configuration.
type Config struct {
	// Addr is the address to listen on, such as 127.0.0.1:8080.
	Addr string
	// SearchTimeout bounds every search the server runs; it is the only
	// bound, the index itself sets none.
	SearchTimeout time.Duration
	// MaxSearches is how many searches run at once; more wait up to
	// SearchQueueWait for a place and are then answered 503 with
	// Retry-After. Searches are CPU-bound, so more at once than there are
	// cores only makes each slower and holds more memory.
	MaxSearches     int
	SearchQueueWait time.Duration
	// MaxQueued is how many searches may wait for a place at once; one
	// more is answered 503 at once, as is one that at the pace searches
	// go would not get a place within SearchQueueWait. A queue without a
	// bound sheds load only after each search in it has waited its
	// SearchQueueWait, by when the clients behind have timed out.
	MaxQueued int
	// AdminToken is the bearer token of the admin API; empty turns the
	// admin API off.
	AdminToken string
	// BaseURL is the public address of the site, such as
	// https://recap.example.org, for the absolute links of feeds, the
	// sitemap and canonical tags; empty takes each request's own host.
	BaseURL string
	// CORSOrigins are the origins allowed to read GET /api/* from a
	// browser; "*" allows any. Empty, the default, sends no CORS
	// headers: the API answers what any page could link to, but a site
	// that embeds it should opt in.
	CORSOrigins []string
}

// DefaultConfig returns the configuration that `recap serve` starts from.
func DefaultConfig() Config {
	return Config{
		Addr:            "127.0.0.1:8080",
		SearchTimeout:   2 * time.Second,
		MaxSearches:     2 * runtime.GOMAXPROCS(0),
		SearchQueueWait: time.Second,
		MaxQueued:       64 * runtime.GOMAXPROCS(0),
	}
}

// Validate reports a configuration that cannot work.
func (c Config) Validate() error {
	if c.Addr == "" {
		return errors.New("addr: empty listen address")
	}
	if c.SearchTimeout <= 0 {
		return fmt.Errorf("search timeout %v: must be positive", c.SearchTimeout)
	}
	if c.MaxSearches < 1 {
		return fmt.Errorf("max searches %d: must be at least 1", c.MaxSearches)
	}
	if c.MaxQueued < 0 {
		return fmt.Errorf("max queued searches %d: must not be negative", c.MaxQueued)
	}
	if c.SearchQueueWait < 0 {
		return fmt.Errorf("search queue wait %v: must not be negative", c.SearchQueueWait)
	}
	if c.BaseURL != "" {
		if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" {
			return fmt.Errorf("base URL %q: want an absolute http(s) URL without a query, such as https://recap.example.org", c.BaseURL)
		}
	}
	for _, o := range c.CORSOrigins {
		if u, err := url.Parse(o); o != "*" && (err != nil || u.Scheme == "" || u.Host == "" || u.Path != "") {
			return fmt.Errorf("CORS origin %q: want * or an origin such as https://example.org", o)
		}
	}
	if err := validAdminToken(c.AdminToken); err != nil {
		return fmt.Errorf("admin token (RECAP_ADMIN_TOKEN): %w", err)
	}
	return nil
}

// minAdminTokenLen is the fewest characters an admin token may have: a
// short token can be guessed, even at the pace the failure limit allows.
const minAdminTokenLen = 16

// validAdminToken reports a token that cannot protect the admin API. An
// empty one turns the API off. Surrounding whitespace is refused because
// the Authorization header is trimmed, so such a token could never match:
// the routes would be on and no one could use them.
func validAdminToken(tok string) error {
	switch {
	case tok == "":
		return nil
	case strings.TrimSpace(tok) != tok:
		return errors.New("has leading or trailing whitespace, which no request can send; remove it")
	case utf8.RuneCountInString(tok) < minAdminTokenLen:
		return fmt.Errorf("is %d characters long; use at least %d, such as the output of openssl rand -hex 16", utf8.RuneCountInString(tok), minAdminTokenLen)
	}
	return nil
}

// Index is what the server reads: the live index.
type Index interface {
	Search(ctx context.Context, q search.Query) (*search.Result, error)
	Entry(ctx context.Context, slug string) (*kb.Entry, error)
	Talk(ctx context.Context, id string) (*kb.TalkEntry, error)
	Talks(ctx context.Context, f search.TalkFilter) ([]kb.TalkEntry, error)
	TopicCounts(ctx context.Context) (posts, talks map[string]int, err error)
	// Counts counts the documents of type typ by the values of field.
	Counts(ctx context.Context, typ, field string) (map[string]int, error)
}

// Deps are the server's collaborators.
type Deps struct {
	Index Index
	// Taxonomy names and labels the topics; nil means none.
	Taxonomy *taxonomy.Taxonomy
	// Reindexer runs re-index runs for the admin API; nil turns it off.
	Reindexer Reindexer
	// Files is the data folder, whose images (Jekyll's assets/) the
	// posts show; nil serves none.
	Files  fs.FS
	Logger *slog.Logger
}

// Server serves recap over HTTP.
type Server struct {
	cfg     Config
	index   Index
	log     *slog.Logger
	engine  *gin.Engine
	handler http.Handler // engine inside the middleware every response passes
	// searches holds a token for each search running (see
	// Config.MaxSearches), queue one for each search waiting for a place
	// (Config.MaxQueued).
	searches chan struct{}
	queue    chan struct{}
	pace     searchPace
	pages    *pages
	catalog  ui.Catalog
	assets   *assets
	reindex  Reindexer
	tax      *taxonomy.Taxonomy
	files    fs.FS
}

// NewServer builds a server and parses its templates once.
func NewServer(cfg Config, deps Deps) (*Server, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if deps.Index == nil {
		return nil, errors.New("server: no index")
	}
	if deps.Logger == nil {
		deps.Logger = slog.Default()
	}
	cat, err := ui.LoadCatalog()
	if err != nil {
		return nil, err
	}
	as, err := loadAssets(ui.Static())
	if err != nil {
		return nil, err
	}
	if deps.Taxonomy == nil {
		if deps.Taxonomy, err = taxonomy.New(nil, nil, nil); err != nil {
			return nil, err
		}
	}
	s := &Server{searches: make(chan struct{}, cfg.MaxSearches), queue: make(chan struct{}, cfg.MaxQueued), cfg: cfg, index: deps.Index, log: deps.Logger, catalog: cat, assets: as, reindex: deps.Reindexer, tax: deps.Taxonomy, files: deps.Files}
	s.pages, err = parsePages(ui.Templates(), s.baseFuncs())
	if err != nil {
		return nil, err
	}
	s.pages.bind(s.pageFuncs)
	gin.SetMode(gin.ReleaseMode)
	s.engine = gin.New()
	s.engine.RedirectTrailingSlash = true
	s.engine.HandleMethodNotAllowed = true
	s.routes()
	s.handler = securityHeaders(headerLimit(cors(cfg.CORSOrigins, gzipResponses(s.engine))))
	return s, nil
}

// Handler returns the server's HTTP handler.
func (s *Server) Handler() http.Handler { return s.handler }

// routes registers every route of the server.
func (s *Server) routes() {
	r := s.engine
	r.Use(s.recoverer(), s.logRequests())

	s.get(routeHealthz, s.healthz)
	s.get(routeStatic, s.static)
	s.get(routeImage, s.image)
	s.get(routeFavicon, s.favicon)
	s.get(routeRobots, s.robots)
	s.get(routeOpenSearch, s.html(s.openSearch))
	s.get(routeSitemap, s.html(s.sitemap))
	s.get(routeFeed, s.html(s.feed))
	s.get(routeTopicFeed, s.html(s.feed))
	s.get(routeSpeakerFeed, s.html(s.feed))

	s.get(routeHome, s.html(s.home))
	s.get(routeSearch, s.html(s.searchPage))
	s.get(routePost, s.html(s.postPage))
	s.get(routeTalk, s.html(s.talkPage))
	s.get(routeSpeaker, s.html(s.speakerPage))
	s.get(routeEvent, s.html(s.eventPage))
	s.get(routeTopics, s.html(s.topicsPage))
	s.get(routeTopic, s.html(s.topicPage))

	s.get(routeAPISearch, s.api(s.apiSearch))
	s.get(routeAPIPost, s.api(s.apiPost))
	s.get(routeAPITalks, s.api(s.apiTalks))
	s.get(routeAPITalk, s.api(s.apiTalk))
	s.get(routeAPISpeaker, s.api(s.apiSpeaker))
	s.get(routeAPIEvent, s.api(s.apiEvent))
	s.get(routeAPITopics, s.api(s.apiTopics))
	s.get(routeAPITopic, s.api(s.apiTopic))
	s.get(routeAPISpeakers, s.api(s.apiSpeakers))
	s.get(routeAPIEvents, s.api(s.apiEvents))
	s.get(routeAPIOpenAPI, s.openAPI)
	s.adminRoutes()

	r.NoRoute(s.notFound)
	r.NoMethod(s.methodNotAllowed)
}

// get registers h for GET and HEAD on the named route: HEAD answers what
// GET would, without the body, which net/http drops.
func (s *Server) get(name string, h gin.HandlerFunc) {
	s.engine.GET(pattern(name), h)
	s.engine.HEAD(pattern(name), h)
}

// ListenAndServe serves on cfg.Addr until ctx is done, then shuts down
// gracefully, letting requests in flight finish.
func (s *Server) ListenAndServe(ctx context.Context) error {
	srv := &http.Server{
		Addr:              s.cfg.Addr,
		Handler:           s.Handler(),
		MaxHeaderBytes:    4 << 20, // far past maxHeaderBytes, which headerLimit answers
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		BaseContext:       func(_ net.Listener) context.Context { return ctx },
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe() }()
	s.log.Info("serving", "addr", "http://"+s.cfg.Addr)
	select {
	case err := <-errc:
		return fmt.Errorf("listen %s: %w", s.cfg.Addr, err)
	case <-ctx.Done():
	}
	s.log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

func (s *Server) healthz(c *gin.Context) {
	c.JSON(http.StatusOK, gin.H{"status": "ok"})
}
