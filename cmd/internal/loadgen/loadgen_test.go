package loadgen

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"
)

func TestRun(t *testing.T) {
	var n atomic.Int64
	block := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		switch r.URL.Path {
		case "/ok":
			w.Write([]byte("fine"))
		case "/busy":
			http.Error(w, "busy", http.StatusServiceUnavailable)
		case "/slow":
			select {
			case <-block:
			case <-r.Context().Done():
			}
		}
	}))
	defer srv.Close()
	defer close(block)

	tests := []struct {
		name                          string
		paths                         []string
		conns                         int
		timeout                       time.Duration
		wantOK, wantErrors, wantTimes bool
		wantStatus                    int
	}{
		{name: "all ok", paths: []string{"/ok"}, conns: 4, timeout: 10 * time.Second, wantOK: true},
		{name: "503s are errors", paths: []string{"/ok", "/busy"}, conns: 2, timeout: 10 * time.Second, wantOK: true, wantErrors: true, wantStatus: http.StatusServiceUnavailable},
		{name: "slow answers time out", paths: []string{"/slow"}, conns: 2, timeout: 50 * time.Millisecond, wantErrors: true, wantTimes: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var urls []string
			for _, p := range tt.paths {
				urls = append(urls, srv.URL+p)
			}
			r, err := Run(context.Background(), Config{URLs: urls, Conns: tt.conns, Duration: 100 * time.Millisecond, Timeout: tt.timeout})
			if err != nil {
				t.Fatal(err)
			}
			if (r.OK > 0) != tt.wantOK || (r.Errors > 0) != tt.wantErrors || (r.Timeouts > 0) != tt.wantTimes {
				t.Errorf("got %+v; want ok %v, errors %v, timeouts %v", r, tt.wantOK, tt.wantErrors, tt.wantTimes)
			}
			if tt.wantStatus != 0 && r.Statuses[tt.wantStatus] == 0 {
				t.Errorf("no %d counted: %v", tt.wantStatus, r.Statuses)
			}
			if tt.wantOK && (r.PerSecond() <= 0 || r.P50 <= 0 || r.P99 < r.P50) {
				t.Errorf("rate %v, p50 %v, p99 %v: want a positive rate and p50 <= p99", r.PerSecond(), r.P50, r.P99)
			}
		})
	}
}

func TestValidate(t *testing.T) {
	ok := Config{URLs: []string{"http://127.0.0.1:1/"}, Conns: 1, Duration: time.Second, Timeout: time.Second}
	tests := []struct {
		name string
		edit func(*Config)
		ok   bool
	}{
		{"valid", func(*Config) {}, true},
		{"no URL", func(c *Config) { c.URLs = nil }, false},
		{"no connection", func(c *Config) { c.Conns = 0 }, false},
		{"no duration", func(c *Config) { c.Duration = 0 }, false},
		{"no timeout", func(c *Config) { c.Timeout = 0 }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := ok
			tt.edit(&c)
			if err := c.Validate(); (err == nil) != tt.ok {
				t.Errorf("Validate() = %v, want ok %v", err, tt.ok)
			}
		})
	}
}
