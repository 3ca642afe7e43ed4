package indexer

import (
	"bytes"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/recaphq/recap/indexer/search"
)

// syncBuffer is a bytes.Buffer for a logger that runs write to while the
// test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// waitStatus polls w until ok holds of its status, or fails the test
// after two minutes: a run under the race detector on a loaded machine
// is slow, and one that writes to a full disk slower.
func waitStatus(t *testing.T, w *Writer, what string, ok func(*RunStatus) bool) *RunStatus {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		if st := w.Status(); st != nil && ok(st) {
			return st
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("%s: not within 2 minutes; status %+v", what, w.Status())
	return nil
}

// TestWriterFullDisk is `recap serve --watch` on a full disk: every batch
// fails with ENOSPC and leaves bleve's open index unusable. The server
// keeps answering searches from the last good index, the status tells the
// failure and when it is tried again, the log tells it once, and the
// retry after the disk is freed indexes the change.
func TestWriterFullDisk(t *testing.T) {
	data, index := t.TempDir(), filepath.Join(t.TempDir(), "index")
	writeFiles(t, data, map[string]string{"a.md": recapPost("Alpha", "aardvark")})
	var full atomic.Bool
	var logs syncBuffer
	w, err := OpenWriter(t.Context(), Options{
		DataDir: data, IndexDir: index,
		Logger:       slog.New(slog.NewTextHandler(&logs, nil)),
		RetryBackoff: 20 * time.Millisecond,
		beforeBatch: func(ix *search.Index) error {
			if !full.Load() {
				return nil
			}
			ix.Close()
			return fmt.Errorf("write segment: %w", syscall.ENOSPC)
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()

	full.Store(true)
	writeFiles(t, data, map[string]string{"b.md": recapPost("Beta", "buffalo")})
	w.Changed("test", []string{filepath.Join(data, "b.md")})
	st := waitStatus(t, w, "three failed runs", func(st *RunStatus) bool { return st.State == StateFailed && st.FailedRuns >= 3 })
	if !strings.Contains(st.Error, syscall.ENOSPC.Error()) || st.RetryAt == nil {
		t.Errorf("status of a failed run: error %q, retry at %v; want ENOSPC and a time", st.Error, st.RetryAt)
	}
	for q, want := range map[string]int{"aardvark": 1, "buffalo": 0} {
		if n, err := liveHits(t, w.Live(), q); err != nil || n != want {
			t.Errorf("search %q on a full disk: %d hits, %v; want %d", q, n, err, want)
		}
	}
	if n := strings.Count(logs.String(), "re-index failed"); n != 1 {
		t.Errorf("the log tells the failure %d times over %d runs, want once:\n%s", n, st.FailedRuns, logs.String())
	}

	full.Store(false)
	waitStatus(t, w, "the retry after the disk is freed", func(st *RunStatus) bool { return st.State == StateDone })
	st = w.Status()
	if st.FailedRuns != 0 || st.RetryAt != nil || st.Added != 1 {
		t.Errorf("status after the retry: %+v; want 1 added, no failure", st)
	}
	if n, err := liveHits(t, w.Live(), "buffalo"); err != nil || n != 1 {
		t.Errorf("search buffalo after the retry: %d hits, %v", n, err)
	}
}

// TestProcessBoundsText checks that a post longer than MaxIndexedText is
// indexed by its beginning, cut at a line break, says how much was left
// out, and is searchable by the words of its beginning only.
func TestProcessBoundsText(t *testing.T) {
	var b strings.Builder
	b.WriteString("---\ntitle: \"Huge\"\nlang: en\n---\nThe opening mentions aardvark.\n\n")
	for i := 0; b.Len() < 3*MaxIndexedText; i++ {
		fmt.Fprintf(&b, "Line %d with the word%d of its own.\n", i, i)
		if i%10 == 9 {
			b.WriteString("\n")
		}
	}
	b.WriteString("The end mentions zebra.\n")
	data, index := t.TempDir(), filepath.Join(t.TempDir(), "index")
	if err := os.WriteFile(filepath.Join(data, "huge.md"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	pl, err := NewPipeline("")
	if err != nil {
		t.Fatal(err)
	}
	e, err := pl.Process("huge.md", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	if len(e.Markdown) > MaxIndexedText || !strings.HasSuffix(e.Markdown, ".") || e.Post.Truncated == 0 {
		t.Errorf("markdown of %d bytes ending %q, truncated %d; want at most %d, cut at a line, truncated > 0",
			len(e.Markdown), e.Markdown[max(0, len(e.Markdown)-20):], e.Post.Truncated, MaxIndexedText)
	}
	if got := len(b.String()) - e.Post.Truncated; got > MaxIndexedText {
		t.Errorf("%d bytes kept, want at most %d", got, MaxIndexedText)
	}
	run(t, Options{DataDir: data, IndexDir: index})
	for q, want := range map[string]int{"aardvark": 1, "zebra": 0} {
		if n := hits(t, index, q); n != want {
			t.Errorf("search %q: %d hits, want %d", q, n, want)
		}
	}
}

func TestCutText(t *testing.T) {
	tests := []struct {
		name, s string
		max     int
		want    string
	}{
		{"short", "abc", 10, "abc"},
		{"paragraph", "aaaa\n\nbbbb\ncc", 12, "aaaa\n\nbbbb\n"},
		{"paragraph in the first half", "a\n\nbbbbbbbbbbbb\ncc", 17, "a\n\nbbbbbbbbbbbb\n"},
		{"no break", "aaaaaaaaaa", 4, "aaaa"},
		{"rune boundary", "aỹỹỹ", 5, "aỹ"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, cut := cutText(tt.s, tt.max)
			if got != tt.want || cut != len(tt.s)-len(got) {
				t.Errorf("cutText(%q, %d) = %q, %d; want %q, %d", tt.s, tt.max, got, cut, tt.want, len(tt.s)-len(tt.want))
			}
		})
	}
}

// TestWriterRealFullDisk is TestWriterFullDisk on a real full disk: the
// index lives on a small tmpfs that a file fills. It needs the right to
// mount, and is skipped without it.
func TestWriterRealFullDisk(t *testing.T) {
	if testing.Short() {
		t.Skip("mounts a file system")
	}
	disk := t.TempDir()
	if err := syscall.Mount("tmpfs", disk, "tmpfs", 0, "size=4m"); err != nil {
		t.Skipf("cannot mount a small tmpfs to fill (%v): TestWriterFullDisk fails the writes instead", err)
	}
	t.Cleanup(func() { syscall.Unmount(disk, syscall.MNT_DETACH) })
	data, index := t.TempDir(), filepath.Join(disk, "index")
	writeFiles(t, data, map[string]string{"a.md": recapPost("Alpha", "aardvark")})
	w, err := OpenWriter(t.Context(), Options{DataDir: data, IndexDir: index, RetryBackoff: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()

	filler := filepath.Join(disk, "filler")
	f, err := os.Create(filler)
	if err != nil {
		t.Fatal(err)
	}
	block := make([]byte, 64<<10)
	for {
		if _, err := f.Write(block); err != nil {
			break
		}
	}
	f.Close()
	var b strings.Builder
	b.WriteString("---\ntitle: \"Beta\"\nlang: en\n---\nbuffalo\n")
	for i := range 20000 {
		fmt.Fprintf(&b, "word%d ", i)
	}
	writeFiles(t, data, map[string]string{"b.md": b.String()})
	w.Changed("test", []string{"b.md"})
	st := waitStatus(t, w, "a failed run on a full disk", func(st *RunStatus) bool { return st.State == StateFailed })
	if !strings.Contains(st.Error, "no space left") {
		t.Errorf("error of a run on a full disk: %q", st.Error)
	}
	for q, want := range map[string]int{"aardvark": 1, "buffalo": 0} {
		if n, err := liveHits(t, w.Live(), q); err != nil || n != want {
			t.Errorf("search %q on a full disk: %d hits, %v; want %d", q, n, err, want)
		}
	}
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	waitStatus(t, w, "the retry after the disk is freed", func(st *RunStatus) bool { return st.State == StateDone })
	for q, want := range map[string]int{"aardvark": 1, "buffalo": 1} {
		if n, err := liveHits(t, w.Live(), q); err != nil || n != want {
			t.Errorf("search %q after the disk is freed: %d hits, %v; want %d", q, n, err, want)
		}
	}
}
