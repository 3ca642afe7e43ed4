package server

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"io"
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync"
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
	// FailedRuns counts the runs in a row that failed, this one included
	// when it failed; the server keeps serving the index of the last good
	// run meanwhile.
	FailedRuns int `json:"failed_runs,omitempty"`
	// RetryAt is when a failed run is tried again.
	RetryAt *time.Time `json:"retry_at,omitempty"`
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
	auth := s.requireToken(newFailLimiter(adminFailures, adminFailWindow, adminFailIPs, time.Now))
	s.engine.POST(p, auth, s.api(s.startReindex))
	s.engine.GET(p, auth, s.api(s.reindexStatus))
}

// adminFailures failed admin attempts from one client IP within
// adminFailWindow make the API answer that IP 429 Too Many Requests for
// the rest of the window: enough for a mistyped token, far too few to
// guess one. adminFailIPs bounds the memory the counts take.
const (
	adminFailures   = 5
	adminFailWindow = time.Minute
	adminFailIPs    = 1024
)

// failLimiter counts failed attempts per client IP in fixed windows. It
// holds at most size IPs, so that a flood from many addresses cannot grow
// it without bound: when full it drops the expired counts, and then the
// oldest.
type failLimiter struct {
	mu       sync.Mutex
	maxFails int
	window   time.Duration
	size     int
	now      func() time.Time
	ips      map[string]failCount
}

// failCount is the failures of one IP in the window that began at since.
type failCount struct {
	n     int
	since time.Time
}

func newFailLimiter(maxFails int, window time.Duration, size int, now func() time.Time) *failLimiter {
	return &failLimiter{maxFails: maxFails, window: window, size: size, now: now, ips: make(map[string]failCount, size)}
}

// blocked reports whether ip has used up its failures, and if so how long
// until its window ends.
func (l *failLimiter) blocked(ip string) (time.Duration, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fc, ok := l.ips[ip]
	if !ok {
		return 0, false
	}
	left := fc.since.Add(l.window).Sub(l.now())
	if left <= 0 {
		delete(l.ips, ip)
		return 0, false
	}
	return left, fc.n >= l.maxFails
}

// fail counts a failed attempt from ip.
func (l *failLimiter) fail(ip string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if fc, ok := l.ips[ip]; ok && now.Before(fc.since.Add(l.window)) {
		fc.n++
		l.ips[ip] = fc
		return
	}
	if len(l.ips) >= l.size {
		l.evict(now)
	}
	l.ips[ip] = failCount{n: 1, since: now}
}

// evict makes room for one more IP: it drops the expired counts, or, when
// none has expired, the oldest.
func (l *failLimiter) evict(now time.Time) {
	oldest, first := "", time.Time{}
	for ip, fc := range l.ips {
		if !now.Before(fc.since.Add(l.window)) {
			delete(l.ips, ip)
			continue
		}
		if oldest == "" || fc.since.Before(first) {
			oldest, first = ip, fc.since
		}
	}
	if len(l.ips) >= l.size {
		delete(l.ips, oldest)
	}
}

// succeed forgets the failures of ip, which has shown the token.
func (l *failLimiter) succeed(ip string) {
	l.mu.Lock()
	delete(l.ips, ip)
	l.mu.Unlock()
}

// requireToken lets through requests with the admin bearer token. The
// token is compared as SHA-256 sums in constant time, so neither its
// content nor its length can be learnt from response times. Failed
// attempts are counted per client IP by limit, and an IP that has used up
// its failures gets 429 with Retry-After, even with the right token, so
// that the answers tell a guesser nothing until the window ends. The IP is
// the connection's peer, not X-Forwarded-For, which a client can forge;
// behind a proxy all clients share its count.
func (s *Server) requireToken(limit *failLimiter) gin.HandlerFunc {
	want := sha256.Sum256([]byte(s.cfg.AdminToken))
	return func(c *gin.Context) {
		ip := c.RemoteIP()
		if left, blocked := limit.blocked(ip); blocked {
			c.Header("Retry-After", strconv.Itoa(int(math.Ceil(left.Seconds()))))
			c.AbortWithStatusJSON(http.StatusTooManyRequests, apiError{apiErrorBody{"too_many_requests", "too many failed admin attempts from this address; try again later"}})
			return
		}
		got, ok := bearer(c.GetHeader("Authorization"))
		sum := sha256.Sum256([]byte(got))
		if !ok || subtle.ConstantTimeCompare(sum[:], want[:]) != 1 {
			limit.fail(ip)
			c.Header("WWW-Authenticate", `Bearer realm="recap admin"`)
			c.AbortWithStatusJSON(http.StatusUnauthorized, apiError{apiErrorBody{"unauthorized", "a valid admin token is needed: Authorization: Bearer <token>"}})
			return
		}
		limit.succeed(ip)
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
		// Decode reads one value; a second one, or anything but space
		// after it, would be ignored, and {"full":false}{"full":true}
		// would run what the sender did not mean.
		if _, err := dec.Token(); !errors.Is(err, io.EOF) {
			return badRequest(`the body must be one {"full": true|false} object, with nothing after it`)
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
