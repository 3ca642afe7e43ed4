package main

import (
	"fmt"
	"io"
	"math"
	"os"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Judged is one query of the benchmark and the posts a good search must
// return for it (all equally relevant).
type Judged struct {
	Query    string   `yaml:"query"`
	Class    string   `yaml:"class"`
	Relevant []string `yaml:"relevant"`
	Note     string   `yaml:"note,omitempty"`
}

// Classes of queries, in report order.
var Classes = []string{"vi-accent", "vi-noaccent", "ja", "katakana", "en", "speaker", "cross-language", "typo"}

type queriesFile struct {
	Queries []Judged `yaml:"queries"`
}

// LoadQueries reads and checks a judged query set.
func LoadQueries(path string) ([]Judged, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("load queries: %w", err)
	}
	var f queriesFile
	if err := yaml.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("parse %s: %w", path, err)
	}
	known := map[string]bool{}
	for _, c := range Classes {
		known[c] = true
	}
	for i, q := range f.Queries {
		if q.Query == "" || len(q.Relevant) == 0 {
			return nil, fmt.Errorf("%s: query %d (%q) needs a query and relevant posts", path, i+1, q.Query)
		}
		if !known[q.Class] {
			return nil, fmt.Errorf("%s: query %q has unknown class %q", path, q.Query, q.Class)
		}
	}
	return f.Queries, nil
}

// LoadDevQueries reads a dev set in the tab-separated form of the shared
// eval/ folder: a header row naming the columns query, class and
// relevant_files (comma-separated paths relative to the shared folder,
// which are the names LoadCorpus gives the shared posts).
func LoadDevQueries(path string) ([]Judged, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("load dev queries: %w", err)
	}
	var cols map[string]int
	var out []Judged
	for n, line := range strings.Split(string(b), "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		f := strings.Split(strings.TrimRight(line, "\r"), "\t")
		if cols == nil {
			cols = map[string]int{}
			for i, c := range f {
				cols[c] = i
			}
			for _, c := range []string{"query", "class", "relevant_files"} {
				if _, ok := cols[c]; !ok {
					return nil, fmt.Errorf("%s: the header has no column %q", path, c)
				}
			}
			continue
		}
		get := func(c string) string {
			if i := cols[c]; i < len(f) {
				return strings.TrimSpace(f[i])
			}
			return ""
		}
		j := Judged{Query: get("query"), Class: get("class")}
		for _, r := range strings.Split(get("relevant_files"), ",") {
			if r = strings.TrimSpace(r); r != "" {
				j.Relevant = append(j.Relevant, r)
			}
		}
		if j.Query == "" || len(j.Relevant) == 0 {
			return nil, fmt.Errorf("%s:%d: a row needs a query and relevant files", path, n+1)
		}
		out = append(out, j)
	}
	return out, nil
}

// Scores are the metrics of one query or the mean over several.
type Scores struct {
	Recall5, MRR, NDCG10 float64
	N                    int
}

// Score computes recall@5, reciprocal rank and nDCG@10 (binary gains) of a
// ranking against the relevant set.
func Score(ranked []string, relevant []string) Scores {
	rel := make(map[string]bool, len(relevant))
	for _, r := range relevant {
		rel[r] = true
	}
	var s Scores
	s.N = 1
	found := 0
	var dcg float64
	seen := map[string]bool{}
	for i, id := range ranked {
		if !rel[id] || seen[id] {
			continue
		}
		seen[id] = true
		if s.MRR == 0 {
			s.MRR = 1 / float64(i+1)
		}
		if i < 5 {
			found++
		}
		if i < 10 {
			dcg += 1 / math.Log2(float64(i+2))
		}
	}
	var ideal float64
	for i := 0; i < len(rel) && i < 10; i++ {
		ideal += 1 / math.Log2(float64(i+2))
	}
	if ideal > 0 {
		s.NDCG10 = dcg / ideal
	}
	// Recall@5 is over what fits in five results, so a query with eight
	// relevant posts can still reach 1.
	s.Recall5 = float64(found) / float64(min(len(rel), 5))
	return s
}

func (s *Scores) add(o Scores) {
	s.Recall5 += o.Recall5
	s.MRR += o.MRR
	s.NDCG10 += o.NDCG10
	s.N += o.N
}

func (s Scores) mean() Scores {
	if s.N == 0 {
		return s
	}
	n := float64(s.N)
	return Scores{Recall5: s.Recall5 / n, MRR: s.MRR / n, NDCG10: s.NDCG10 / n, N: s.N}
}

// Table accumulates the scores of two systems by class.
type Table struct {
	rows map[string][2]Scores
}

// Add records the scores of recap (a) and the baseline (b) for one query.
func (t *Table) Add(class string, a, b Scores) {
	if t.rows == nil {
		t.rows = map[string][2]Scores{}
	}
	r := t.rows[class]
	r[0].add(a)
	r[1].add(b)
	t.rows[class] = r
	all := t.rows["overall"]
	all[0].add(a)
	all[1].add(b)
	t.rows["overall"] = all
}

// Mean returns the mean scores of recap and of the baseline for a class.
func (t *Table) Mean(class string) (Scores, Scores) {
	r := t.rows[class]
	return r[0].mean(), r[1].mean()
}

// Print writes the table: one row per class, recap's numbers beside the
// baseline's.
func (t *Table) Print(w io.Writer) {
	fmt.Fprintf(w, "%-15s %4s | %-23s | %-23s\n", "", "", "recap", "baseline (standard)")
	fmt.Fprintf(w, "%-15s %4s | %7s %7s %7s | %7s %7s %7s\n", "class", "n", "R@5", "MRR", "nDCG10", "R@5", "MRR", "nDCG10")
	classes := append([]string(nil), Classes...)
	for c := range t.rows {
		if !contains(classes, c) && c != "overall" {
			classes = append(classes, c)
		}
	}
	sort.SliceStable(classes[len(Classes):], func(i, j int) bool { return classes[len(Classes)+i] < classes[len(Classes)+j] })
	for _, c := range append(classes, "overall") {
		if _, ok := t.rows[c]; !ok {
			continue
		}
		a, b := t.Mean(c)
		fmt.Fprintf(w, "%-15s %4d | %7.3f %7.3f %7.3f | %7.3f %7.3f %7.3f\n", c, a.N, a.Recall5, a.MRR, a.NDCG10, b.Recall5, b.MRR, b.NDCG10)
	}
}

func contains(s []string, v string) bool {
	for _, e := range s {
		if e == v {
			return true
		}
	}
	return false
}
