package server

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
)

// Reindexer runs re-index runs for the admin API. `recap serve` gives the
// server its index writer through one; the server does not import the
// indexer, which would pull text extraction into it.
type Reindexer interface {
	// Start begins a run in the background and returns its ID, or an
	// error wrapping ErrBusy when a run is going.
	Start(full bool, trigger string) (string, error)
	// Status returns the current or last run, or nil before the first.
	Status() *RunStatus
}

// ErrBusy is the error a Reindexer returns when asked for a run while one
// is going; the API answers it with 409 Conflict.
var ErrBusy = errors.New("a re-index run is already going")

// RunStatus is a re-index run as GET /api/admin/reindex shows it.
type RunStatus struct {
	ID string `json:"id"`
	// State is "running", "done" or "failed".
	State   string    `json:"state"`
	Full    bool      `json:"full"`
	Trigger string    `json:"trigger"`
	Started time.Time `json:"started"`
	// Finished is nil while the run goes.
	Finished  *time.Time `json:"finished,omitempty"`
	Added     int        `json:"added"`
	Updated   int        `json:"updated"`
	Removed   int        `json:"removed"`
	Unchanged int        `json:"unchanged"`
	Failures  []Failure  `json:"failures"`
	Error     string     `json:"error,omitempty"`
}

// Failure is a file a run could not index, and why.
type Failure struct {
	Path   string `json:"path"`
	Reason string `json:"reason"`
}

// adminRoutes registers the admin API. Without a token, or without a
// re-indexer, it is off and its routes answer 404 like any unknown route.
func (s *Server) adminRoutes() {
	if s.cfg.AdminToken == "" || s.reindex == nil {
		return
	}
	p := pattern(routeAPIReindex)
	s.engine.POST(p, s.requireToken(), s.api(s.startReindex))
	s.engine.GET(p, s.requireToken(), s.api(s.reindexStatus))
}

// requireToken lets through requests with the admin bearer token. The
// token is compared as SHA-256 sums in constant time, so neither its
// content nor its length can be learnt from response times.
func (s *Server) requireToken() gin.HandlerFunc {
	want := sha256.Sum256([]byte(s.cfg.AdminToken))
	return func(c *gin.Context) {
		got, ok := bearer(c.GetHeader("Authorization"))
		sum := sha256.Sum256([]byte(got))
		if !ok || subtle.ConstantTimeCompare(sum[:], want[:]) != 1 {
			c.Header("WWW-Authenticate", `Bearer realm="recap admin"`)
			c.AbortWithStatusJSON(http.StatusUnauthorized, apiError{apiErrorBody{"unauthorized", "a valid admin token is needed: Authorization: Bearer <token>"}})
			return
		}
		c.Next()
	}
}

// bearer returns the token of an "Authorization: Bearer <token>" header.
func bearer(h string) (string, bool) {
	scheme, token, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	token = strings.TrimSpace(token)
	return token, token != ""
}

// reindexRequest is the optional body of POST /api/admin/reindex.
type reindexRequest struct {
	Full bool `json:"full"`
}

// reindexStarted is the answer to POST /api/admin/reindex.
type reindexStarted struct {
	ID     string `json:"id"`
	Full   bool   `json:"full"`
	Status string `json:"status"`
}

// maxAdminBody bounds the body of an admin request.
const maxAdminBody = 1 << 10

func (s *Server) startReindex(c *gin.Context) error {
	var req reindexRequest
	body, err := io.ReadAll(io.LimitReader(c.Request.Body, maxAdminBody+1))
	if err != nil {
		return badRequest("cannot read the request body")
	}
	if len(body) > maxAdminBody {
		return badRequest("the request body is too large")
	}
	if len(strings.TrimSpace(string(body))) > 0 {
		dec := json.NewDecoder(strings.NewReader(string(body)))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&req); err != nil {
			return badRequest(`the body must be {"full": true|false}: ` + err.Error())
		}
	}
	id, err := s.reindex.Start(req.Full, "admin")
	if errors.Is(err, ErrBusy) {
		return &httpError{Status: http.StatusConflict, Code: "conflict", Message: "a re-index run is already going; see GET /api/admin/reindex"}
	}
	if err != nil {
		return err
	}
	c.JSON(http.StatusAccepted, reindexStarted{ID: id, Full: req.Full, Status: routePath(routeAPIReindex)})
	return nil
}

// idleStatus is the status before the first run.
type idleStatus struct {
	State string `json:"state"`
}

func (s *Server) reindexStatus(c *gin.Context) error {
	st := s.reindex.Status()
	if st == nil {
		c.JSON(http.StatusOK, idleStatus{State: "idle"})
		return nil
	}
	c.JSON(http.StatusOK, st)
	return nil
}
