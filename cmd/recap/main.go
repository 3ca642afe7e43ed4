// Command recap indexes tech-meetup recap posts and serves search over them.
//
//	recap index   [--data DIR] [--index DIR] [--full] [--wait DURATION]
//	recap serve   [--index DIR] [--data DIR] [--watch] [--addr HOST:PORT]
//	recap search  [--index DIR] [--lang L] [--tag T] [--topic T] [--year Y] [--type T] QUERY
//	recap repair  [--report] [FILE...]
//	recap version
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
	"runtime/debug"
	"strings"
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
		// A joined error (several files failed) prints one line each.
		for _, line := range strings.Split(err.Error(), "\n") {
			fmt.Fprintln(os.Stderr, "recap:", line)
		}
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
		{"version", "print the version of recap", func(_ context.Context, args []string, s stdio, _ func(string) string) error {
			if len(args) > 0 {
				return fmt.Errorf("version: unexpected argument %q", args[0])
			}
			fmt.Fprintln(s.out, "recap", version())
			return nil
		}},
	}
}

// buildVersion is set at link time (-ldflags "-X main.buildVersion=v1.2.0");
// without it, version reads what the go command recorded in the binary.
var buildVersion string

// version names the build: the linked-in version, else the module version
// of a go install, else the commit it was built from.
func version() string {
	if buildVersion != "" {
		return buildVersion
	}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	var rev, modified string
	for _, st := range bi.Settings {
		switch st.Key {
		case "vcs.revision":
			rev = st.Value
		case "vcs.modified":
			if st.Value == "true" {
				modified = "+dirty"
			}
		}
	}
	if rev == "" {
		return "devel"
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	return "devel-" + rev + modified
}

// run dispatches to the subcommand named by args[0].
func run(ctx context.Context, args []string, s stdio, getenv func(string) string) error {
	if len(args) == 0 {
		usage(s.err)
		return errUsage
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		// Asked for, help is the output: it goes to standard output, so
		// that recap --help | less works.
		usage(s.out)
		return nil
	case "-version", "--version":
		args = []string{"version"}
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

// newFlagSet returns a flag set that prints its usage with a synopsis and
// returns errors instead of exiting. Help asked for with -h or --help is
// the command's output and goes to standard output, so that it can be
// paged; the usage printed after a mistake follows the mistake to
// standard error.
func newFlagSet(name, synopsis string, s stdio) *flag.FlagSet {
	return newFlagSetHelp(name, "Usage: recap "+synopsis+"\n\nFlags:\n", s)
}

// newFlagSetHelp is newFlagSet with the whole text that comes before the
// list of flags.
func newFlagSetHelp(name, help string, s stdio) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	errs := &flagErrors{w: s.err}
	fs.SetOutput(errs)
	fs.Usage = func() {
		w := s.out
		if errs.wrote {
			w = s.err
		}
		fmt.Fprint(w, help)
		fs.SetOutput(w)
		fs.PrintDefaults()
		fs.SetOutput(errs)
	}
	return fs
}

// flagErrors is the output of a flag set, where the flag package writes a
// mistake just before it calls Usage; for -h it calls Usage with nothing
// written.
type flagErrors struct {
	w     io.Writer
	wrote bool
}

func (f *flagErrors) Write(p []byte) (int, error) {
	f.wrote = true
	return f.w.Write(p)
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
