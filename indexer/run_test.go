package indexer

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
	sum, err := Build(context.Background(), Options{DataDir: dataDir, IndexDir: indexDir})
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
				got = append(got, h.URL)
				if h.URL == search.PostURL(tt.wantSlug) {
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
	if _, err := Build(ctx, Options{DataDir: dataDir, IndexDir: indexDir}); err == nil {
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
	files, skipped, err := Walk(dir)
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
	files, skipped, err = Walk(dir)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(files, " ") != want || len(skipped) != 2 || skipped[1].Path != "broken.txt" || !strings.Contains(skipped[1].Reason, "broken.md") {
		t.Errorf("a second file with the address of broken.md: files %v, skipped %+v", files, skipped)
	}
	if _, _, err := Walk(filepath.Join(dir, "missing")); err == nil {
		t.Error("Walk of a missing folder succeeded")
	}
}
