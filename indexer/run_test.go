package indexer

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/recaphq/recap/indexer/search"
	"github.com/recaphq/recap/indexer/store"
)

// writeFiles writes files (path → content) under dir.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

var samplePosts = map[string]string{
	"vi/2019-01-07-vietkubers.md": "---\ntitle: Gặp mặt cộng đồng Kubernetes Việt Nam\ntags: [Kubernetes]\n---\nCác kỹ sư chia sẻ về vận hành Kubernetes và vấn đề mạng trong cụm.\n",
	"ja/2019-04-22-kmt.md":        "+++\ntitle = \"Kubernetes Meetup Tokyo #18 参加レポート\"\ntags = [\"kubernetes\"]\n+++\nコンテナネイティブなロードバランサの発表がありました。\n",
	"en/2019-05-01-go.md":         "---\ntitle: Go meetup notes\ndate: 2019-05-01\n---\nThree meetups in one week, all about Kubernetes controllers.\n",
	"en/plain.txt":                "Plain notes\n\nA plain text post about the meetup.\n",
	"notes.yaml":                  "not a post",
	".hidden/secret.md":           "---\ntitle: hidden\n---\nnever indexed\n",
	"broken.md":                   "---\ntitle: [unclosed\n---\nbody\n",
}

func buildSample(t *testing.T) (dataDir, indexDir string, sum *Summary) {
	t.Helper()
	dataDir, indexDir = t.TempDir(), filepath.Join(t.TempDir(), "index")
	writeFiles(t, dataDir, samplePosts)
	sum, err := Run(context.Background(), Options{DataDir: dataDir, IndexDir: indexDir, Full: true})
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	return dataDir, indexDir, sum
}

func TestBuildSummary(t *testing.T) {
	_, _, sum := buildSample(t)
	if sum.Posts != 4 {
		t.Errorf("posts = %d, want 4", sum.Posts)
	}
	want := map[string]int{"vi": 1, "ja": 1, "en": 2}
	for l, n := range want {
		if sum.ByLang[l] != n {
			t.Errorf("ByLang[%s] = %d, want %d (%v)", l, sum.ByLang[l], n, sum.ByLang)
		}
	}
	if len(sum.Skipped) != 1 || sum.Skipped[0].Path != "broken.md" || !strings.Contains(sum.Skipped[0].Reason, "YAML") {
		t.Errorf("skipped = %+v, want broken.md with a YAML reason", sum.Skipped)
	}
}

func TestBuildSearch(t *testing.T) {
	_, indexDir, _ := buildSample(t)
	ix, err := store.OpenIndex(indexDir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	tests := []struct {
		name, q, wantSlug string
	}{
		{"vietnamese without accents", "ky su", "vi-2019-01-07-vietkubers"},
		{"vietnamese phrase without accents", "van de mang", "vi-2019-01-07-vietkubers"},
		{"japanese word", "ロードバランサ", "ja-2019-04-22-kmt"},
		{"english plural finds singular", "meetups", "en-plain"},
		{"english singular finds plural", "meetup", "en-2019-05-01-go"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := ix.Search(context.Background(), search.Query{Text: tt.q})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, h := range r.Hits {
				got = append(got, h.Type+":"+h.Key)
				if h.Type == search.TypePost && h.Key == tt.wantSlug {
					return
				}
			}
			t.Errorf("%q: %s not among hits %v", tt.q, tt.wantSlug, got)
		})
	}
}

