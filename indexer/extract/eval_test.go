package extract

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// Targets of the talk extraction over the labelled corpus subset.
const (
	targetPrecision = 0.95
	targetRecall    = 0.85
)

type labels struct {
	Posts []struct {
		File  string `yaml:"file"`
		Talks []struct {
			Title    string   `yaml:"title"`
			Speakers []string `yaml:"speakers"`
		} `yaml:"talks"`
	} `yaml:"posts"`
}

type score struct{ tp, fp, fn, spk, spkOK int }

func (s score) precision() float64 {
	if s.tp+s.fp == 0 {
		return 1
	}
	return float64(s.tp) / float64(s.tp+s.fp)
}

func (s score) recall() float64 {
	if s.tp+s.fn == 0 {
		return 1
	}
	return float64(s.tp) / float64(s.tp+s.fn)
}

func (s *score) add(o score) {
	s.tp += o.tp
	s.fp += o.fp
	s.fn += o.fn
	s.spk += o.spk
	s.spkOK += o.spkOK
}

// TestEval measures talk precision and recall over the hand-labelled
// corpus subset in testdata/eval/labels.yaml (make extract-eval). A talk
// is found when its title matches a label's: equal once normalised, or one
// containing the other with most of its length. It also counts how many
// labelled speakers of found talks were found (by name or handle).
func TestEval(t *testing.T) {
	corpus := filepath.Join(sharedDir, "corpus")
	if _, err := os.Stat(corpus); err != nil {
		t.Skipf("no corpus at %s", corpus)
	}
	tax := loadTaxonomy(t)
	b, err := os.ReadFile("testdata/eval/labels.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var ls labels
	if err := yaml.Unmarshal(b, &ls); err != nil {
		t.Fatalf("labels.yaml: %v", err)
	}
	byLang := make(map[string]*score)
	var all score
	var report strings.Builder
	fmt.Fprintf(&report, "%-72s %3s %3s %3s %7s\n", "post", "TP", "FP", "FN", "spk")
	for _, lp := range ls.Posts {
		p := readPost(t, filepath.Join(corpus, lp.File), lp.File)
		res := Post(p, tax)
		var s score
		matched := make([]bool, len(lp.Talks))
		var fps []string
		for _, tk := range res.Talks {
			hit := -1
			for i, l := range lp.Talks {
				if !matched[i] && sameTitle(tk.Title, l.Title) {
					hit = i
					break
				}
			}
			if hit < 0 {
				s.fp++
				fps = append(fps, tk.Title)
				continue
			}
			matched[hit] = true
			s.tp++
			for _, want := range lp.Talks[hit].Speakers {
				s.spk++
				for _, sp := range tk.Speakers {
					if strings.EqualFold(sp.Name, want) || strings.EqualFold(sp.Handle, want) || normTitle(sp.Name) == normTitle(want) {
						s.spkOK++
						break
					}
				}
			}
		}
		var fns []string
		for i, m := range matched {
			if !m {
				s.fn++
				fns = append(fns, lp.Talks[i].Title)
			}
		}
		lang := strings.SplitN(lp.File, "/", 2)[0]
		if byLang[lang] == nil {
			byLang[lang] = &score{}
		}
		byLang[lang].add(s)
		all.add(s)
		name := lp.File
		if len(name) > 72 {
			name = name[:69] + "..."
		}
		fmt.Fprintf(&report, "%-72s %3d %3d %3d %3d/%-3d\n", name, s.tp, s.fp, s.fn, s.spkOK, s.spk)
		for _, f := range fps {
			fmt.Fprintf(&report, "    FP %s\n", f)
		}
		for _, f := range fns {
			fmt.Fprintf(&report, "    FN %s\n", f)
		}
	}
	langs := make([]string, 0, len(byLang))
	for l := range byLang {
		langs = append(langs, l)
	}
	sort.Strings(langs)
	fmt.Fprintf(&report, "\n%-8s %9s %6s %8s\n", "lang", "precision", "recall", "speakers")
	for _, l := range append(langs, "all") {
		s := all
		if l != "all" {
			s = *byLang[l]
		}
		fmt.Fprintf(&report, "%-8s %9.3f %6.3f %4d/%-3d\n", l, s.precision(), s.recall(), s.spkOK, s.spk)
	}
	t.Log("\n" + report.String())
	if p := all.precision(); p < targetPrecision {
		t.Errorf("talk precision %.3f, target %.2f", p, targetPrecision)
	}
	if r := all.recall(); r < targetRecall {
		t.Errorf("talk recall %.3f, target %.2f", r, targetRecall)
	}
}
