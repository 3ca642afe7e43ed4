// Command recap indexes tech-meetup recap posts and serves search over them.
//
//	recap index   [--data DIR] [--index DIR] [--full] [--wait DURATION]
//	recap serve   [--index DIR] [--data DIR] [--watch] [--addr HOST:PORT]
//	recap search  [--index DIR] [--lang L] [--tag T] [--topic T] [--year Y] [--type T] QUERY
//	recap repair  [--report] [FILE...]
//
// main only wires: flags and environment become a configuration, which the
// indexer and the server receive explicitly.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], stdio{os.Stdin, os.Stdout, os.Stderr}, os.Getenv)
	stop()
	switch {
	case err == nil:
	case errors.Is(err, flag.ErrHelp):
	case errors.Is(err, errUsage):
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, "recap:", err)
		os.Exit(1)
	}
}

// stdio are the streams a command reads and writes.
type stdio struct {
	in       io.Reader
	out, err io.Writer
}

// errUsage is returned after a usage message was printed.
var errUsage = errors.New("usage")

// command is one subcommand of recap.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, io stdio, getenv func(string) string) error
}

func commands() []command {
	return []command{
		{"index", "index the posts of a data folder", runIndex},
		{"serve", "serve search over an index on HTTP", runServe},
		{"search", "search an index from the terminal", runSearch},
		{"repair", "repair the text encoding of files (or standard input)", func(ctx context.Context, args []string, s stdio, _ func(string) string) error {
			return runRepair(ctx, args, s.in, s.out, s.err)
		}},
	}
}

// run dispatches to the subcommand named by args[0].
func run(ctx context.Context, args []string, s stdio, getenv func(string) string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(s.err)
		if len(args) == 0 {
			return errUsage
		}
		return nil
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(ctx, args[1:], s, getenv)
		}
	}
	fmt.Fprintf(s.err, "recap: unknown command %q\n\n", args[0])
	usage(s.err)
	return errUsage
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "recap: a searchable knowledge base of tech-meetup recaps.")
	fmt.Fprintln(w, "\nUsage: recap COMMAND [flags]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'recap COMMAND --help' for a command's flags.")
}

// newFlagSet returns a flag set that prints its usage with a synopsis to
// stderr and returns errors instead of exiting.
func newFlagSet(name, synopsis string, s stdio) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(s.err)
	fs.Usage = func() {
		fmt.Fprintf(s.err, "Usage: recap %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parseConfig parses the flags of a command that takes no arguments into
// the config the flags point into, then validates it; cfg must be a pointer
// to that config, so that it is validated as parsed.
func parseConfig(fs *flag.FlagSet, args []string, cfg interface{ Validate() error }) error {
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%s: unexpected argument %q", fs.Name(), fs.Arg(0))
	}
	return cfg.Validate()
}

// envOr returns the environment variable key, or def when it is unset.
func envOr(getenv func(string) string, key, def string) string {
	if v := getenv(key); v != "" {
		return v
	}
	return def
}
