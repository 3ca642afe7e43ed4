package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sort"
	"strings"

	"github.com/recaphq/recap/indexer"
)

// Default locations, relative to the working directory.
const (
	defaultData  = "./data"
	defaultIndex = "./.recap/index"
)

// indexConfig is the configuration of `recap index`.
type indexConfig struct {
	Data  string
	Index string
}

func (c indexConfig) Validate() error {
	if c.Data == "" {
		return errors.New("--data: empty folder name")
	}
	if c.Index == "" {
		return errors.New("--index: empty folder name")
	}
	return nil
}

func runIndex(ctx context.Context, args []string, s stdio, getenv func(string) string) error {
	cfg := indexConfig{
		Data:  envOr(getenv, "RECAP_DATA", defaultData),
		Index: envOr(getenv, "RECAP_INDEX", defaultIndex),
	}
	fs := newFlagSet("index", "index [--data DIR] [--index DIR]", s)
	fs.StringVar(&cfg.Data, "data", cfg.Data, "folder of posts to index (env RECAP_DATA)")
	fs.StringVar(&cfg.Index, "index", cfg.Index, "index folder (env RECAP_INDEX)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("index: unexpected argument %q", fs.Arg(0))
	}
	if err := cfg.Validate(); err != nil {
		return err
	}
	sum, err := indexer.Build(ctx, indexer.Options{
		DataDir:  cfg.Data,
		IndexDir: cfg.Index,
		Logger:   slog.New(slog.NewTextHandler(s.err, nil)),
	})
	if err != nil {
		return err
	}
	printSummary(s.out, cfg, sum)
	return nil
}

func printSummary(w io.Writer, cfg indexConfig, sum *indexer.Summary) {
	var langs []string
	for l, n := range sum.ByLang {
		langs = append(langs, fmt.Sprintf("%s %d", l, n))
	}
	sort.Strings(langs)
	fmt.Fprintf(w, "indexed %d posts from %s into %s in %s\n", sum.Posts, cfg.Data, cfg.Index, sum.Took.Round(1e6))
	if len(langs) > 0 {
		fmt.Fprintf(w, "  by language: %s\n", strings.Join(langs, ", "))
	}
	fmt.Fprintf(w, "  talks: %d\n", sum.Talks)
	fmt.Fprintf(w, "  encoding repaired: %d files, %d characters\n", sum.RepairedFiles, sum.RepairedChars)
	fmt.Fprintf(w, "  skipped: %d\n", len(sum.Skipped))
	for _, sk := range sum.Skipped {
		fmt.Fprintf(w, "    %s: %s\n", sk.Path, sk.Reason)
	}
}
