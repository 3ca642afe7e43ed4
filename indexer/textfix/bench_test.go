package textfix

import (
	"os"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
)

// benchSize is the size of the benchmark inputs, as in `make bench`.
const benchSize = 2 << 20

// BenchText returns about n bytes of clean text in the three languages
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
	b.SetBytes(int64(len(clean)))
	b.ResetTimer()
	for b.Loop() {
		Repair(clean)
	}
}

func BenchmarkRepairDamaged(b *testing.B) {
	_, damaged := benchText(b, benchSize)
	b.SetBytes(int64(len(damaged)))
	b.ResetTimer()
	for b.Loop() {
		Repair(damaged)
	}
}

func BenchmarkRepairSeed(b *testing.B) {
	seed := readSeed(b)
	b.SetBytes(int64(len(seed)))
	for b.Loop() {
		Repair(seed)
	}
}
