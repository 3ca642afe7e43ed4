package indexer

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/recaphq/recap/indexer/store"
)

// denyFS is a data folder whose folder deny cannot be read, as after
// chmod 000 for a user who is not root.
type denyFS struct {
	fs.FS
	deny string
}

func (d denyFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if name == d.deny {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	}
	return fs.ReadDir(d.FS, name)
}

// denyDataFolder makes Walk unable to read the folder rel of every data
// folder until the test ends.
func denyDataFolder(t *testing.T, rel string) {
	t.Helper()
	orig := dataFS
	dataFS = func(dir string) fs.FS { return denyFS{orig(dir), rel} }
	t.Cleanup(func() { dataFS = orig })
}

// TestWalkUnreadableFolder checks that a folder the walk cannot read is
// reported and returned as unseen, and does not stop the walk.
func TestWalkUnreadableFolder(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"a.md": recapPost("A", "x"), "posts/b.md": recapPost("B", "y")})
	denyDataFolder(t, "posts")
	files, skipped, unseen, err := Walk(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(files, []string{"a.md"}) || !slices.Equal(unseen, []string{"posts"}) {
		t.Errorf("files %v, unseen %v; want [a.md], [posts]", files, unseen)
	}
	if len(skipped) != 1 || skipped[0].Path != "posts" || !strings.Contains(skipped[0].Reason, "permission denied") {
		t.Errorf("skipped = %+v, want posts: permission denied", skipped)
	}
}

// TestRunKeepsWhatItCannotSee checks that a run removes only the posts
// that are really gone: a folder it cannot read and a post replaced by
// something that is not a regular file keep what the index has of them,
// and the run reports them.
func TestRunKeepsWhatItCannotSee(t *testing.T) {
	tests := []struct {
		name    string
		change  func(t *testing.T, data string)
		removed int
		skip    string // the path the run reports, if any
		found   map[string]int
	}{
		{
			name:    "deleted post",
			change:  func(t *testing.T, data string) { os.Remove(filepath.Join(data, "posts", "b.md")) },
			removed: 1,
			found:   map[string]int{"buffalo": 0, "chameleon": 1},
		},
		{
			name:    "deleted folder",
			change:  func(t *testing.T, data string) { os.RemoveAll(filepath.Join(data, "posts")) },
			removed: 2,
			found:   map[string]int{"buffalo": 0, "chameleon": 0, "aardvark": 1},
		},
		{
			name:   "unreadable folder",
			change: func(t *testing.T, data string) { denyDataFolder(t, "posts") },
			skip:   "posts",
			found:  map[string]int{"buffalo": 1, "chameleon": 1},
		},
		{
			name: "unreadable folder by chmod 000",
			change: func(t *testing.T, data string) {
				if os.Geteuid() == 0 {
					t.Skip("root reads a folder whatever its mode")
				}
				posts := filepath.Join(data, "posts")
				if err := os.Chmod(posts, 0); err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { os.Chmod(posts, 0o755) })
			},
			skip:  "posts",
			found: map[string]int{"buffalo": 1, "chameleon": 1},
		},
		{
			name: "post replaced by a FIFO",
			change: func(t *testing.T, data string) {
				p := filepath.Join(data, "posts", "b.md")
				if err := os.Remove(p); err != nil {
					t.Fatal(err)
				}
				if err := syscall.Mkfifo(p, 0o644); err != nil {
					t.Skip("no FIFOs here:", err)
				}
			},
			skip:  "posts/b.md",
			found: map[string]int{"buffalo": 1, "chameleon": 1},
		},
		{
			name: "post replaced by a symbolic link",
			change: func(t *testing.T, data string) {
				p := filepath.Join(data, "posts", "b.md")
				if err := os.Remove(p); err != nil {
					t.Fatal(err)
				}
				if err := os.Symlink(filepath.Join(data, "a.md"), p); err != nil {
					t.Skip("no symlinks here:", err)
				}
			},
			skip:  "posts/b.md",
			found: map[string]int{"buffalo": 1, "chameleon": 1},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, index := t.TempDir(), filepath.Join(t.TempDir(), "index")
			writeFiles(t, data, map[string]string{
				"a.md":       recapPost("Alpha", "aardvark"),
				"posts/b.md": recapPost("Beta", "buffalo"),
				"posts/c.md": recapPost("Gamma", "chameleon"),
			})
			opts := Options{DataDir: data, IndexDir: index}
			run(t, opts)
			tt.change(t, data)
			sum := run(t, opts)
			if sum.Removed != tt.removed || sum.Files != 3-tt.removed {
				t.Errorf("removed %d, files %d; want %d, %d", sum.Removed, sum.Files, tt.removed, 3-tt.removed)
			}
			var skipped []string
			for _, s := range sum.Skipped {
				skipped = append(skipped, s.Path)
			}
			var want []string
			if tt.skip != "" {
				want = []string{tt.skip}
			}
			if !slices.Equal(skipped, want) {
				t.Errorf("skipped %v (%+v), want [%s]", skipped, sum.Skipped, tt.skip)
			}
			for q, n := range tt.found {
				if h := hits(t, index, q); h != n {
					t.Errorf("search %q: %d hits, want %d", q, h, n)
				}
			}
		})
	}
}

