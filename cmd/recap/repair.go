package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/recaphq/recap/indexer/textfix"
)

const repairUsage = `Usage: recap repair [--report] [FILE...]

Repair repairs the text encoding of recap posts: it decodes legacy
encodings (UTF-16/32 with a byte-order mark, Shift_JIS, EUC-JP,
ISO-2022-JP, Windows-1258, Windows-1252, Latin-1), rebuilds mojibake
(UTF-8 read as Windows-1252/1254 or Latin-1, one layer or two; UTF-8
Japanese read as CP932), restores characters whose bytes were lost,
and writes NFC text with LF line endings. Clean UTF-8 comes out
byte-identical.

Each FILE is repaired to standard output, in the order given; with no
FILE, standard input is. A file that cannot be read, or that is binary
(no text in any of these encodings), is reported and skipped, and the
command then fails.

Flags:
`

// runRepair implements `recap repair`.
func runRepair(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSetHelp("repair", repairUsage, stdio{stdin, stdout, stderr})
	report := fs.Bool("report", false, "write to standard error what was changed: the encoding, characters changed by kind, every restored word with its candidates and confidence")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		b, err := io.ReadAll(stdin)
		if err != nil {
			return fmt.Errorf("repair: read standard input: %w", err)
		}
		return repairOne("", b, *report, stdout, stderr)
	}
	var errs []error
	for _, name := range fs.Args() {
		if err := ctx.Err(); err != nil {
			return err
		}
		b, err := os.ReadFile(name)
		if err != nil {
			errs = append(errs, fmt.Errorf("repair %s: %w", name, err))
			continue
		}
		if err := repairOne(name, b, *report, stdout, stderr); err != nil {
			if errors.Is(err, textfix.ErrBinary) {
				errs = append(errs, err)
				continue
			}
			return err
		}
	}
	// Each failure is told once, by main, which prints the error; the
	// repairs of the other files are on standard output by then.
	return errors.Join(errs...)
}

// repairOne writes the repair of b to stdout and, if asked, its report
// to stderr under the file's name. Binary input writes nothing and fails
// with textfix.ErrBinary, wrapped with the file's name.
func repairOne(name string, b []byte, report bool, stdout, stderr io.Writer) error {
	// WriteRepair writes clean text from b itself: no copy of a big
	// file is made, which spares the process a garbage collection.
	rep, err := textfix.WriteRepair(stdout, b)
	if rep.Binary {
		if name == "" {
			name = "standard input"
		}
		return fmt.Errorf("repair %s: %w", name, textfix.ErrBinary)
	}
	if err != nil {
		return fmt.Errorf("repair: write output: %w", err)
	}
	if report {
		if name != "" {
			fmt.Fprintf(stderr, "== %s\n", name)
		}
		if _, err := rep.WriteTo(stderr); err != nil {
			return fmt.Errorf("repair: write report: %w", err)
		}
	}
	return nil
}
