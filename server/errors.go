package server

import (
	"context"
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/recaphq/recap/indexer/search"
)

// handlerFunc is a handler that returns its error instead of writing it;
// html and api turn errors into the response of their kind.
type handlerFunc func(c *gin.Context) error

// httpError is an error with the status and code to answer it with.
type httpError struct {
	Status  int
	Code    string
	Message string
	Err     error
}

func (e *httpError) Error() string {
	if e.Err != nil {
		return e.Message + ": " + e.Err.Error()
	}
	return e.Message
}

func (e *httpError) Unwrap() error { return e.Err }

func badRequest(msg string) error {
	return &httpError{Status: http.StatusBadRequest, Code: "bad_request", Message: msg}
}

func notFound(msg string) error {
	return &httpError{Status: http.StatusNotFound, Code: "not_found", Message: msg}
}

// classify maps any error to the httpError the client sees. Errors that
// are not the client's are logged here, once, and shown as a generic
// message.
func (s *Server) classify(c *gin.Context, err error) *httpError {
	var he *httpError
	var pe *search.ParamError
	switch {
	case errors.As(err, &he):
	case errors.As(err, &pe):
		he = &httpError{Status: http.StatusBadRequest, Code: "invalid_" + pe.Param, Message: pe.Error()}
	case errors.Is(err, search.ErrNotFound):
		he = &httpError{Status: http.StatusNotFound, Code: "not_found", Message: "no such page"}
	case errors.Is(err, context.DeadlineExceeded):
		he = &httpError{Status: http.StatusGatewayTimeout, Code: "timeout", Message: "the search took too long; try a more specific query", Err: err}
	case errors.Is(err, context.Canceled) && c.Request.Context().Err() != nil:
		// The client went away; nobody reads the answer.
		he = &httpError{Status: 499, Code: "canceled", Message: "request canceled", Err: err}
	default:
		he = &httpError{Status: http.StatusInternalServerError, Code: "internal", Message: "internal error", Err: err}
	}
	if he.Status == http.StatusServiceUnavailable {
		c.Header("Retry-After", "1")
	}
	if he.Status >= 500 && he.Status != http.StatusServiceUnavailable {
		s.log.Error("request failed", "method", c.Request.Method, "path", c.Request.URL.Path, "err", err)
	}
	return he
}

// apiError is the JSON body of every API error.
type apiError struct {
	Error apiErrorBody `json:"error"`
}

type apiErrorBody struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// api adapts a JSON handler: its error becomes {"error":{"code","message"}}.
func (s *Server) api(h handlerFunc) gin.HandlerFunc {
	return func(c *gin.Context) {
		if err := h(c); err != nil {
			s.apiError(c, s.classify(c, err))
		}
	}
}

func (s *Server) apiError(c *gin.Context, he *httpError) {
	c.JSON(he.Status, apiError{apiErrorBody{he.Code, he.Message}})
}

// writeError answers he as the route's kind wants it: JSON under /api, a
// page elsewhere.
func (s *Server) writeError(c *gin.Context, he *httpError) {
	if isAPI(c) {
		s.apiError(c, he)
		return
	}
	s.errorPage(c, he)
}

// html adapts a page handler: its error becomes an HTML error page.
func (s *Server) html(h handlerFunc) gin.HandlerFunc {
	return func(c *gin.Context) {
		if err := h(c); err != nil {
			s.errorPage(c, s.classify(c, err))
		}
	}
}

// errorPage renders he as a page in the visitor's language.
func (s *Server) errorPage(c *gin.Context, he *httpError) {
	lang := s.uiLang(c)
	title, msg := s.catalog.T(lang, "error.internal"), s.catalog.T(lang, "error.internal.message")
	switch he.Status {
	case http.StatusNotFound:
		title, msg = s.catalog.T(lang, "error.notfound"), s.catalog.T(lang, "error.notfound.message")
	case http.StatusBadRequest, http.StatusMethodNotAllowed:
		title, msg = s.catalog.T(lang, "error.badrequest"), he.Message
	case http.StatusGatewayTimeout, http.StatusServiceUnavailable:
		title, msg = s.catalog.T(lang, "error.timeout"), s.catalog.T(lang, "error.timeout.message")
	}
	s.render(c, he.Status, "error", errorData{Title: title, Message: msg}, "")
}

type errorData struct {
	Title   string
	Message string
}

// notFound answers unknown routes: JSON under /api, a page elsewhere.
func (s *Server) notFound(c *gin.Context) {
	s.writeError(c, &httpError{Status: http.StatusNotFound, Code: "not_found", Message: "no route " + c.Request.Method + " " + c.Request.URL.Path})
}

// methodNotAllowed answers a known path asked with a method it does not
// take; the router has set the Allow header.
func (s *Server) methodNotAllowed(c *gin.Context) {
	s.writeError(c, &httpError{Status: http.StatusMethodNotAllowed, Code: "method_not_allowed", Message: c.Request.Method + " is not allowed on " + c.Request.URL.Path + "; allowed: " + c.Writer.Header().Get("Allow")})
}

func isAPI(c *gin.Context) bool {
	p := c.Request.URL.Path
	return p == "/api" || len(p) > 4 && p[:5] == "/api/"
}
