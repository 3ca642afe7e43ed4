package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"
)

func TestWaitFirstAnswer(t *testing.T) {
	tests := []struct {
		name      string
		failFirst int64 // Japanese answers that are 504 before the first 200
		wantNotOK int
	}{
		{"answers at once", 0, 0},
		{"504s while the dictionary loads", 3, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var n atomic.Int64
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				switch {
				case r.URL.Path == "/healthz":
				case r.URL.Query().Get("q") != japaneseQuery:
					http.Error(w, "wrong query", http.StatusBadRequest)
				case n.Add(1) <= tt.failFirst:
					http.Error(w, "timeout", http.StatusGatewayTimeout)
				}
			}))
			defer srv.Close()
			s := &server{name: "test", base: srv.URL, started: time.Now()}
			f, err := s.waitFirstAnswer(context.Background(), japaneseQuery, time.Minute)
			if err != nil {
				t.Fatal(err)
			}
			if f.NotOK != tt.wantNotOK {
				t.Errorf("NotOK = %d, want %d", f.NotOK, tt.wantNotOK)
			}
			if f.Japanese <= 0 || f.Listening <= 0 {
				t.Errorf("times %+v: want both set", f)
			}
		})
	}
}
