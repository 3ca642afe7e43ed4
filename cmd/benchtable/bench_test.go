package main

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/recaphq/recap/cmd/internal/loadgen"
	"github.com/recaphq/recap/cmd/internal/measure"
)

func TestFirstAnswerOK(t *testing.T) {
	const s = time.Second
	tests := []struct {
		name string
		f    firstAnswer
		want bool
	}{
		{"fast", firstAnswer{Listening: s / 10, Japanese: s / 5}, true},
		{"at the limit", firstAnswer{Listening: s / 10, Japanese: 300 * time.Millisecond}, true},
		{"slow to listen, Japanese at once after", firstAnswer{Listening: 900 * time.Millisecond, Japanese: s}, true},
		{"slow to listen, a 504 meanwhile", firstAnswer{Listening: 900 * time.Millisecond, Japanese: s, NotOK: 1}, false},
		{"listening, Japanese waits for the dictionary", firstAnswer{Listening: s / 10, Japanese: 1150 * time.Millisecond}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.f.ok(); got != tt.want {
				t.Errorf("%+v.ok() = %v, want %v", tt.f, got, tt.want)
			}
		})
	}
}

func TestMedian(t *testing.T) {
	tests := []struct {
		in   []int64
		want int64
	}{
		{nil, 0},
		{[]int64{5}, 5},
		{[]int64{3, 1, 2}, 2},
		{[]int64{4, 1, 3, 2}, 2},
	}
	for _, tt := range tests {
		in := slices.Clone(tt.in)
		if got := median(tt.in); got != tt.want {
			t.Errorf("median(%v) = %d, want %d", tt.in, got, tt.want)
		}
		if !slices.Equal(in, tt.in) {
			t.Errorf("median reordered its argument: %v, was %v", tt.in, in)
		}
	}
}

func TestRepeatTo(t *testing.T) {
	tests := []struct {
		name string
		unit string
		n    int
		want string
	}{
		{"cut at the last line end", "ab\ncd\n", 10, "ab\ncd\nab\n"},
		{"exact", "ab\n", 6, "ab\nab\n"},
		{"no line end", "abc", 5, "abcab"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(repeatTo([]byte(tt.unit), tt.n)); got != tt.want {
				t.Errorf("repeatTo(%q, %d) = %q, want %q", tt.unit, tt.n, got, tt.want)
			}
		})
	}
	// A unit of multi-byte text cut at a line end stays valid UTF-8.
	if b := repeatTo([]byte("Kỹ sư\n日本語\n"), 100); !utf8.Valid(b) {
		t.Errorf("repeatTo cut a character: %q", b)
	}
}

func TestNFC(t *testing.T) {
	nfd := "Ky\u0303 su\u031b\r\n" // Kỹ sư decomposed, with CRLF
	tests := []struct {
		name        string
		in          string
		wantNonNFC  int
		wantCleaned string
	}{
		{"composed", "Kỹ sư\nok\n", 0, "Kỹ sư\nok\n"},
		{"one decomposed line", "ok\n" + nfd, 1, "ok\nKỹ sư\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := nonNFCLines([]byte(tt.in)); got != tt.wantNonNFC {
				t.Errorf("nonNFCLines = %d, want %d", got, tt.wantNonNFC)
			}
			if got := string(cleanText([]byte(tt.in))); got != tt.wantCleaned {
				t.Errorf("cleanText = %q, want %q", got, tt.wantCleaned)
			}
		})
	}
}

