package textfix

import (
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"
)

// benchSize is the size of the benchmark inputs, as in `make bench`.
const benchSize = 2 << 20

// benchText returns about n bytes of clean text in the three languages
// and the same text damaged as seed 000 was: UTF-8 read as Windows-1254,
// undefined bytes and soft hyphens lost.
func benchText(tb testing.TB, n int) (clean, damaged []byte) {
	tb.Helper()
	post, err := os.ReadFile("testdata/vietkubers-meetup-2.clean.md")
	if err != nil {
		tb.Fatal(err)
	}
	var unit strings.Builder
	unit.Write(post)
	for _, lang := range []string{"vi", "ja", "en"} {
		b, err := os.ReadFile("testdata/samples/" + lang + ".txt")
		if err != nil {
			tb.Fatal(err)
		}
		unit.Write(b)
	}
	u := unit.String()
	c := strings.Repeat(u, n/len(u)+1)[:0]
	for len(c) < n {
		c += u
	}
	d := misread(string(post), charmap.Windows1254, true)
	dd := strings.Repeat(d, n/len(d)+1)
	return []byte(c), []byte(dd)
}

func BenchmarkRepairClean(b *testing.B) {
	clean, _ := benchText(b, benchSize)
	benchRepair(b, clean)
}

func BenchmarkRepairDamaged(b *testing.B) {
	_, damaged := benchText(b, benchSize)
	benchRepair(b, damaged)
}

// benchRepair also reports throughput per second of CPU time, which a
// machine shared with other work inflates less than wall time.
func benchRepair(b *testing.B, in []byte) {
	b.SetBytes(int64(len(in)))
	b.ResetTimer()
	t0 := cpuTime()
	n := 0
	for b.Loop() {
		Repair(in)
		n++
	}
	if cpu := cpuTime() - t0; cpu > 0 {
		b.ReportMetric(float64(n*len(in))/cpu.Seconds()/1e6, "MB/cpu-s")
	}
}

// cpuTime is the CPU time this process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func BenchmarkRepairSeed(b *testing.B) {
	seed := readSeed(b)
	b.SetBytes(int64(len(seed)))
	for b.Loop() {
		Repair(seed)
	}
}
