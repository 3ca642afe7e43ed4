package measure

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestPercentile(t *testing.T) {
	ms := func(ns ...int) []time.Duration {
		out := make([]time.Duration, len(ns))
		for i, n := range ns {
			out[i] = time.Duration(n) * time.Millisecond
		}
		return out
	}
	hundred := make([]int, 100)
	for i := range hundred {
		hundred[i] = i + 1
	}
	tests := []struct {
		name string
		lat  []time.Duration
		p    float64
		want time.Duration
	}{
		{"none", nil, 50, 0},
		{"one", ms(7), 99, 7 * time.Millisecond},
		{"median of odd", ms(1, 2, 3), 50, 2 * time.Millisecond},
		{"median of even is the lower", ms(1, 2, 3, 4), 50, 2 * time.Millisecond},
		{"p99 of 100", ms(hundred...), 99, 99 * time.Millisecond},
		{"p100 is the max", ms(hundred...), 100, 100 * time.Millisecond},
		{"p99 of 10 is the max", ms(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), 99, 10 * time.Millisecond},
		{"tiny p is the min", ms(5, 6), 0.1, 5 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Percentile(tt.lat, tt.p); got != tt.want {
				t.Errorf("Percentile(%v, %v) = %v, want %v", tt.lat, tt.p, got, tt.want)
			}
		})
	}
}

func TestFromRusage(t *testing.T) {
	tests := []struct {
		name string
		ru   syscall.Rusage
		want Usage
	}{
		{"zero", syscall.Rusage{}, Usage{}},
		{"user and system add", syscall.Rusage{
			Utime:  syscall.Timeval{Sec: 2, Usec: 500000},
			Stime:  syscall.Timeval{Sec: 0, Usec: 250000},
			Maxrss: 1024,
		}, Usage{CPU: 2750 * time.Millisecond, MaxRSS: 1 << 20}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := FromRusage(&tt.ru); got != tt.want {
				t.Errorf("FromRusage = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestParseStatus(t *testing.T) {
	tests := []struct {
		name    string
		status  string
		want    Memory
		wantErr bool
	}{
		{"linux status", "Name:\trecap\nVmPeak:\t 900 kB\nVmHWM:\t    2048 kB\nVmRSS:\t    1024 kB\nRssAnon:\t     768 kB\nRssFile:\t     256 kB\nRssShmem:\t       0 kB\nThreads:\t9\n", Memory{RSS: 1 << 20, Peak: 2 << 20, Anon: 768 << 10, File: 256 << 10}, false},
		{"an older kernel, no RssAnon", "VmHWM:\t2048 kB\nVmRSS:\t1024 kB\n", Memory{RSS: 1 << 20, Peak: 2 << 20}, false},
		{"RssAnon not kB", "VmHWM:\t2048 kB\nVmRSS:\t1024 kB\nRssAnon:\t1 MB\n", Memory{}, true},
		{"no memory lines (a kernel thread)", "Name:\tkthreadd\nThreads:\t1\n", Memory{}, true},
		{"not kB", "VmHWM:\t1 MB\nVmRSS:\t1 MB\n", Memory{}, true},
		{"not a number", "VmHWM:\tx kB\nVmRSS:\t1 kB\n", Memory{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseStatus(strings.NewReader(tt.status))
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v", err, tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("ParseStatus = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestMemoryOfSelf(t *testing.T) {
	m, err := MemoryOf(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	if m.RSS <= 0 || m.Peak < m.RSS {
		t.Errorf("MemoryOf(self) = %+v, want 0 < RSS <= Peak", m)
	}
}

func TestDirSize(t *testing.T) {
	dir := t.TempDir()
	for name, size := range map[string]int{"a": 10, "sub/b": 5} {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, make([]byte, size), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := DirSize(dir); err != nil || n != 15 {
		t.Errorf("DirSize = %d, %v, want 15", n, err)
	}
	if _, err := DirSize(filepath.Join(dir, "missing")); err == nil {
		t.Error("DirSize of a missing folder: no error")
	}
}
