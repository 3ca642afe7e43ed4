package indexer

import (
	"bufio"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// writeUniqueWords writes to path a post of about size bytes whose words
// are all different: the worst case for indexing memory, since every
// word is a term of its own in every field.
func writeUniqueWords(tb testing.TB, path string, size int) {
	tb.Helper()
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriter(f)
	w.WriteString("---\ntitle: \"Unique words\"\nlang: en\n---\n")
	rnd := rand.New(rand.NewPCG(1, 1))
	n := 0
	for line := 0; n < size; line++ {
		for range 12 {
			for range 5 + rnd.IntN(6) {
				w.WriteByte(byte('a' + rnd.IntN(26)))
				n++
			}
			w.WriteByte(' ')
			n++
		}
		w.WriteString("\n")
		if line%10 == 9 {
			w.WriteString("\n")
		}
		n += 2
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkHugePost measures what an 8 MB post of unique words costs:
// the time to process it (repair, parse, extract) and the peak RSS of a
// `recap index` process that indexes it with data/ and, when they are
// there, ../shared/corpus and ../shared/seeds, against the same run
// without it. The post is written at run time, never kept.
func BenchmarkHugePost(b *testing.B) {
	tmp := b.TempDir()
	huge := filepath.Join(tmp, "huge.md")
	writeUniqueWords(b, huge, 8_000_000)
	raw, err := os.ReadFile(huge)
	if err != nil {
		b.Fatal(err)
	}
	pl, err := NewPipeline("")
	if err != nil {
		b.Fatal(err)
	}
	data := filepath.Join(tmp, "data")
	copyTree(b, "../data", data)
	for _, shared := range []string{"corpus", "seeds"} {
		if src := filepath.Join("..", "..", "shared", shared); dirExists(src) {
			copyTree(b, src, filepath.Join(data, shared))
		}
	}
	// peakRSS runs a full `recap index` of data in a process of its own
	// and returns its peak RSS in MB.
	peakRSS := func() float64 {
		index := filepath.Join(b.TempDir(), "index")
		cmd := exec.Command(os.Args[0], "-test.run=^TestHelperIndexProcess$")
		cmd.Env = append(os.Environ(), "RECAP_TEST_CHILD_DATA="+data, "RECAP_TEST_CHILD_INDEX="+index)
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("recap index: %v\n%s", err, out)
		}
		return float64(cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss) / 1024
	}
	for b.Loop() {
		start := time.Now()
		if _, err := pl.Process("huge.md", raw); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(time.Since(start).Milliseconds()), "process-ms")
		b.ReportMetric(peakRSS(), "without-rss-MB")
		if err := os.WriteFile(filepath.Join(data, "huge.md"), raw, 0o644); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(peakRSS(), "with-rss-MB")
		os.Remove(filepath.Join(data, "huge.md"))
	}
}

func dirExists(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

// copyTree copies the files below src into dst, keeping their relative
// paths.
func copyTree(tb testing.TB, src, dst string) {
	tb.Helper()
	if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
		tb.Fatal(err)
	}
}
