package textfix

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"
)

// mixLines rebuilds the lines of s, each taken as it is, in NFD, misread
// through Windows-1252 (mojibake) or misread with its bytes lost, as the
// next two bits of mix say (the bits repeat after 32 lines).
func mixLines(s string, mix uint64) string {
	lines := strings.SplitAfter(s, "\n")
	for k, l := range lines {
		switch mix >> (2 * (k % 32)) & 3 {
		case 1:
			lines[k] = norm.NFD.String(l)
		case 2:
			lines[k] = misread(l, charmap.Windows1252, false)
		case 3:
			lines[k] = misread(l, charmap.Windows1254, true)
		}
	}
	return strings.Join(lines, "")
}

// checkPaths fails unless Repair, fast paths and all, gives what the full
// path gives on in, text and report.
func checkPaths(t *testing.T, in []byte) {
	t.Helper()
	got, gotRep := Repair(in)
	want, wantRep := repair(in)
	if got != want {
		t.Fatalf("Repair and the full path differ on %q:\n%s", in, firstDiff(got, want))
	}
	if !reflect.DeepEqual(gotRep, wantRep) {
		t.Fatalf("Repair and the full path report differently on %q:\n%+v\n%+v", in, gotRep, wantRep)
	}
	var w bytes.Buffer
	wRep, err := WriteRepair(&w, in)
	if err != nil || w.String() != want || !reflect.DeepEqual(wRep, wantRep) {
		t.Fatalf("WriteRepair differs from Repair on %q (err %v):\n%s\n%+v\n%+v", in, err, firstDiff(w.String(), want), wRep, wantRep)
	}
}

// failWriter fails every write after the first n bytes.
type failWriter struct{ n int }

func (w *failWriter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		k := w.n
		w.n = 0
		return k, errors.New("disk full")
	}
	w.n -= len(p)
	return len(p), nil
}

// TestWriteRepairFails checks that WriteRepair returns the writer's
// error on every path: clean, lines normalised, repaired.
func TestWriteRepairFails(t *testing.T) {
	for _, in := range []string{"clean text\n", "Vie\u0302\u0323t\nNam\nNa\u0300m\n", "nhiá»u ngÆ°á»i\n"} {
		t.Run(in, func(t *testing.T) {
			for n := range 6 {
				if _, err := WriteRepair(&failWriter{n: n}, []byte(in)); err == nil {
					t.Errorf("after %d bytes: no error", n)
				}
			}
		})
	}
}

// pathLines returns lines to mix: the sample posts and, when it is there,
// the Vietnamese posts of the shared corpus.
func pathLines(t *testing.T) []string {
	t.Helper()
	files, _ := filepath.Glob("testdata/samples/*.txt")
	vi, _ := filepath.Glob("../../../shared/corpus/vi/*.md")
	files = append(files, vi...)
	sort.Strings(files)
	var lines []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, strings.SplitAfter(string(b), "\n")...)
	}
	return lines
}

// TestRepairPaths repairs random mixes of clean, NFD and damaged lines, a
// few of them built to trip the fast path (a combining mark after a line
// feed, NFC that composes a code-page character or makes a kanji of
// mojibake, many DEL bytes): the fast paths must agree with the full one.
func TestRepairPaths(t *testing.T) {
	lines := pathLines(t)
	tricky := []string{"\u0301lead\n", "A\u0303\u00a9 x\n", "\uF91D\u7E3A\n", "e\u0301\x7f\x7f\x7f\n", "\x7f\x7f\n", "ｶﾞ\u3099\n", "\uFEFFmid\n", "\u0301"}
	rng := rand.New(rand.NewPCG(14, 1))
	for i := range 400 {
		var sb strings.Builder
		for range 1 + rng.IntN(40) {
			if rng.IntN(8) == 0 {
				sb.WriteString(tricky[rng.IntN(len(tricky))])
				continue
			}
			sb.WriteString(lines[rng.IntN(len(lines))])
		}
		mix := rng.Uint64()
		if i%2 == 0 {
			// Clean and NFD lines only: what the fast path takes.
			mix &= 0x5555555555555555
		}
		checkPaths(t, []byte(mixLines(sb.String(), mix)))
	}
}

// FuzzRepairPaths checks that the fast paths agree with the full path on
// fuzzed text whose lines are mixed as mixLines does.
func FuzzRepairPaths(f *testing.F) {
	for _, s := range []string{"", "Việt Nam\nđã đến\n", "e\u0301\n\u0301", "A\u0303\u00a9", "\uF91D", "Ã©\ne\u0301", "x\x7f\x7f\u0301"} {
		f.Add(s, uint64(0))
		f.Add(s, uint64(0x5555))
	}
	ipaDict()
	loadJaModel()
	loadModel()
	f.Fuzz(func(t *testing.T, s string, mix uint64) {
		checkPaths(t, []byte(mixLines(s, mix)))
	})
}
