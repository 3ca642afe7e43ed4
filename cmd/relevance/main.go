// Command relevance measures recap's search against a judged query set:
// it builds recap's index and a baseline index (bleve's standard analyzer)
// from the same posts, run through the indexer's real pipeline, runs every
// judged query on both and prints recall@5, MRR and nDCG@10 per query
// class and overall, side by side.
//
//	go run ./cmd/relevance         # from anywhere in the repository
//	go run ./cmd/relevance -v      # also list the queries that miss
//	go run ./cmd/relevance -list   # list the corpus: name, language, title
//
// When the shared folder has the dev set of eval/ (queries-dev.tsv,
// judged by reading, independently of the code), it is read at run time and
// scored the same way, in a second table.
//
// The default paths are relative to the repository root, found as the
// nearest go.mod above the working directory.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/recaphq/recap/indexer/search"
	"github.com/recaphq/recap/indexer/taxonomy"
)

func main() {
	root := moduleRoot()
	data := flag.String("data", filepath.Join(root, "data"), "the data folder (posts and topics.yaml)")
	shared := flag.String("shared", filepath.Join(root, "..", "shared"), "the shared folder with corpus/ and seeds/; empty to use data only")
	queries := flag.String("queries", filepath.Join(root, "cmd", "relevance", "testdata", "queries.yaml"), "the judged query set")
	verbose := flag.Bool("v", false, "list the queries where recap misses a relevant post in the top 5")
	list := flag.Bool("list", false, "list the corpus and exit")
	one := flag.String("q", "", "run this one query and list recap's top 10 with their scores")
	flag.Parse()
	if err := run(os.Stdout, *data, *shared, *queries, *one, *verbose, *list); err != nil {
		fmt.Fprintln(os.Stderr, "relevance:", err)
		os.Exit(1)
	}
}

func run(w io.Writer, data, shared, queriesPath, one string, verbose, list bool) error {
	docs, err := LoadCorpus(Sources(data, shared))
	if err != nil {
		return err
	}
	if list {
		for _, d := range docs {
			fmt.Fprintf(w, "%s\t%s\t%s\n", d.Name, d.Entry.Post.Lang, d.Entry.Post.Title)
		}
		return nil
	}
	judged, err := LoadQueries(queriesPath)
	if err != nil {
		return err
	}
	tax, err := taxonomy.Load(os.DirFS(data))
	if err != nil {
		return fmt.Errorf("taxonomy: %w", err)
	}
	tmp, err := os.MkdirTemp("", "recap-relevance-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	b, err := Build(tmp, docs, search.WithSynonyms(search.NewSynonyms(tax)))
	if err != nil {
		return err
	}
	defer b.Close()

	ctx := context.Background()
	if one != "" {
		hits, err := b.Scored(ctx, one)
		if err != nil {
			return err
		}
		for i, h := range hits {
			fmt.Fprintf(w, "%2d. %7.3f  %s\n", i+1, h.Score, h.Name)
		}
		return nil
	}
	miss := func(j Judged, got []string, a Scores) {
		if !verbose || a.Recall5 == 1 && a.NDCG10 >= 0.9 {
			return
		}
		fmt.Fprintf(w, "MISS %-14s %q R@5=%.2f nDCG=%.2f\n", j.Class, j.Query, a.Recall5, a.NDCG10)
		fmt.Fprintf(w, "     want: %s\n", strings.Join(j.Relevant, " "))
		for i, g := range got[:min(5, len(got))] {
			fmt.Fprintf(w, "     %d. %s\n", i+1, g)
		}
	}
	t, err := Evaluate(ctx, b, judged, miss)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%d judged queries over %d posts (%s)\n\n", len(judged), len(docs), filepath.ToSlash(queriesPath))
	t.Print(w)
	if shared == "" {
		return nil
	}
	devPath := filepath.Join(shared, "eval", "queries-dev.tsv")
	dev, err := LoadDevQueries(devPath)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	td, err := Evaluate(ctx, b, dev, miss)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\n%d dev queries, judged by reading (%s)\n\n", len(dev), filepath.ToSlash(devPath))
	td.Print(w)
	return nil
}
