package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"

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
	Full  bool
	Wait  time.Duration
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
	fs := newFlagSet("index", "index [--data DIR] [--index DIR] [--full] [--wait DURATION]", s)
	fs.StringVar(&cfg.Data, "data", cfg.Data, "folder of posts to index (env RECAP_DATA)")
	fs.StringVar(&cfg.Index, "index", cfg.Index, "index folder (env RECAP_INDEX)")
	fs.BoolVar(&cfg.Full, "full", false, "rebuild the index from nothing instead of updating it")
	fs.DurationVar(&cfg.Wait, "wait", 0, "when another run or a re-indexing server holds the index, wait this long before failing")
	if err := parseConfig(fs, args, &cfg); err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(s.err, nil))
	prog := newProgress(s.err, log)
	sum, err := indexer.Run(ctx, indexer.Options{
		DataDir:  cfg.Data,
		IndexDir: cfg.Index,
		Logger:   log,
		Full:     cfg.Full,
		LockWait: cfg.Wait,
		Progress: prog.update,
	})
	prog.finish()
	if err != nil {
		return err
	}
	printSummary(s.out, cfg, sum)
	return nil
}

// progress shows how a run goes: a bar on a terminal, where people watch,
// and otherwise a log line every few seconds, which logs can keep.
type progress struct {
	bar  *progressbar.ProgressBar
	log  *slog.Logger
	w    io.Writer
	now  func() time.Time
	last time.Time // when the last line was logged
}

func newProgress(w io.Writer, log *slog.Logger) *progress {
	return &progress{w: w, log: log, now: time.Now}
}

// progressEvery is how often a run that is not on a terminal logs how far
// it is: often enough that a slow run is not mistaken for a hung one.
const progressEvery = 2 * time.Second

func (p *progress) update(done, total int) {
	if f, ok := p.w.(*os.File); ok && isTerminal(f) {
		if p.bar == nil {
			p.bar = progressbar.NewOptions(total,
				progressbar.OptionSetWriter(f),
				progressbar.OptionSetDescription("indexing"),
				progressbar.OptionShowCount(),
				progressbar.OptionShowIts(),
				progressbar.OptionSetItsString("files"),
				progressbar.OptionSetPredictTime(true),
				progressbar.OptionThrottle(100*time.Millisecond),
				progressbar.OptionClearOnFinish(),
			)
		}
		_ = p.bar.Set(done)
		return
	}
	now := p.now()
	if p.last.IsZero() {
		p.last = now // the first line after progressEvery, not at once
		return
	}
	if now.Sub(p.last) >= progressEvery && done < total {
		p.last = now
		p.log.Info("indexing", "done", done, "total", total)
	}
}

func (p *progress) finish() {
	if p.bar != nil {
		_ = p.bar.Finish()
	}
}

func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

func printSummary(w io.Writer, cfg indexConfig, sum *indexer.Summary) {
	var langs []string
	for l, n := range sum.ByLang {
		langs = append(langs, fmt.Sprintf("%s %d", l, n))
	}
	sort.Strings(langs)
	kind := "incremental run"
	if sum.Full {
		kind = "full build"
	}
	fmt.Fprintf(w, "%s of %s into %s: %d posts indexed\n", kind, cfg.Data, cfg.Index, sum.Files)
	fmt.Fprintf(w, "  added: %d, updated: %d, removed: %d, unchanged: %d, failed: %d, time: %s\n",
		sum.Added, sum.Updated, sum.Removed, sum.Unchanged, len(sum.Skipped), sum.Took.Round(time.Millisecond))
	if len(langs) > 0 {
		fmt.Fprintf(w, "  by language: %s\n", strings.Join(langs, ", "))
	}
	if sum.Posts > 0 {
		fmt.Fprintf(w, "  talks written: %d\n", sum.Talks)
		fmt.Fprintf(w, "  encoding repaired: %d files, %d characters\n", sum.RepairedFiles, sum.RepairedChars)
		repaired := slices.Sorted(slices.Values(sum.Repaired))
		for _, p := range repaired {
			fmt.Fprintf(w, "    %s\n", p)
		}
	}
	if len(sum.Skipped) > 0 {
		fmt.Fprintf(w, "  failed:\n")
	}
	for _, sk := range sum.Skipped {
		fmt.Fprintf(w, "    %s: %s\n", sk.Path, sk.Reason)
	}
}
