package textfix

import (
	"bytes"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"
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

// corpusText returns about n bytes of the Vietnamese posts of the shared
// corpus as published, repeated and cut at a line end. The posts hold a
// few lines that are not NFC, as real posts do.
func corpusText(tb testing.TB, n int) []byte {
	tb.Helper()
	files, _ := filepath.Glob("../../../shared/corpus/vi/*.md")
	if len(files) == 0 {
		tb.Skip("no shared corpus at ../../../shared/corpus")
	}
	sort.Strings(files)
	var unit []byte
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		unit = append(unit, b...)
	}
	in := bytes.Repeat(unit, n/len(unit)+1)[:n]
	return in[:bytes.LastIndexByte(in, '\n')+1]
}

// BenchmarkRepairCorpus repairs the Vietnamese posts of the shared corpus,
// as published, as an NFC copy and as an NFD copy (every line to
// normalise), and reports Repair's speed as a share of utf8.Valid's on the
// same bytes, timed in turn within the benchmark ("x-utf8.Valid": 1 would
// be as fast as validating).
func BenchmarkRepairCorpus(b *testing.B) {
	published := corpusText(b, benchSize)
	for _, c := range []struct {
		name string
		in   []byte
	}{{"published", published}, {"nfc", norm.NFC.Bytes(published)}, {"nfd", norm.NFD.Bytes(published)}} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(c.in)))
			var repair, valid time.Duration
			for b.Loop() {
				t0 := time.Now()
				Repair(c.in)
				t1 := time.Now()
				if !utf8.Valid(c.in) {
					b.Fatal("corpus is not UTF-8")
				}
				repair += t1.Sub(t0)
				valid += time.Since(t1)
			}
			if repair > 0 {
				b.ReportMetric(float64(valid)/float64(repair), "x-utf8.Valid")
			}
		})
	}
}
