package main

import (
	"context"
	"errors"
	"path/filepath"
	"strings"

	"github.com/recaphq/recap/cmd/internal/baseline"
	"github.com/recaphq/recap/indexer/search"
)

// Bench holds recap's index and the baseline index over the same posts.
type Bench struct {
	recap *search.Index
	base  *baseline.Index
	names map[string]string // post slug → judged name
}

// Depth is how many results each query is judged on.
const Depth = 10

// Build indexes docs into recap's index and the baseline, in folders under
// dir.
func Build(dir string, docs []Doc, opts ...search.Option) (*Bench, error) {
	rx, err := search.Create(filepath.Join(dir, "recap"), opts...)
	if err != nil {
		return nil, err
	}
	bx, err := baseline.Create(filepath.Join(dir, "baseline"))
	if err != nil {
		rx.Close()
		return nil, err
	}
	b := &Bench{recap: rx, base: bx, names: map[string]string{}}
	var all []search.Doc
	for _, d := range docs {
		ds, err := search.Documents(d.Entry)
		if err != nil {
			b.Close()
			return nil, err
		}
		b.names[d.Entry.Post.Slug] = d.Name
		all = append(all, ds...)
	}
	if err := rx.Apply(all, nil); err != nil {
		b.Close()
		return nil, err
	}
	if err := bx.Apply(all); err != nil {
		b.Close()
		return nil, err
	}
	return b, nil
}

// Close closes both indexes.
func (b *Bench) Close() error {
	return errors.Join(b.recap.Close(), b.base.Close())
}

// Recap runs text on recap's index and returns the judged names of the
// posts found, best first.
func (b *Bench) Recap(ctx context.Context, text string) ([]string, error) {
	hits, err := b.Scored(ctx, text)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = h.Name
	}
	return out, nil
}

// ScoredHit is a post found by recap, with its score.
type ScoredHit struct {
	Name  string
	Score float64
}

// Scored runs text on recap's index and returns the posts found with their
// scores, for looking into one query's ranking.
func (b *Bench) Scored(ctx context.Context, text string) ([]ScoredHit, error) {
	r, err := b.recap.Search(ctx, search.Query{Text: text, Type: search.TypePost, Size: Depth})
	if err != nil {
		return nil, err
	}
	out := make([]ScoredHit, len(r.Hits))
	for i, h := range r.Hits {
		out[i] = ScoredHit{Name: b.names[h.Key], Score: h.Score}
	}
	return out, nil
}

// Baseline runs text on the baseline index.
func (b *Bench) Baseline(ctx context.Context, text string) ([]string, error) {
	ids, err := b.base.Search(ctx, baseline.Request{Text: text, Type: search.TypePost, Size: Depth})
	if err != nil {
		return nil, err
	}
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = b.names[strings.TrimPrefix(id, search.TypePost+":")]
	}
	return out, nil
}

// Evaluate runs every judged query on both indexes and tables the scores;
// each is also handed to seen with recap's ranking.
func Evaluate(ctx context.Context, b *Bench, judged []Judged, seen func(j Judged, got []string, recap Scores)) (*Table, error) {
	t := &Table{}
	for _, j := range judged {
		got, err := b.Recap(ctx, j.Query)
		if err != nil {
			return nil, err
		}
		base, err := b.Baseline(ctx, j.Query)
		if err != nil {
			return nil, err
		}
		a := Score(got, j.Relevant)
		t.Add(j.Class, a, Score(base, j.Relevant))
		if seen != nil {
			seen(j, got, a)
		}
	}
	return t, nil
}
