package indexer

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// benchPosts is the corpus size of BenchmarkIncremental: RECAP_BENCH_POSTS,
// or a size small enough for a quick `go test -bench`.
func benchPosts(b *testing.B) int {
	if s := os.Getenv("RECAP_BENCH_POSTS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			b.Fatalf("RECAP_BENCH_POSTS=%q: want a positive number", s)
		}
		return n
	}
	return 2000
}

// BenchmarkIncremental measures, on one synthetic corpus, the full build,
// the time for `recap index` to make one added post searchable, a run with
// no change, the same added post through a re-indexing server (a run that
// scans the folder, as the admin API asks for) and through a watching
// server (a run over the event's path, debounce included; add1-watch-run-s
// is the run alone), and reports each as seconds and as a ratio to the
// full build. Each iteration
// adds a new post; run it with -benchtime 1x for 100,000 posts:
//
//	RECAP_BENCH_POSTS=100000 go test -run '^$' -bench Incremental -benchtime 1x -timeout 60m ./indexer/
func BenchmarkIncremental(b *testing.B) {
	n := benchPosts(b)
	data, index := b.TempDir(), filepath.Join(b.TempDir(), "index")
	writeCorpus(b, data, n, "common")
	ctx := context.Background()
	opts := Options{DataDir: data, IndexDir: index}

	start := time.Now()
	if _, err := Run(ctx, Options{DataDir: data, IndexDir: index, Full: true}); err != nil {
		b.Fatal(err)
	}
	full := time.Since(start)

	var addOne, noChange, serverAdd time.Duration
	i := 0
	for b.Loop() {
		i++
		word := fmt.Sprintf("benchadded%d", i)
		writePost(b, filepath.Join(data, "added", fmt.Sprintf("%d.md", i)), recapPost("Added", word))
		start := time.Now()
		sum, err := Run(ctx, opts)
		if err != nil {
			b.Fatal(err)
		}
		if sum.Added != 1 {
			b.Fatalf("added %d, want 1", sum.Added)
		}
		if h := hits(b, index, word); h != 1 {
			b.Fatalf("%s: %d hits, want 1", word, h)
		}
		addOne += time.Since(start)

		start = time.Now()
		sum, err = Run(ctx, opts)
		if err != nil {
			b.Fatal(err)
		}
		noChange += time.Since(start)
		if sum.Added+sum.Updated+sum.Removed != 0 {
			b.Fatalf("no-change run changed: %+v", sum)
		}
	}
	b.StopTimer()

	// The same through a server: an incremental run on the open index.
	w, err := OpenWriter(ctx, opts)
	if err != nil {
		b.Fatal(err)
	}
	writePost(b, filepath.Join(data, "added", "server.md"), recapPost("Server", "serveradded"))
	start = time.Now()
	if _, err := w.Start(false, "bench"); err != nil {
		b.Fatal(err)
	}
	w.Wait()
	if h, err := liveHits(b, w.Live(), "serveradded"); err != nil || h != 1 {
		b.Fatalf("serveradded: %d hits, err %v", h, err)
	}
	serverAdd = time.Since(start)

	// And through a watching server: from the write of the file to the
	// first search that finds it, the watch's debounce included; the run
	// alone is reported apart.
	if err := w.Watch(DefaultDebounce); err != nil {
		b.Fatal(err)
	}
	start = time.Now()
	writePost(b, filepath.Join(data, "added", "watch.md"), recapPost("Watch", "watchadded"))
	for {
		if h, err := liveHits(b, w.Live(), "watchadded"); err != nil {
			b.Fatal(err)
		} else if h == 1 {
			break
		}
		if time.Since(start) > time.Minute {
			b.Fatal("watchadded: not found after a minute")
		}
		time.Sleep(5 * time.Millisecond)
	}
	watchAdd := time.Since(start)
	w.Wait()
	st := w.Status()
	if st.Added != 1 || st.Finished == nil {
		b.Fatalf("watch run: %+v, want 1 added", st)
	}
	watchRun := st.Finished.Sub(st.Started)
	if err := w.Close(); err != nil {
		b.Fatal(err)
	}

	it := float64(i)
	b.ReportMetric(float64(n), "posts")
	b.ReportMetric(full.Seconds(), "full-s")
	b.ReportMetric(addOne.Seconds()/it, "add1-s")
	b.ReportMetric(noChange.Seconds()/it, "nochange-s")
	b.ReportMetric(serverAdd.Seconds(), "add1-server-s")
	b.ReportMetric(addOne.Seconds()/it/full.Seconds(), "add1/full")
	b.ReportMetric(noChange.Seconds()/it/full.Seconds(), "nochange/full")
	b.ReportMetric(serverAdd.Seconds()/full.Seconds(), "add1-server/full")
	b.ReportMetric(watchAdd.Seconds(), "add1-watch-s")
	b.ReportMetric(watchRun.Seconds(), "add1-watch-run-s")
	b.ReportMetric(watchAdd.Seconds()/full.Seconds(), "add1-watch/full")
}

func writePost(tb testing.TB, path, content string) {
	tb.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		tb.Fatal(err)
	}
}
