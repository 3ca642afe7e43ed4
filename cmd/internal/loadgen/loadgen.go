// Package loadgen puts a server under concurrent load for a bounded time,
// as wrk does, with Go's HTTP client: a number of connections each send
// one request after another, and the run counts the answers, the errors
// and the latencies.
package loadgen

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/recaphq/recap/cmd/internal/measure"
)

// Config is one load run.
type Config struct {
	// URLs are requested in turn; each connection starts at a different
	// one, so that the mix is the same at any number of connections.
	URLs []string
	// Conns is the number of connections, each with one request at a
	// time.
	Conns int
	// Duration bounds the run: no request starts after it.
	Duration time.Duration
	// Timeout bounds each request; one that takes longer is a timeout.
	Timeout time.Duration
}

// Validate reports a configuration that cannot run.
func (c Config) Validate() error {
	switch {
	case len(c.URLs) == 0:
		return errors.New("load: no URL")
	case c.Conns < 1:
		return fmt.Errorf("load: %d connections, want at least 1", c.Conns)
	case c.Duration <= 0 || c.Timeout <= 0:
		return fmt.Errorf("load: duration %v and timeout %v must be positive", c.Duration, c.Timeout)
	}
	return nil
}

// Result is what a load run measured.
type Result struct {
	Conns int
	// OK counts the 200 answers; Errors the other answers and the failed
	// requests, Timeouts among them.
	OK, Errors, Timeouts int
	// Statuses counts the answers that were not 200, by status.
	Statuses map[int]int
	// Elapsed runs from the first request to the last answer.
	Elapsed time.Duration
	// P50 and P99 are over the answered requests, 200 or not.
	P50, P99 time.Duration
}

// PerSecond is the rate of 200 answers.
func (r Result) PerSecond() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.OK) / r.Elapsed.Seconds()
}

// Run puts the load of cfg on the server and waits for it to end.
func Run(ctx context.Context, cfg Config) (Result, error) {
	if err := cfg.Validate(); err != nil {
		return Result{}, err
	}
	tr := &http.Transport{
		MaxIdleConns:        cfg.Conns,
		MaxIdleConnsPerHost: cfg.Conns,
		MaxConnsPerHost:     cfg.Conns,
		DisableCompression:  true,
	}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: cfg.Timeout}

	type conn struct {
		lat                  []time.Duration
		ok, errors, timeouts int
		statuses             map[int]int
	}
	conns := make([]conn, cfg.Conns)
	start := time.Now()
	end := start.Add(cfg.Duration)
	var wg sync.WaitGroup
	for i := range conns {
		c := &conns[i]
		c.statuses = map[int]int{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := i * len(cfg.URLs) / cfg.Conns; time.Now().Before(end) && ctx.Err() == nil; k++ {
				t0 := time.Now()
				status, err := get(ctx, client, cfg.URLs[k%len(cfg.URLs)])
				switch {
				case ctx.Err() != nil:
					return
				case err != nil:
					c.errors++
					if isTimeout(err) {
						c.timeouts++
					}
					continue
				}
				c.lat = append(c.lat, time.Since(t0))
				if status == http.StatusOK {
					c.ok++
				} else {
					c.errors++
					c.statuses[status]++
				}
			}
		}()
	}
	wg.Wait()
	r := Result{Conns: cfg.Conns, Elapsed: time.Since(start), Statuses: map[int]int{}}
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	var lat []time.Duration
	for _, c := range conns {
		lat = append(lat, c.lat...)
		r.OK += c.ok
		r.Errors += c.errors
		r.Timeouts += c.timeouts
		for s, n := range c.statuses {
			r.Statuses[s] += n
		}
	}
	slices.Sort(lat)
	r.P50, r.P99 = measure.Percentile(lat, 50), measure.Percentile(lat, 99)
	return r, nil
}

// get requests url and reads the whole answer, as a client that shows it
// does.
func get(ctx context.Context, client *http.Client, url string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

func isTimeout(err error) bool {
	var te interface{ Timeout() bool }
	return errors.As(err, &te) && te.Timeout()
}
