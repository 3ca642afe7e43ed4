package indexer

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/recaphq/recap/indexer/search"
	"github.com/recaphq/recap/indexer/store"
)

// writeCorpus writes n small posts under dir, every one holding word and a
// word of its own.
func writeCorpus(t testing.TB, dir string, n int, word string) {
	t.Helper()
	for i := range n {
		p := filepath.Join(dir, fmt.Sprintf("%03d", i%100), fmt.Sprintf("post-%06d.md", i))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		body := fmt.Sprintf("---\ntitle: \"Meetup %d\"\ndate: 2024-01-02\nlang: en\n---\nA talk about %s and uniq%d, with slides and questions.\n", i, word, i)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func liveHits(t testing.TB, l *store.Live, q string) (int, error) {
	r, err := l.Search(context.Background(), search.Query{Text: q})
	if err != nil {
		return 0, err
	}
	return int(r.Total), nil
}

// TestHelperIndexProcess is not a test: it is the `recap index` process
// that TestKillDuringRun starts and kills.
func TestHelperIndexProcess(t *testing.T) {
	data, index := os.Getenv("RECAP_TEST_CHILD_DATA"), os.Getenv("RECAP_TEST_CHILD_INDEX")
	if data == "" {
		t.Skip("helper process only")
	}
	if _, err := Run(context.Background(), Options{DataDir: data, IndexDir: index, LockWait: 10 * time.Second}); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(0)
}

// TestKillDuringRun kills indexing processes with SIGKILL at moments spread
// over a run, and checks after each kill that the index is the state before
// the run or after it, and that the next run completes it.
func TestKillDuringRun(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	// Large enough that a run takes a while to kill in the middle of, small
	// enough that ten runs fit in the test budget under -race.
	const n, changed = 500, 200
	data, index := t.TempDir(), filepath.Join(t.TempDir(), "index")
	writeCorpus(t, data, n, "oldword")

	child := func() *exec.Cmd {
		cmd := exec.Command(os.Args[0], "-test.run=^TestHelperIndexProcess$")
		cmd.Env = append(os.Environ(), "RECAP_TEST_CHILD_DATA="+data, "RECAP_TEST_CHILD_INDEX="+index)
		return cmd
	}
	complete := func() time.Duration {
		start := time.Now()
		if out, err := child().CombinedOutput(); err != nil {
			t.Fatalf("run to completion: %v\n%s", err, out)
		}
		return time.Since(start)
	}
	killAt := func(d time.Duration) {
		cmd := child()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(d)
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	}
	// check asserts that the index holds one of the states given as
	// {hits for oldword, hits for newword}.
	check := func(states ...[2]int) {
		t.Helper()
		if !store.Exists(index) {
			if states[0] != [2]int{} {
				t.Fatalf("no index after kill")
			}
			return
		}
		got := [2]int{hits(t, index, "oldword"), hits(t, index, "newword")}
		for _, s := range states {
			if got == s {
				return
			}
		}
		t.Fatalf("index after kill: oldword/newword hits %v, want one of %v", got, states)
	}

	// A first, full build killed at once, then at moments along it.
	full := complete()
	os.RemoveAll(index)
	for _, f := range []float64{0.15, 0.5, 0.9} {
		killAt(time.Duration(f * float64(full)))
		check([2]int{}, [2]int{n, 0})
	}
	complete()
	check([2]int{n, 0})

	// An incremental run that changes many files, killed at moments along it.
	for i := range changed {
		p := filepath.Join(data, fmt.Sprintf("%03d", i%100), fmt.Sprintf("post-%06d.md", i))
		body := fmt.Sprintf("---\ntitle: \"Meetup %d\"\nlang: en\n---\nA talk about newword and uniq%d.\n", i, i)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	before, after := [2]int{n, 0}, [2]int{n - changed, changed}
	// Time a run on a copy of the index folder, to know when to kill.
	inc := time.Duration(0)
	{
		saved := index + ".saved"
		if err := os.CopyFS(saved, os.DirFS(index)); err != nil {
			t.Fatal(err)
		}
		inc = complete()
		os.RemoveAll(index)
		if err := os.Rename(saved, index); err != nil {
			t.Fatal(err)
		}
		check(before)
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 3 {
		killAt(time.Duration(r.Float64() * float64(inc)))
		check(before, after)
	}
	complete()
	check(after)
	if h := hits(t, index, fmt.Sprintf("uniq%d", n-1)); h != 1 {
		t.Errorf("uniq%d: %d hits, want 1", n-1, h)
	}
	gens, _ := filepath.Glob(filepath.Join(index, "gen-*"))
	if len(gens) != 1 {
		t.Errorf("generations left: %v, want only the live one", gens)
	}
}

// TestSearchDuringReindex runs searches without a pause while a Writer
// re-indexes (incremental and full runs): none may fail, and none may find
// the index empty. Run it with -race.
func TestSearchDuringReindex(t *testing.T) {
	data, index := t.TempDir(), filepath.Join(t.TempDir(), "index")
	const n = 200
	writeCorpus(t, data, n, "stable")
	w, err := OpenWriter(t.Context(), Options{DataDir: data, IndexDir: index})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()

	var searches, failures atomic.Int64
	ctx, stop := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				h, err := liveHits(t, w.Live(), "stable")
				searches.Add(1)
				if err != nil || h < n {
					failures.Add(1)
					t.Errorf("search during re-index: %d hits, err %v", h, err)
					return
				}
			}
		}()
	}
	for i := range 6 {
		writeCorpus(t, filepath.Join(data, fmt.Sprintf("round%d", i)), 10, "stable")
		if i == 3 {
			os.RemoveAll(filepath.Join(data, "round0"))
		}
		full := i%3 == 2
		if _, err := w.Start(full, "test"); err != nil {
			t.Fatal(err)
		}
		w.Wait()
		if st := w.Status(); st.State != StateDone {
			t.Fatalf("run %d: %+v", i, st)
		}
	}
	stop()
	wg.Wait()
	if h, _ := liveHits(t, w.Live(), "stable"); h != n+50 {
		t.Errorf("after the runs: %d hits, want %d", h, n+50)
	}
	t.Logf("%d searches, %d failed", searches.Load(), failures.Load())
}

func TestWriterBusy(t *testing.T) {
	data, index := t.TempDir(), filepath.Join(t.TempDir(), "index")
	writeCorpus(t, data, 300, "word")
	w, err := OpenWriter(t.Context(), Options{DataDir: data, IndexDir: index})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if _, err := w.Start(true, "test"); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Start(false, "test"); err != ErrBusy {
		t.Errorf("second start: %v, want ErrBusy", err)
	}
	w.Wait()
	// The server is the writer: a `recap index` run must fail, not wait.
	if _, err := Run(context.Background(), Options{DataDir: data, IndexDir: index}); err == nil {
		t.Error("Run while a Writer holds the index: no error")
	}
}

// TestWriterChangedPaths checks that a run over the paths a watcher reports
// finds every kind of change at or below them, and nothing elsewhere.
func TestWriterChangedPaths(t *testing.T) {
	data, index := t.TempDir(), filepath.Join(t.TempDir(), "index")
	writeFiles(t, data, map[string]string{
		"a.md":       recapPost("Alpha", "aardvark"),
		"sub/b.md":   recapPost("Beta", "buffalo"),
		"sub/c.md":   recapPost("Gamma", "chameleon"),
		"other/d.md": recapPost("Delta", "dolphin"),
	})
	w, err := OpenWriter(t.Context(), Options{DataDir: data, IndexDir: index})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()

	type counts struct{ added, updated, removed, unchanged, failed int }
	steps := []struct {
		name   string
		change func(t *testing.T)
		paths  []string
		want   counts
		found  map[string]int
	}{
		{
			name:   "added file",
			change: func(t *testing.T) { writeFiles(t, data, map[string]string{"e.md": recapPost("Eps", "emu")}) },
			paths:  []string{"e.md"},
			want:   counts{added: 1, unchanged: 4},
			found:  map[string]int{"emu": 1, "aardvark": 1},
		},
		{
			name: "change outside the paths waits",
			change: func(t *testing.T) {
				writeFiles(t, data, map[string]string{"a.md": recapPost("Alpha", "albatross"), "sub/b.md": recapPost("Beta", "bison")})
			},
			paths: []string{"sub/b.md"},
			want:  counts{updated: 1, unchanged: 4},
			found: map[string]int{"bison": 1, "albatross": 0, "aardvark": 1},
		},
		{
			name:   "absolute path",
			change: func(t *testing.T) {},
			paths:  []string{filepath.Join(data, "a.md")},
			want:   counts{updated: 1, unchanged: 4},
			found:  map[string]int{"albatross": 1, "aardvark": 0},
		},
		{
			name:   "removed file",
			change: func(t *testing.T) { os.Remove(filepath.Join(data, "e.md")) },
			paths:  []string{"e.md"},
			want:   counts{removed: 1, unchanged: 4},
			found:  map[string]int{"emu": 0},
		},
		{
			name: "folder renamed",
			change: func(t *testing.T) {
				if err := os.Rename(filepath.Join(data, "sub"), filepath.Join(data, "moved")); err != nil {
					t.Fatal(err)
				}
			},
			paths: []string{"sub", "moved"},
			want:  counts{added: 2, removed: 2, unchanged: 2},
			found: map[string]int{"bison": 1, "chameleon": 1},
		},
		{
			name: "new folder with a broken post",
			change: func(t *testing.T) {
				writeFiles(t, data, map[string]string{
					"new/deep/f.md": recapPost("Phi", "flamingo"),
					"new/g.md":      "---\ntitle: [unclosed\n---\ngnu\n",
					"new/.h.md":     recapPost("Hidden", "heron"),
				})
			},
			paths: []string{"new"},
			want:  counts{added: 1, failed: 1, unchanged: 4},
			found: map[string]int{"flamingo": 1, "gnu": 0, "heron": 0},
		},
		{
			name:   "hidden and unrelated paths do nothing",
			change: func(t *testing.T) { writeFiles(t, data, map[string]string{".x/i.md": recapPost("I", "ibis")}) },
			paths:  []string{".x/i.md", "notes.txt"},
			want:   counts{unchanged: 5},
			found:  map[string]int{"ibis": 0},
		},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			st.change(t)
			w.Changed("test", st.paths)
			w.Wait()
			s := w.Status()
			if s.State != StateDone {
				t.Fatalf("run: %+v", s)
			}
			got := counts{s.Added, s.Updated, s.Removed, s.Unchanged, len(s.Failures)}
			if got != st.want {
				t.Errorf("run = %+v, want %+v", got, st.want)
			}
			for q, n := range st.found {
				if h, err := liveHits(t, w.Live(), q); err != nil || h != n {
					t.Errorf("search %q: %d hits (err %v), want %d", q, h, err, n)
				}
			}
		})
	}

	// What the paths left behind, a full scan finds; and the manifest the
	// writer kept is the one in the index: a scan of the same folder by
	// `recap index` after the server finds nothing to do.
	if _, err := w.Start(false, "test"); err != nil {
		t.Fatal(err)
	}
	w.Wait()
	if s := w.Status(); s.State != StateDone || s.Added+s.Updated+s.Removed != 0 {
		t.Errorf("scan after the path runs: %+v, want no change", s)
	}
	w.Close()
	sum := run(t, Options{DataDir: data, IndexDir: index})
	if sum.Added+sum.Updated+sum.Removed != 0 || sum.Unchanged != 5 {
		t.Errorf("recap index after the server: %+v, want 5 unchanged", sum)
	}
}
