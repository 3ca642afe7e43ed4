package server

import (
	"compress/gzip"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"
)

// maxHeaderBytes bounds the request line and headers of a request; a
// larger one is answered 431 by headerLimit, with the security headers.
// The http.Server's own, larger limit (see ListenAndServe) only guards
// memory against what is far past it.
const maxHeaderBytes = 64 << 10

// securityHeaders sets the headers that every response carries, wrapped
// around the whole router so that its redirects and 405s carry them too.
// The content security policy allows nothing but this origin: no inline
// scripts, no third-party assets.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' https: data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		next.ServeHTTP(w, r)
	})
}

// headerLimit answers 431 to a request whose request line and headers are
// larger than maxHeaderBytes.
func headerLimit(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := len(r.Method) + len(r.RequestURI) + len(r.Proto)
		for k, vs := range r.Header {
			for _, v := range vs {
				n += len(k) + len(v) + 4
			}
		}
		if n > maxHeaderBytes {
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			w.Header().Set("Connection", "close")
			w.WriteHeader(http.StatusRequestHeaderFieldsTooLarge)
			_ = json.NewEncoder(w).Encode(apiError{apiErrorBody{"header_too_large", fmt.Sprintf("request headers are larger than %d bytes", maxHeaderBytes)}})
			return
		}
		next.ServeHTTP(w, r)
	})
}

// maxLoggedQuery bounds how much of a query string a log line holds.
const maxLoggedQuery = 512

// loggedQuery is the query string as logged: at most maxLoggedQuery
// bytes, cut on a character boundary and marked as cut.
func loggedQuery(q string) string {
	if len(q) <= maxLoggedQuery {
		return q
	}
	cut := maxLoggedQuery
	for cut > 0 && !utf8.RuneStart(q[cut]) {
		cut--
	}
	return fmt.Sprintf("%s… (%d bytes)", q[:cut], len(q))
}

// logRequests logs one line per request with log/slog.
func (s *Server) logRequests() gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		c.Next()
		level := slog.LevelInfo
		if c.Writer.Status() >= 500 {
			level = slog.LevelError
		}
		s.log.LogAttrs(c.Request.Context(), level, "request",
			slog.String("method", c.Request.Method),
			slog.String("path", c.Request.URL.Path),
			slog.String("query", loggedQuery(c.Request.URL.RawQuery)),
			slog.Int("status", c.Writer.Status()),
			slog.Duration("took", time.Since(start)),
		)
	}
}

// recoverer turns a panic in a handler into a log line and the same 500
// answer as any internal error, JSON under /api and a page elsewhere,
// instead of a dropped connection.
func (s *Server) recoverer() gin.HandlerFunc {
	return func(c *gin.Context) {
		defer func() {
			if v := recover(); v != nil {
				s.log.Error("panic", "method", c.Request.Method, "path", c.Request.URL.Path, "panic", v, "stack", string(debug.Stack()))
				c.Abort()
				if c.Writer.Written() {
					return // part of the answer is out; nothing sound can follow
				}
				s.writeError(c, &httpError{Status: http.StatusInternalServerError, Code: "internal", Message: "internal error"})
			}
		}()
		c.Next()
	}
}

// cors lets the pages of the allowed origins read GET /api/* from a
// browser. With no origins configured it sends nothing, and browsers keep
// other sites from reading the API, which is the safe default for a
// server that may run inside a private network; "*" opens it to all,
// which is right for a public knowledge base.
func cors(origins []string, next http.Handler) http.Handler {
	if len(origins) == 0 {
		return next
	}
	all := slices.Contains(origins, "*")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		origin := r.Header.Get("Origin")
		api := strings.HasPrefix(r.URL.Path, "/api/") && !strings.HasPrefix(r.URL.Path, "/api/admin/")
		if api && origin != "" && (r.Method == http.MethodGet || r.Method == http.MethodHead || r.Method == http.MethodOptions) {
			w.Header().Add("Vary", "Origin")
			switch {
			case all:
				w.Header().Set("Access-Control-Allow-Origin", "*")
			case slices.Contains(origins, origin):
				w.Header().Set("Access-Control-Allow-Origin", origin)
			}
			if r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != "" {
				w.Header().Set("Access-Control-Allow-Methods", "GET, HEAD")
				w.Header().Set("Access-Control-Max-Age", "86400")
				w.WriteHeader(http.StatusNoContent)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// compressible are the content types gzip compresses: text, which shrinks
// to a fifth; images are compressed already.
var compressible = []string{"text/", "application/json", "application/xml", "application/atom+xml", "application/opensearchdescription+xml", "image/svg+xml", "application/javascript"}

// minCompress is the smallest body worth compressing.
const minCompress = 1024

// gzipResponses compresses the answers of compressible types for clients
// that accept gzip.
func gzipResponses(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Vary", "Accept-Encoding")
		if !acceptsGzip(r.Header.Get("Accept-Encoding")) || r.Method == http.MethodHead || r.Header.Get("Range") != "" {
			next.ServeHTTP(w, r)
			return
		}
		gw := &gzipWriter{ResponseWriter: w}
		defer gw.close()
		next.ServeHTTP(gw, r)
	})
}

// acceptsGzip reads an Accept-Encoding header: gzip unless its q is 0.
func acceptsGzip(h string) bool {
	for part := range strings.SplitSeq(h, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(name), "gzip") {
			q := strings.ReplaceAll(params, " ", "")
			return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
		}
	}
	return false
}

// gzipWriter decides at the first write whether to compress: by the
// content type and the size of that first write (handlers write a page
// or a JSON body in one piece).
type gzipWriter struct {
	http.ResponseWriter
	gz      *gzip.Writer
	decided bool
	status  int
}

func (g *gzipWriter) WriteHeader(status int) {
	if g.decided || g.status != 0 {
		g.ResponseWriter.WriteHeader(status)
		return
	}
	g.status = status // held until the first write decides the encoding
}

func (g *gzipWriter) Write(b []byte) (int, error) {
	if !g.decided {
		g.decided = true
		h := g.Header()
		ct := h.Get("Content-Type")
		if h.Get("Content-Encoding") == "" && len(b) >= minCompress && slices.ContainsFunc(compressible, func(p string) bool { return strings.HasPrefix(ct, p) }) {
			h.Set("Content-Encoding", "gzip")
			h.Del("Content-Length")
			g.gz = gzip.NewWriter(g.ResponseWriter)
		}
		if g.status != 0 {
			g.ResponseWriter.WriteHeader(g.status)
		}
	}
	if g.gz != nil {
		return g.gz.Write(b)
	}
	return g.ResponseWriter.Write(b)
}

func (g *gzipWriter) close() {
	if !g.decided && g.status != 0 {
		g.ResponseWriter.WriteHeader(g.status)
	}
	if g.gz != nil {
		_ = g.gz.Close()
	}
}

// Flush sends what is buffered, compressed or not.
func (g *gzipWriter) Flush() {
	if g.gz != nil {
		_ = g.gz.Flush()
	}
	if f, ok := g.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}
