// Command benchtable measures the figures of recap's speed targets (issue
// 14) in one run and prints them as one table, recap beside its anchor
// measured in the same run, with the ratio, the goal and whether it is met:
//
//	go build -o bin/recap ./cmd/recap
//	go run ./cmd/benchtable -posts 2000 -recap bin/recap
//
// Indexing is measured in child processes of its own (this command run
// again with a child- subcommand), recap's and the baseline's interleaved,
// so that the CPU time and peak memory of each are its own; the servers
// are `recap serve` and a minimal Go server over the baseline index, both
// on loopback. `make bench` runs it as its last step; it prints, and fails
// only when a measurement cannot be made, not when a goal is missed.
//
// One figure can be measured alone, more quickly and more often: -only
// memory serves the same indexes -rounds times, each round with both
// servers started afresh, and logs what each one's memory is made of:
//
//	go run ./cmd/benchtable -only memory -posts 10000 -rounds 3 \
//		-recap-index DIR -baseline-index DIR
//
// where the two folders were built by `benchtable child-index -system
// recap` and `-system baseline` (or kept by -keep); without them the two
// indexes are built first.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"syscall"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr, os.Getenv)
	stop()
	if err != nil && !errors.Is(err, flag.ErrHelp) {
		slog.New(slog.NewTextHandler(os.Stderr, nil)).Error("benchtable", "err", err)
		os.Exit(1)
	}
}

// Config is the configuration of a table run.
type Config struct {
	// Posts is the size of the synthetic corpus (BENCH_POSTS).
	Posts int
	// Queries is the number of mixed queries timed in process (of the
	// prefix and typo queries, a fifth as many each), and sent to each
	// server before its memory is read.
	Queries int
	// Rounds is how many times each indexing child runs, or with Only
	// the serving rounds; the table shows the median.
	Rounds int
	// LoadDuration bounds each load run (one system, one number of
	// connections); LoadTimeout bounds each of its requests, as wrk's
	// default of 2 s does.
	LoadDuration, LoadTimeout time.Duration
	// Recap is the recap binary to serve and repair with.
	Recap string
	// Data is the repository's data folder, Shared the ../shared folder
	// with the corpus and seeds.
	Data, Shared string
	// Keep, when set, is the folder the indexes are built in and kept;
	// otherwise a temporary one is removed at the end.
	Keep string
	// Only, when set, names the one figure to measure: onlyMemory is the
	// serving memory, Rounds times.
	Only string
	// RecapIndex and BaseIndex, with Only, are indexes of Posts synthetic
	// posts built before (kept by -keep, or by the indexing children) to
	// serve rather than build again.
	RecapIndex, BaseIndex string
}

// defaultConfig is the configuration before flags and environment.
func defaultConfig() Config {
	return Config{
		Posts:        2000,
		Queries:      1000,
		Rounds:       1,
		LoadDuration: 5 * time.Second,
		LoadTimeout:  2 * time.Second,
		Recap:        "bin/recap",
		Data:         "data",
		Shared:       "../shared",
	}
}

// Validate reports a configuration that cannot run.
func (c Config) Validate() error {
	switch {
	case c.Posts < 1:
		return fmt.Errorf("posts %d: want at least 1", c.Posts)
	case c.Queries < 10:
		return fmt.Errorf("queries %d: want at least 10", c.Queries)
	case c.Rounds < 1:
		return fmt.Errorf("rounds %d: want at least 1", c.Rounds)
	case c.LoadDuration <= 0 || c.LoadTimeout <= 0:
		return fmt.Errorf("load duration %v and timeout %v: must be positive", c.LoadDuration, c.LoadTimeout)
	}
	switch {
	case c.Only != "" && c.Only != onlyMemory:
		return fmt.Errorf("only %q: want %q or nothing", c.Only, onlyMemory)
	case (c.RecapIndex == "") != (c.BaseIndex == ""):
		return errors.New("recap-index and baseline-index: give both or neither")
	case c.RecapIndex != "" && c.Only == "":
		return errors.New("recap-index and baseline-index: only with -only")
	}
	for _, p := range []string{c.RecapIndex, c.BaseIndex} {
		if p == "" {
			continue
		}
		if _, err := os.Stat(p); err != nil {
			return fmt.Errorf("index to serve: %w", err)
		}
	}
	if c.Only != "" {
		if _, err := os.Stat(c.Recap); err != nil {
			return fmt.Errorf("benchtable needs %s: %w", c.Recap, err)
		}
		return nil
	}
	for _, p := range []string{c.Recap, c.Data, filepath.Join(c.Shared, "corpus"), filepath.Join(c.Shared, "seeds")} {
		if _, err := os.Stat(p); err != nil {
			return fmt.Errorf("benchtable needs %s: %w", p, err)
		}
	}
	return nil
}

// run dispatches: a child- subcommand is one measured phase in a process
// of its own; anything else is the table run.
func run(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	log := slog.New(slog.NewTextHandler(stderr, nil))
	if len(args) > 0 {
		if child, ok := children[args[0]]; ok {
			return child(ctx, args[1:], log)
		}
	}
	cfg := defaultConfig()
	if v := getenv("BENCH_POSTS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return fmt.Errorf("BENCH_POSTS=%q: %w", v, err)
		}
		cfg.Posts = n
	}
	fs := flag.NewFlagSet("benchtable", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.IntVar(&cfg.Posts, "posts", cfg.Posts, "synthetic posts to index, search and serve (env BENCH_POSTS)")
	fs.IntVar(&cfg.Queries, "queries", cfg.Queries, "mixed queries to time in process (prefix and typo queries: a fifth as many each), and to send each server before its memory is read")
	fs.IntVar(&cfg.Rounds, "rounds", cfg.Rounds, "indexing runs of each system, interleaved; the table shows the median (with -only memory: serving rounds)")
	fs.DurationVar(&cfg.LoadDuration, "load-duration", cfg.LoadDuration, "length of each load run")
	fs.DurationVar(&cfg.LoadTimeout, "load-timeout", cfg.LoadTimeout, "longest wait for one answer under load before it counts as a timeout")
	fs.StringVar(&cfg.Recap, "recap", cfg.Recap, "recap binary to serve and repair with")
	fs.StringVar(&cfg.Data, "data", cfg.Data, "the repository's data folder")
	fs.StringVar(&cfg.Shared, "shared", cfg.Shared, "the shared folder with corpus/ and seeds/")
	fs.StringVar(&cfg.Keep, "keep", "", "build the indexes in this folder and keep them")
	fs.StringVar(&cfg.Only, "only", "", "measure one figure alone: memory, the serving memory, -rounds times with both servers started afresh each round")
	fs.StringVar(&cfg.RecapIndex, "recap-index", "", "with -only: serve this recap index of -posts synthetic posts (a store folder) rather than build one")
	fs.StringVar(&cfg.BaseIndex, "baseline-index", "", "with -only: serve this baseline index of the same posts rather than build one")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if err := cfg.Validate(); err != nil {
		return err
	}
	if cfg.Only == onlyMemory {
		return memoryOnly(ctx, cfg, stdout, stderr, log)
	}
	return bench(ctx, cfg, stdout, stderr, log)
}