func TestBuildKeepsLiveIndexOnFailure(t *testing.T) {
	dataDir, indexDir, _ := buildSample(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Run(ctx, Options{DataDir: dataDir, IndexDir: indexDir, Full: true}); err == nil {
		t.Fatal("Build with a canceled context succeeded")
	}
	ix, err := store.OpenIndex(indexDir)
	if err != nil {
		t.Fatalf("live index lost after a failed build: %v", err)
	}
	defer ix.Close()
	if n, _ := ix.Count(); n == 0 {
		t.Error("live index is empty after a failed build")
	}
	gens, _ := filepath.Glob(filepath.Join(indexDir, "gen-*"))
	if len(gens) != 1 {
		t.Errorf("generations left behind: %v", gens)
	}
}

// recapPost returns a small English post whose body holds word.
func recapPost(title, word string) string {
	return fmt.Sprintf("---\ntitle: %q\ndate: 2024-03-01\nlang: en\n---\nNotes from the meetup about %s and more.\n", title, word)
}

// hits returns the number of documents the live index finds for q.
func hits(t testing.TB, indexDir, q string) int {
	t.Helper()
	ix, err := store.OpenIndex(indexDir)
	if err != nil {
		t.Fatalf("OpenIndex: %v", err)
	}
	defer ix.Close()
	r, err := ix.Search(context.Background(), search.Query{Text: q})
	if err != nil {
		t.Fatalf("search %q: %v", q, err)
	}
	return int(r.Total)
}

func run(t *testing.T, opts Options) *Summary {
	t.Helper()
	sum, err := Run(context.Background(), opts)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return sum
}

// touch moves the modification time of a file on, as an editor's save would
// even without a change.
func touch(t *testing.T, path string, d time.Duration) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(path, fi.ModTime().Add(d), fi.ModTime().Add(d)); err != nil {
		t.Fatal(err)
	}
}

func TestIncrementalCycles(t *testing.T) {
	data, index := t.TempDir(), filepath.Join(t.TempDir(), "index")
	writeFiles(t, data, map[string]string{
		"a.md":     recapPost("Alpha", "aardvark"),
		"b.md":     recapPost("Beta", "buffalo"),
		"sub/c.md": recapPost("Gamma", "chameleon"),
	})
	opts := Options{DataDir: data, IndexDir: index}
	first := run(t, opts)
	if !first.Full || first.Added != 3 {
		t.Fatalf("first run = %+v, want a full build with 3 added", first)
	}

	type counts struct{ added, updated, removed, unchanged, failed int }
	steps := []struct {
		name   string
		change func(t *testing.T)
		want   counts
		found  map[string]int // query → hits after the step
	}{
		{
			name:   "no change",
			change: func(t *testing.T) {},
			want:   counts{unchanged: 3},
			found:  map[string]int{"aardvark": 1, "buffalo": 1, "chameleon": 1},
		},
		{
			name:   "add",
			change: func(t *testing.T) { writeFiles(t, data, map[string]string{"sub/d.md": recapPost("Delta", "dolphin")}) },
			want:   counts{added: 1, unchanged: 3},
			found:  map[string]int{"dolphin": 1, "aardvark": 1},
		},
		{
			name: "change",
			change: func(t *testing.T) {
				writeFiles(t, data, map[string]string{"a.md": recapPost("Alpha", "albatross")})
			},
			want:  counts{updated: 1, unchanged: 3},
			found: map[string]int{"aardvark": 0, "albatross": 1},
		},
		{
			name:   "touch without change",
			change: func(t *testing.T) { touch(t, filepath.Join(data, "b.md"), time.Hour) },
			want:   counts{unchanged: 4},
			found:  map[string]int{"buffalo": 1},
		},
		{
			name:   "delete",
			change: func(t *testing.T) { os.Remove(filepath.Join(data, "sub", "c.md")) },
			want:   counts{removed: 1, unchanged: 3},
			found:  map[string]int{"chameleon": 0, "dolphin": 1},
		},
		{
			name: "broken edit keeps the version before",
			change: func(t *testing.T) {
				writeFiles(t, data, map[string]string{"b.md": "---\ntitle: [unclosed\n---\nbison\n"})
			},
			want:  counts{failed: 1, unchanged: 2},
			found: map[string]int{"buffalo": 1, "bison": 0},
		},
		{
			name:   "broken file is tried again",
			change: func(t *testing.T) {},
			want:   counts{failed: 1, unchanged: 2},
			found:  map[string]int{"buffalo": 1},
		},
		{
			name:   "repaired edit replaces it",
			change: func(t *testing.T) { writeFiles(t, data, map[string]string{"b.md": recapPost("Beta", "bison")}) },
			want:   counts{updated: 1, unchanged: 2},
			found:  map[string]int{"buffalo": 0, "bison": 1},
		},
		{
			name: "new broken file",
			change: func(t *testing.T) {
				writeFiles(t, data, map[string]string{"e.md": "---\ntitle: [unclosed\n---\nemu\n"})
			},
			want:  counts{failed: 1, unchanged: 3},
			found: map[string]int{"emu": 0},
		},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			st.change(t)
			sum := run(t, opts)
			got := counts{sum.Added, sum.Updated, sum.Removed, sum.Unchanged, len(sum.Skipped)}
			if sum.Full || got != st.want {
				t.Errorf("summary = %+v (full %v), want %+v", got, sum.Full, st.want)
			}
			for q, n := range st.found {
				if h := hits(t, index, q); h != n {
					t.Errorf("search %q: %d hits, want %d", q, h, n)
				}
			}
		})
	}

	// A full rebuild from the same files gives the same index.
	full := run(t, Options{DataDir: data, IndexDir: index, Full: true})
	if !full.Full || full.Added != 3 || len(full.Skipped) != 1 {
		t.Errorf("full rebuild = %+v, want 3 added and 1 failed", full)
	}
	if h := hits(t, index, "bison"); h != 1 {
		t.Errorf("after full rebuild, bison: %d hits, want 1", h)
	}
	gens, _ := filepath.Glob(filepath.Join(index, "gen-*"))
	if len(gens) != 1 {
		t.Errorf("generations left: %v, want only the live one", gens)
	}
}

