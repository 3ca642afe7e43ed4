package indexer

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWalk(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, samplePosts)
	outside := filepath.Join(t.TempDir(), "outside.md")
	if err := os.WriteFile(outside, []byte("---\ntitle: x\n---\ny"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "link.md")); err != nil {
		t.Skip("no symlinks here:", err)
	}
	files, skipped, _, err := Walk(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := "broken.md en/2019-05-01-go.md en/plain.txt ja/2019-04-22-kmt.md vi/2019-01-07-vietkubers.md"
	if got := strings.Join(files, " "); got != want {
		t.Errorf("files = %s\nwant    %s", got, want)
	}
	if len(skipped) != 1 || skipped[0].Path != "link.md" {
		t.Errorf("skipped = %+v, want link.md", skipped)
	}
	writeFiles(t, dir, map[string]string{"broken.txt": "Another broken\n\nwith the same address\n"})
	files, skipped, _, err = Walk(dir)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(files, " ") != want || len(skipped) != 2 || skipped[1].Path != "broken.txt" || !strings.Contains(skipped[1].Reason, "broken.md") {
		t.Errorf("a second file with the address of broken.md: files %v, skipped %+v", files, skipped)
	}
	if _, _, _, err := Walk(filepath.Join(dir, "missing")); err == nil {
		t.Error("Walk of a missing folder succeeded")
	}
}

// TestClassify checks the one rule by which Walk and scanPaths tell post
// files from the rest.
func TestClassify(t *testing.T) {
	tests := []struct {
		name   string
		typ    fs.FileMode
		isPost bool
		skip   bool
	}{
		{"post.md", 0, true, false},
		{"notes.txt", 0, true, false},
		{"notes.yaml", 0, false, false},
		{".hidden.md", 0, false, false},
		{"link.md", fs.ModeSymlink, false, true},
		{"pipe.md", fs.ModeNamedPipe, false, true},
		{"link.yaml", fs.ModeSymlink, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			isPost, skip := classify(tt.name, tt.typ)
			if isPost != tt.isPost || (skip != "") != tt.skip {
				t.Errorf("classify(%q, %v) = %v, %q; want post %v, skip %v", tt.name, tt.typ, isPost, skip, tt.isPost, tt.skip)
			}
		})
	}
}

func TestDataRel(t *testing.T) {
	tests := []struct{ dir, p, want string }{
		{"/data", "/data/a/b.md", "a/b.md"},
		{"/data", "/data", "."},
		{"/data", "/other/x.md", "."},
		{"/data", "/data/../data2/x.md", "."},
		{"data", "data/x.md", "x.md"},
	}
	for _, tt := range tests {
		t.Run(tt.p, func(t *testing.T) {
			if got := dataRel(tt.dir, tt.p); got != tt.want {
				t.Errorf("dataRel(%q, %q) = %q, want %q", tt.dir, tt.p, got, tt.want)
			}
		})
	}
}
