package extract

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/recaphq/recap/indexer/kb"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// goldenInput is one post of the golden set: a file and the path it has in
// a data folder.
type goldenInput struct{ file, rel string }

func goldenInputs(t *testing.T) []goldenInput { return goldenInputsB(t) }

func goldenInputsB(t testing.TB) []goldenInput {
	t.Helper()
	var in []goldenInput
	seeds, _ := filepath.Glob(filepath.Join(sharedDir, "seeds", "*.txt"))
	for _, f := range seeds {
		// The contract checks copy the seeds to the root of the data folder.
		in = append(in, goldenInput{f, filepath.Base(f)})
	}
	root := filepath.Join(dataDir, "posts")
	_ = filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(path, ".md") || strings.HasSuffix(path, ".txt")) {
			rel, _ := filepath.Rel(dataDir, path)
			in = append(in, goldenInput{path, rel})
		}
		return nil
	})
	if len(in) == 0 {
		t.Skip("neither seeds nor data posts found")
	}
	return in
}

// TestGolden compares the extraction of every data post and both seeds
// with testdata/golden; run with -update to accept a change.
func TestGolden(t *testing.T) {
	tax := loadTaxonomy(t)
	for _, in := range goldenInputs(t) {
		p := readPost(t, in.file, in.rel)
		t.Run(p.Slug, func(t *testing.T) {
			e := Post(p, tax)
			// The golden files hold what extraction adds to the post.
			res := struct {
				Talks  []kb.Talk
				Event  *kb.Event
				Topics []string
			}{e.Talks, e.Event, e.Topics}
			got, err := json.MarshalIndent(res, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			golden := filepath.Join("testdata", "golden", p.Slug+".json")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("extraction of %s differs from %s (run go test -update after checking):\n%s", in.file, golden, got)
			}
		})
	}
}

func seedPost(t *testing.T, prefix string) kb.Post {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(sharedDir, "seeds", prefix+"_*.txt"))
	if len(files) != 1 {
		t.Skipf("seed %s not found", prefix)
	}
	return readPost(t, files[0], filepath.Base(files[0]))
}

func speakerOf(ts []kb.Talk, name string) (kb.Talk, kb.Speaker, bool) {
	for _, t := range ts {
		for _, s := range t.Speakers {
			if s.Name == name {
				return t, s, true
			}
		}
	}
	return kb.Talk{}, kb.Speaker{}, false
}

// TestSeed003 checks what the issue demands of seed 003, independently of
// the golden file.
func TestSeed003(t *testing.T) {
	tax := loadTaxonomy(t)
	res := Post(seedPost(t, "003"), tax)
	want := []struct{ title, name, handle string }{
		{"kubebuilder/controller-runtime 入門", "Shingo Omura", "everpeace"},
		{"Container-native ingress controller with kubebuilder/(Admission Webhook)", "Masaya Aoyama", "amsy810"},
		{"メルカリのマイクロサービスにおける Kubernetes manifest の運用", "Masaki Ishiyama", "b4b4r07"},
	}
	if len(res.Talks) != len(want) {
		t.Fatalf("%d talks, want %d: %+v", len(res.Talks), len(want), res.Talks)
	}
	for i, w := range want {
		got := res.Talks[i]
		if got.Title != w.title || len(got.Speakers) != 1 || got.Speakers[0].Name != w.name || got.Speakers[0].Handle != w.handle {
			t.Errorf("talk %d = %q by %+v, want %q by %s (@%s)", i+1, got.Title, got.Speakers, w.title, w.name, w.handle)
		}
		if got.Minutes != 30 || got.Description == "" {
			t.Errorf("talk %d: minutes %d, description %q", i+1, got.Minutes, got.Description)
		}
	}
	if res.Event == nil || res.Event.Name != "Kubernetes Meetup Tokyo #18" || res.Event.Slug != "kubernetes-meetup-tokyo-18" {
		t.Errorf("event = %+v, want Kubernetes Meetup Tokyo #18", res.Event)
	}
	has := func(slugs ...string) bool {
		for _, s := range slugs {
			for _, got := range res.Topics {
				if got == s {
					return true
				}
			}
		}
		return false
	}
	for _, group := range [][]string{{"operators"}, {"ingress", "networking"}, {"gitops", "ci-cd"}} {
		if !has(group...) {
			t.Errorf("topics %v lack one of %v", res.Topics, group)
		}
	}
}

// TestSeed000 checks the Vietnamese seed, read through the encoding repair.
func TestSeed000(t *testing.T) {
	tax := loadTaxonomy(t)
	res := Post(seedPost(t, "000"), tax)
	if tk, sp, ok := speakerOf(res.Talks, "Cao Xuân Hoàng"); !ok || !strings.Contains(sp.Affiliation, "Genesis Cloud") || tk.Description == "" {
		t.Errorf("no talk by Cao Xuân Hoàng of Genesis Cloud with a description: %+v", res.Talks)
	}
	if tk, _, ok := speakerOf(res.Talks, "Đào Công Tiến"); !ok || !strings.Contains(strings.ToLower(tk.Description+tk.Title), "microservice") {
		t.Errorf("no talk on microservices by Đào Công Tiến: %+v", res.Talks)
	}
	found := false
	for _, tk := range res.Talks {
		if strings.Contains(tk.Title, "Deep Dive into Container Networking") {
			for _, s := range tk.Speakers {
				found = found || strings.Contains(s.Affiliation, "Fujitsu")
			}
		}
	}
	if !found {
		t.Errorf("no Container Networking talk by Fujitsu engineers: %+v", res.Talks)
	}
	if res.Event == nil || res.Event.Number != 1 || !strings.Contains(res.Event.Name, "Kubernetes") {
		t.Errorf("event = %+v, want the first Vietnam Kubernetes meetup", res.Event)
	}
}