// TestScanPathsKeepsWhatItCannotSee checks the watcher's path of a run: a
// changed path that became a FIFO keeps its record, one that is gone loses
// it.
func TestScanPathsKeepsWhatItCannotSee(t *testing.T) {
	data := t.TempDir()
	writeFiles(t, data, map[string]string{"posts/c.md": recapPost("C", "x")})
	if err := syscall.Mkfifo(filepath.Join(data, "posts", "b.md"), 0o644); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	m := store.NewManifest()
	for _, rel := range []string{"posts/b.md", "posts/gone.md", "other.md"} {
		m.Files[rel] = &store.FileRecord{Docs: []string{rel}}
	}
	tests := []struct {
		name      string
		paths     []string
		gone      []string
		unchanged int
		reported  bool // whether the FIFO is reported
	}{
		{"the FIFO", []string{"posts/b.md"}, nil, 3, true},
		{"its folder", []string{"posts"}, []string{"posts/gone.md"}, 2, true},
		{"a deleted post", []string{"posts/gone.md"}, []string{"posts/gone.md"}, 2, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, unchanged, gone, skipped, err := scanPaths(data, m, tt.paths)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(gone, tt.gone) || unchanged != tt.unchanged {
				t.Errorf("gone %v, unchanged %d; want %v, %d", gone, unchanged, tt.gone, tt.unchanged)
			}
			reported := slices.ContainsFunc(skipped, func(s Skip) bool { return s.Path == "posts/b.md" })
			if reported != tt.reported {
				t.Errorf("skipped %+v: FIFO reported %v, want %v", skipped, reported, tt.reported)
			}
		})
	}
}

// TestFullBuildKeepsWhatItCannotSee checks that `recap index --full` over
// a folder it cannot read, or a post replaced by a FIFO, fails and keeps
// the live index, posts below included, instead of dropping them; and
// that something unseen that was never indexed does not stop it.
func TestFullBuildKeepsWhatItCannotSee(t *testing.T) {
	tests := []struct {
		name   string
		change func(t *testing.T, data string)
		fails  bool
	}{
		{"unreadable folder", func(t *testing.T, data string) { denyDataFolder(t, "posts") }, true},
		{"post replaced by a FIFO", func(t *testing.T, data string) {
			p := filepath.Join(data, "posts", "b.md")
			if err := os.Remove(p); err != nil {
				t.Fatal(err)
			}
			if err := syscall.Mkfifo(p, 0o644); err != nil {
				t.Skip("no FIFOs here:", err)
			}
		}, true},
		{"new FIFO never indexed", func(t *testing.T, data string) {
			if err := syscall.Mkfifo(filepath.Join(data, "posts", "d.md"), 0o644); err != nil {
				t.Skip("no FIFOs here:", err)
			}
		}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, index := t.TempDir(), filepath.Join(t.TempDir(), "index")
			writeFiles(t, data, map[string]string{
				"a.md":       recapPost("Alpha", "aardvark"),
				"posts/b.md": recapPost("Beta", "buffalo"),
				"posts/c.md": recapPost("Gamma", "chameleon"),
			})
			run(t, Options{DataDir: data, IndexDir: index})
			tt.change(t, data)
			_, err := Run(t.Context(), Options{DataDir: data, IndexDir: index, Full: true})
			if tt.fails {
				if err == nil || !strings.Contains(err.Error(), "posts") {
					t.Errorf("full build over what it cannot see: %v, want an error naming it", err)
				}
				if h := hits(t, index, "buffalo"); h != 1 {
					t.Errorf("buffalo after the refused full build: %d hits, want 1", h)
				}
				return
			}
			if err != nil {
				t.Fatalf("full build: %v", err)
			}
			if h := hits(t, index, "chameleon"); h != 1 {
				t.Errorf("chameleon after the full build: %d hits, want 1", h)
			}
		})
	}
}