func TestLoadRows(t *testing.T) {
	good := loadgen.Result{OK: 6000, Elapsed: 5 * time.Second, P50: 5 * time.Millisecond, P99: 40 * time.Millisecond}
	slow := loadgen.Result{OK: 600, Elapsed: 5 * time.Second, P50: 200 * time.Millisecond, P99: 1700 * time.Millisecond, Errors: 87, Timeouts: 84, Statuses: map[int]int{504: 3}}
	tests := []struct {
		name  string
		recap loadgen.Result
		want  []Verdict // at 1, 16, 64 connections
	}{
		{"meets every goal", good, []Verdict{Pass, Pass, Pass}},
		{"errors and slow", slow, []Verdict{Fail, Fail, Fail}},
		{"no errors but slow at 64", loadgen.Result{OK: 600, Elapsed: 5 * time.Second, P99: time.Second}, []Verdict{Pass, Pass, Fail}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := map[string]map[int]loadgen.Result{"recap": {}, "baseline": {}}
			for _, c := range loadConns {
				res["recap"][c], res["baseline"][c] = tt.recap, good
			}
			rows := loadRows("test corpus", res)
			if len(rows) != len(tt.want) {
				t.Fatalf("%d rows, want %d", len(rows), len(tt.want))
			}
			for i, r := range rows {
				if r.OK != tt.want[i] {
					t.Errorf("row %q: %v, want %v", r.Figure, r.OK, tt.want[i])
				}
			}
		})
	}
	rows := loadRows("c", map[string]map[int]loadgen.Result{"recap": {64: slow}, "baseline": {64: good}})
	if got, want := rows[2].Recap, "120 req/s, p50 200 ms, p99 1.70 s, 87 err (84 timeouts, 3 × 504)"; got != want {
		t.Errorf("cell %q, want %q", got, want)
	}
}

func TestConfigValidate(t *testing.T) {
	dir := t.TempDir()
	for _, d := range []string{"corpus", "seeds"} {
		if err := os.Mkdir(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	ok := defaultConfig()
	ok.Recap, ok.Data, ok.Shared = dir, dir, dir
	tests := []struct {
		name string
		edit func(*Config)
		ok   bool
	}{
		{"defaults", func(*Config) {}, true},
		{"no posts", func(c *Config) { c.Posts = 0 }, false},
		{"too few queries", func(c *Config) { c.Queries = 5 }, false},
		{"no rounds", func(c *Config) { c.Rounds = 0 }, false},
		{"no load time", func(c *Config) { c.LoadDuration = 0 }, false},
		{"no recap binary", func(c *Config) { c.Recap = dir + "/missing" }, false},
		{"no shared corpus", func(c *Config) { c.Shared = filepath.Join(dir, "corpus") }, false},
		{"memory alone needs no shared corpus", func(c *Config) { c.Only, c.Shared = onlyMemory, filepath.Join(dir, "corpus") }, true},
		{"memory alone needs recap", func(c *Config) { c.Only, c.Recap = onlyMemory, dir+"/missing" }, false},
		{"only an unknown figure", func(c *Config) { c.Only = "size" }, false},
		{"indexes to serve", func(c *Config) { c.Only, c.RecapIndex, c.BaseIndex = onlyMemory, dir, dir }, true},
		{"a recap index without a baseline one", func(c *Config) { c.Only, c.RecapIndex = onlyMemory, dir }, false},
		{"indexes to serve in a whole run", func(c *Config) { c.RecapIndex, c.BaseIndex = dir, dir }, false},
		{"a missing index to serve", func(c *Config) { c.Only, c.RecapIndex, c.BaseIndex = onlyMemory, dir, dir+"/missing" }, false},
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

func TestMedianRound(t *testing.T) {
	round := func(recap, base int64) memoryRound {
		return memoryRound{recap: measure.Memory{RSS: recap}, base: measure.Memory{RSS: base}}
	}
	tests := []struct {
		name   string
		rounds []memoryRound
		want   memoryRound
	}{
		{"none", nil, memoryRound{}},
		{"one", []memoryRound{round(150, 100)}, round(150, 100)},
		// By ratio, not by either server's memory: 1.6, 1.3, 1.4.
		{"three", []memoryRound{round(160, 100), round(143, 110), round(140, 100)}, round(140, 100)},
		{"two, the lower", []memoryRound{round(160, 100), round(130, 100)}, round(130, 100)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := medianRound(tt.rounds); got != tt.want {
				t.Errorf("medianRound = %+v, want %+v", got, tt.want)
			}
		})
	}
}
