package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/recaphq/recap/indexer/kb"
	"github.com/recaphq/recap/indexer/search"
)

// docs returns the documents of a small post whose body holds word.
func docs(t *testing.T, slug, word string) []search.Doc {
	t.Helper()
	e := kb.Entry{Post: kb.Post{Slug: slug, Title: "Post " + slug, Lang: "en", Text: "Notes about " + word + ".", Markdown: "Notes about " + word + "."}}
	d, err := search.Documents(e)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// manifestOf returns a manifest that lists one file per slug.
func manifestOf(slugs ...string) *Manifest {
	m := NewManifest()
	for _, s := range slugs {
		m.Files[s+".md"] = &FileRecord{Size: 1, Docs: []string{"post:" + s}}
	}
	return m
}

// fillWith returns a Fill that writes the posts word by slug, the first
// of them in a batch of its own.
func fillWith(t *testing.T, posts map[string]string) Fill {
	return func(ctx context.Context, put func([]search.Doc) error) (*Change, error) {
		c := &Change{Manifest: NewManifest()}
		first := true
		for slug, word := range posts {
			c.Manifest.Files[slug+".md"] = &FileRecord{Size: 1}
			if first {
				if err := put(docs(t, slug, word)); err != nil {
					return nil, err
				}
				first = false
				continue
			}
			c.Docs = append(c.Docs, docs(t, slug, word)...)
		}
		return c, nil
	}
}

func countHits(t *testing.T, dir, q string) int {
	t.Helper()
	ix, err := OpenIndex(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	r, err := ix.Search(context.Background(), search.Query{Text: q})
	if err != nil {
		t.Fatal(err)
	}
	return int(r.Total)
}

func generations(t *testing.T, dir string) []string {
	t.Helper()
	gens, err := filepath.Glob(filepath.Join(dir, "gen-*"))
	if err != nil {
		t.Fatal(err)
	}
	return gens
}

func openStore(t *testing.T, dir string, serve bool) *Store {
	t.Helper()
	s, err := Open(t.Context(), dir, Options{Who: "test", Serve: serve})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// liveForWriting builds an index of one post in dir and opens its live
// generation for writing, for a test to change what the next run finds.
func liveForWriting(t *testing.T, dir string) *search.Index {
	t.Helper()
	s := openStore(t, dir, false)
	if err := s.Rebuild(t.Context(), fillWith(t, map[string]string{"a": "aardvark"})); err != nil {
		t.Fatal(err)
	}
	s.Close()
	gen, err := currentGeneration(dir)
	if err != nil {
		t.Fatal(err)
	}
	ix, err := search.OpenWith(gen, search.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

// TestCommitPaths runs a change through each way the store commits: a new
// generation, a clone, and in place on a serving store. After each, the
// index holds the change, the manifest with it, and one generation.
func TestCommitPaths(t *testing.T) {
	for _, serve := range []bool{false, true} {
		t.Run(fmt.Sprintf("serve=%v", serve), func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "index")
			s := openStore(t, dir, serve)
			if s.Exists() {
				t.Fatal("a new folder holds an index")
			}
			if err := s.Rebuild(t.Context(), fillWith(t, map[string]string{"a": "aardvark", "b": "buffalo"})); err != nil {
				t.Fatal(err)
			}
			c := &Change{Docs: docs(t, "c", "chameleon"), Remove: []string{search.PostID("a")}, Manifest: manifestOf("b", "c")}
			if err := s.Commit(t.Context(), c); err != nil {
				t.Fatal(err)
			}
			if serve {
				r, err := s.Live().Search(t.Context(), search.Query{Text: "chameleon"})
				if err != nil || r.Total != 1 {
					t.Fatalf("live search after commit: %v, %v", r, err)
				}
			}
			s.Close()
			for q, want := range map[string]int{"aardvark": 0, "buffalo": 1, "chameleon": 1} {
				if got := countHits(t, dir, q); got != want {
					t.Errorf("%s: %d hits, want %d", q, got, want)
				}
			}
			if gens := generations(t, dir); len(gens) != 1 {
				t.Errorf("generations left: %v, want one", gens)
			}
			s = openStore(t, dir, false)
			m, err := s.Manifest()
			if err != nil || m == nil || len(m.Files) != 2 || m.Files["c.md"] == nil {
				t.Errorf("manifest after commit: %+v, %v", m, err)
			}
		})
	}
}

// TestRebuildFailureKeepsLive checks that a failed rebuild leaves the live
// generation live and removes the half-made one, and that a generation a
// killed run left is removed by the next Open.
func TestRebuildFailureKeepsLive(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	s := openStore(t, dir, true)
	if err := s.Rebuild(t.Context(), fillWith(t, map[string]string{"a": "aardvark"})); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	err := s.Rebuild(t.Context(), func(ctx context.Context, put func([]search.Doc) error) (*Change, error) {
		if err := put(docs(t, "b", "buffalo")); err != nil {
			return nil, err
		}
		return nil, boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("rebuild: %v, want boom", err)
	}
	if r, err := s.Live().Search(t.Context(), search.Query{Text: "aardvark"}); err != nil || r.Total != 1 {
		t.Errorf("live index after a failed rebuild: %v, %v", r, err)
	}
	if gens := generations(t, dir); len(gens) != 1 {
		t.Errorf("generations left: %v, want one", gens)
	}
	s.Close()

	// A run killed before its switch leaves a generation behind.
	if err := os.Mkdir(filepath.Join(dir, "gen-killed"), 0o755); err != nil {
		t.Fatal(err)
	}
	openStore(t, dir, false)
	if gens := generations(t, dir); len(gens) != 1 || strings.HasSuffix(gens[0], "gen-killed") {
		t.Errorf("generations after Open: %v, want the live one only", gens)
	}
}

// TestManifestOfOlderMapping checks that an index whose manifest is stored
// under another mapping version's key, or that has none, reports none, so
// that the next run rebuilds it in full.
func TestManifestOfOlderMapping(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	ix := liveForWriting(t, dir)
	enc, err := ix.Internal(manifestKey)
	if err != nil || enc == nil {
		t.Fatalf("no manifest under %s: %v", manifestKey, err)
	}
	if !strings.Contains(manifestKey, search.MappingVersion) {
		t.Errorf("manifest key %q does not name mapping %s", manifestKey, search.MappingVersion)
	}
	// Move the manifest under an older mapping's key.
	if err := ix.ApplyInternal(nil, nil, map[string][]byte{manifestKey: nil, "recap.manifest.v2/older": enc}); err != nil {
		t.Fatal(err)
	}
	ix.Close()
	s := openStore(t, dir, false)
	if m, err := s.Manifest(); err != nil || m != nil {
		t.Errorf("manifest of an older mapping: %+v, %v; want none", m, err)
	}
}

// TestIndexOfAnotherVersion checks that an index whose mapping names an
// analyzer this build does not have (one built by an older recap, whose
// analyzers have gone) is opened with search.ErrOtherMapping rather than
// a page of mapping JSON, that its manifest is none, so that the next run
// rebuilds it, and that a serving store starts without it.
func TestIndexOfAnotherVersion(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	ix := liveForWriting(t, dir)
	// bleve keeps the mapping under this internal key.
	const mappingKey = "_mapping"
	m, err := ix.Internal(mappingKey)
	if err != nil || !strings.Contains(string(m), `"to_lower"`) {
		t.Fatalf("mapping under %s: %.80q, %v", mappingKey, m, err)
	}
	// The analyzers now use a token filter that no build registers.
	gone := strings.ReplaceAll(string(m), `"to_lower"`, `"recap_gone"`)
	if err := ix.ApplyInternal(nil, nil, map[string][]byte{mappingKey: []byte(gone)}); err != nil {
		t.Fatal(err)
	}
	ix.Close()

	if old, err := OpenIndex(dir); !errors.Is(err, search.ErrOtherMapping) || strings.Contains(fmt.Sprint(err), "mapping contents") {
		if old != nil {
			old.Close()
		}
		t.Fatalf("OpenIndex = %v, want search.ErrOtherMapping and no mapping JSON", err)
	}
	s := openStore(t, dir, false)
	if m, err := s.Manifest(); err != nil || m != nil {
		t.Errorf("manifest of another version's index: %+v, %v; want none", m, err)
	}
	s.Close()
	s = openStore(t, dir, true)
	if err := s.Live().With(func(*search.Index) error { return nil }); err == nil {
		t.Error("a serving store holds the index of another version")
	}
	if m, err := s.Manifest(); err != nil || m != nil {
		t.Errorf("serving store: manifest %+v, %v; want none", m, err)
	}
	if err := s.Rebuild(t.Context(), fillWith(t, map[string]string{"b": "badger"})); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if n := countHits(t, dir, "badger"); n != 1 {
		t.Errorf("after the rebuild: %d hits of badger, want 1", n)
	}
}

func TestLock(t *testing.T) {
	index := t.TempDir()
	l, err := AcquireLock(t.Context(), index, "test holder", 0)
	if err != nil {
		t.Fatal(err)
	}
	_, err = AcquireLock(t.Context(), index, "second", 200*time.Millisecond)
	if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), fmt.Sprintf("pid %d (test holder", os.Getpid())) {
		t.Errorf("second lock: %v, want ErrLocked naming the holder", err)
	}
	// A long wait ends with its context.
	ctx, cancel := context.WithTimeout(t.Context(), 150*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err = AcquireLock(ctx, index, "third", time.Hour)
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 10*time.Second {
		t.Errorf("lock wait with a context: %v after %s, want the context's error", err, time.Since(start))
	}
	if _, err := Open(t.Context(), index, Options{Who: "store"}); !errors.Is(err, ErrLocked) {
		t.Errorf("Open under a held lock: %v, want ErrLocked", err)
	}
	if err := l.Release(); err != nil {
		t.Fatal(err)
	}
	l2, err := AcquireLock(t.Context(), index, "after release", 0)
	if err != nil {
		t.Fatalf("lock after release: %v", err)
	}
	l2.Release()
}

// TestFollower checks that a Follower swaps in the generation a writer in
// another process switches to, and that Stop waits for it.
func TestFollower(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	w := openStore(t, dir, false)
	if err := w.Rebuild(t.Context(), fillWith(t, map[string]string{"a": "aardvark"})); err != nil {
		t.Fatal(err)
	}
	ix, err := OpenIndex(dir)
	if err != nil {
		t.Fatal(err)
	}
	live := NewLive(ix)
	defer live.Close()
	f := NewFollower(live, dir, 10*time.Millisecond, nil)
	f.Start(t.Context())
	defer f.Stop()
	if err := w.Commit(t.Context(), &Change{Docs: docs(t, "b", "buffalo"), Manifest: manifestOf("a", "b")}); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		r, err := live.Search(t.Context(), search.Query{Text: "buffalo"})
		if err != nil {
			t.Fatal(err)
		}
		if r.Total == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("follower did not switch to the new generation")
		}
		time.Sleep(10 * time.Millisecond)
	}
	f.Stop()
	f.Stop() // a second Stop is harmless
}

// TestOpenRemovesKilledGenerations checks that the generations a killed
// run left behind go at the start of the next run, not at its end, so
// that killed --full runs in a row do not pile up, and that the live one
// stays.
func TestOpenRemovesKilledGenerations(t *testing.T) {
	tests := []struct {
		name    string
		current string // CURRENT's content; "" for no CURRENT
		gens    []string
		want    []string // the generations left after Open
	}{
		{"a killed run next to the live generation", "gen-live\n", []string{"gen-live", "gen-killed"}, []string{"gen-live"}},
		{"killed runs in a row", "gen-live\n", []string{"gen-live", "gen-k1", "gen-k2", "gen-k3"}, []string{"gen-live"}},
		{"a first build killed, no CURRENT yet", "", []string{"gen-killed"}, nil},
		{"CURRENT naming nothing: all stay", "\n", []string{"gen-a", "gen-b"}, []string{"gen-a", "gen-b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for _, g := range tt.gens {
				if err := os.MkdirAll(filepath.Join(dir, g, "store"), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(dir, g, "store", "segment"), []byte("half written"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if tt.current != "" {
				if err := os.WriteFile(filepath.Join(dir, "CURRENT"), []byte(tt.current), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			s, err := Open(t.Context(), dir, Options{Who: "test"})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			left, _ := filepath.Glob(filepath.Join(dir, "gen-*"))
			for i := range left {
				left[i] = filepath.Base(left[i])
			}
			if !slices.Equal(left, tt.want) {
				t.Errorf("generations left: %v, want %v", left, tt.want)
			}
		})
	}
}

// TestLockAdvice checks that the message for a held lock suggests what
// fits its holder: waiting for a `recap index` run, the admin API only of
// a server, which alone has one.
func TestLockAdvice(t *testing.T) {
	tests := []struct {
		name, who string
		want      string
		not       string
	}{
		{"recap index", "recap index", "--wait", "admin"},
		{"recap serve", "recap serve", "POST /api/admin/reindex", "--wait"},
		{"someone else", "a test", "wait for it to finish", "admin"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			index := t.TempDir()
			l, err := AcquireLock(t.Context(), index, tt.who, 0)
			if err != nil {
				t.Fatal(err)
			}
			defer l.Release()
			_, err = AcquireLock(t.Context(), index, "second", 0)
			if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), tt.not) {
				t.Errorf("held by %s: %v; want it to mention %q and not %q", tt.who, err, tt.want, tt.not)
			}
		})
	}
	if got := lockAdvice("garbled"); got != "wait for it to finish" {
		t.Errorf("advice for a garbled holder: %q", got)
	}
}
