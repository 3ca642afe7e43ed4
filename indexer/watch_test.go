package indexer

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestWatchPicksUpNewFile checks that the Writer's watcher finds every
// kind of change, with runs that look at the paths of the events only.
func TestWatchPicksUpNewFile(t *testing.T) {
	data, index := t.TempDir(), filepath.Join(t.TempDir(), "index")
	writeCorpus(t, data, 5, "word")
	w, err := OpenWriter(t.Context(), Options{DataDir: data, IndexDir: index})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if err := w.Watch(50 * time.Millisecond); err != nil {
		t.Fatal(err)
	}

	cases := []struct {
		name   string
		change func()
		q      string
		want   int
	}{
		{"new file", func() { writeFiles(t, data, map[string]string{"new.md": recapPost("New", "newcomer")}) }, "newcomer", 1},
		{"new folder", func() { writeFiles(t, data, map[string]string{"deep/er/x.md": recapPost("X", "xenops")}) }, "xenops", 1},
		{"changed file", func() { writeFiles(t, data, map[string]string{"new.md": recapPost("New", "nightjar")}) }, "nightjar", 1},
		{"deleted file", func() { os.Remove(filepath.Join(data, "new.md")) }, "nightjar", 0},
		{"renamed folder", func() { os.Rename(filepath.Join(data, "deep"), filepath.Join(data, "moved")) }, "xenops", 1},
		{"deleted folder", func() { os.RemoveAll(filepath.Join(data, "moved")) }, "xenops", 0},
		{"folder moved in", func() {
			outside := t.TempDir()
			writeFiles(t, outside, map[string]string{"in/y.md": recapPost("Y", "yak")})
			os.Rename(filepath.Join(outside, "in"), filepath.Join(data, "in"))
		}, "yak", 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.change()
			deadline := time.Now().Add(10 * time.Second)
			for {
				h, err := liveHits(t, w.Live(), c.q)
				if err != nil {
					t.Fatal(err)
				}
				if h == c.want {
					return
				}
				if time.Now().After(deadline) {
					t.Fatalf("%q: %d hits after 10 s, want %d", c.q, h, c.want)
				}
				time.Sleep(20 * time.Millisecond)
			}
		})
	}
}

func TestIgnoredName(t *testing.T) {
	for name, want := range map[string]bool{
		"post.md": false, ".post.md.swp": true, "post.md~": true, "#post.md#": true,
		"4913": true, "post.md.tmp": true, ".hidden.md": true, "2024-05-01-go.md": false,
	} {
		if got := ignoredName(name); got != want {
			t.Errorf("ignoredName(%q) = %v, want %v", name, got, want)
		}
	}
}
