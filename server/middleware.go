package server

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
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