func TestRunWithoutManifestRebuilds(t *testing.T) {
	data, index := t.TempDir(), filepath.Join(t.TempDir(), "index")
	writeFiles(t, data, map[string]string{"a.md": recapPost("Alpha", "aardvark")})
	// An index as built before manifests existed: documents only, in a
	// generation that CURRENT names.
	ix, err := search.Create(filepath.Join(index, "gen-old"))
	if err != nil {
		t.Fatal(err)
	}
	ix.Close()
	if err := os.WriteFile(filepath.Join(index, "CURRENT"), []byte("gen-old\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	sum := run(t, Options{DataDir: data, IndexDir: index})
	if !sum.Full || sum.Added != 1 {
		t.Errorf("summary = %+v, want a full build", sum)
	}
	if h := hits(t, index, "aardvark"); h != 1 {
		t.Errorf("aardvark: %d hits, want 1", h)
	}
}

// TestRunUnderHeldLock checks that `recap index` fails at once, naming
// the lock, while another writer holds it.
func TestRunUnderHeldLock(t *testing.T) {
	index := t.TempDir()
	l, err := store.AcquireLock(t.Context(), index, "test holder", 0)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Release()
	_, err = Run(context.Background(), Options{DataDir: t.TempDir(), IndexDir: index})
	if !errors.Is(err, store.ErrLocked) || !strings.Contains(err.Error(), "test holder") {
		t.Errorf("Run under a held lock: %v, want ErrLocked naming the holder", err)
	}
}

func TestBuildSkipsBinary(t *testing.T) {
	dataDir, indexDir := t.TempDir(), filepath.Join(t.TempDir(), "index")
	writeFiles(t, dataDir, samplePosts)
	png := "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + strings.Repeat("\x00\x01\x7f\xc3\x9eRandom", 300)
	writeFiles(t, dataDir, map[string]string{"vi/random.md": png})
	sum, err := Run(context.Background(), Options{DataDir: dataDir, IndexDir: indexDir, Full: true})
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	if sum.Posts != 4 || sum.ByLang["vi"] != 1 {
		t.Errorf("posts = %d, by language %v; want 4, one vi", sum.Posts, sum.ByLang)
	}
	var reason string
	for _, s := range sum.Skipped {
		if s.Path == "vi/random.md" {
			reason = s.Reason
		}
	}
	if !strings.Contains(reason, "binary: not text") {
		t.Errorf("skipped = %+v, want vi/random.md with a binary reason", sum.Skipped)
	}
	ix, err := store.OpenIndex(indexDir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	r, err := ix.Search(context.Background(), search.Query{Text: "Random"})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range r.Hits {
		if strings.Contains(h.Key, "random") {
			t.Errorf("binary file indexed as %s:%s", h.Type, h.Key)
		}
	}
}
