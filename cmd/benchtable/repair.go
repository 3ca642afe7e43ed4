package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/recaphq/recap/cmd/internal/measure"
	"github.com/recaphq/recap/indexer/textfix"
)

// repairSize is the size of the repair inputs, as in issue 14.
const repairSize = 2 << 20

// viCorpus returns the Vietnamese posts of the shared corpus, as published,
// one after another in the order of their names.
func viCorpus(shared string) ([]byte, error) {
	names, err := filepath.Glob(filepath.Join(shared, "corpus", "vi", "*.md"))
	if err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("no Vietnamese posts in %s/corpus/vi", shared)
	}
	sort.Strings(names)
	var b bytes.Buffer
	for _, n := range names {
		p, err := os.ReadFile(n)
		if err != nil {
			return nil, err
		}
		b.Write(p)
		if len(p) > 0 && p[len(p)-1] != '\n' {
			b.WriteByte('\n')
		}
	}
	return b.Bytes(), nil
}

// repeatTo repeats unit to n bytes, cut at the last line end before n so
// that the input stays whole UTF-8.
func repeatTo(unit []byte, n int) []byte {
	b := bytes.Repeat(unit, n/len(unit)+1)[:n]
	if i := bytes.LastIndexByte(b, '\n'); i >= 0 {
		b = b[:i+1]
	}
	return b
}

// cleanText is text that repair leaves as it is: NFC with LF line ends.
func cleanText(b []byte) []byte {
	return norm.NFC.Bytes(bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n")))
}

// nonNFCLines counts the lines of b that are not in NFC.
func nonNFCLines(b []byte) int {
	n := 0
	for line := range bytes.Lines(b) {
		if !norm.NFC.IsNormal(line) {
			n++
		}
	}
	return n
}

// processRate is the rate of a whole process that reads a file on its
// standard input, in MB/s of wall time and MB per second of its CPU time
// (user+sys, which a machine shared with other work inflates less), each
// the median of runs after one untimed, and whether its output was the
// input unchanged.
type processRate struct {
	MBps, CPUMBps float64
	Identical     bool
}

// runProcessRate times prog args < in > /dev/null.
func runProcessRate(ctx context.Context, in []byte, dir string, runs int, prog string, args ...string) (processRate, error) {
	path := filepath.Join(dir, "repair-input.txt")
	if err := os.WriteFile(path, in, 0o644); err != nil {
		return processRate{}, err
	}
	once := func(out *bytes.Buffer) (wall, cpu time.Duration, err error) {
		f, err := os.Open(path)
		if err != nil {
			return 0, 0, err
		}
		defer f.Close()
		cmd := exec.CommandContext(ctx, prog, args...)
		cmd.Stdin = f
		if out != nil {
			cmd.Stdout = out
		} else {
			null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
			if err != nil {
				return 0, 0, err
			}
			defer null.Close()
			cmd.Stdout = null
		}
		start := time.Now()
		if err := cmd.Run(); err != nil {
			return 0, 0, fmt.Errorf("%s %v: %w", prog, args, err)
		}
		wall = time.Since(start)
		u, err := measure.OfProcess(cmd.ProcessState)
		return wall, u.CPU, err
	}
	var out bytes.Buffer
	if _, _, err := once(&out); err != nil {
		return processRate{}, err
	}
	walls, cpus := make([]time.Duration, runs), make([]time.Duration, runs)
	for i := range walls {
		w, c, err := once(nil)
		if err != nil {
			return processRate{}, err
		}
		walls[i], cpus[i] = w, c
	}
	return processRate{
		MBps:      mbps(len(in), median(walls)),
		CPUMBps:   mbps(len(in), median(cpus)),
		Identical: bytes.Equal(out.Bytes(), in),
	}, nil
}

// inProcess is the in-process rate of textfix.Repair and of utf8.Valid on
// the same bytes, in MB/s.
type inProcess struct {
	Repair, Valid float64
}

// runInProcess times Repair and utf8.Valid on in, interleaved in rounds
// of at least 200 ms each, and takes the median of each.
func runInProcess(in []byte, rounds int) inProcess {
	timeIt := func(f func()) time.Duration {
		n := 0
		start := time.Now()
		for time.Since(start) < 200*time.Millisecond || n == 0 {
			f()
			n++
		}
		return time.Since(start) / time.Duration(n)
	}
	var rep, val []time.Duration
	for range rounds {
		rep = append(rep, timeIt(func() { textfix.Repair(in) }))
		val = append(val, timeIt(func() { utf8.Valid(in) }))
	}
	return inProcess{Repair: mbps(len(in), median(rep)), Valid: mbps(len(in), median(val))}
}

// mbps is n bytes in d as MB (10^6 bytes) per second.
func mbps(n int, d time.Duration) float64 {
	if d <= 0 {
		return 0
	}
	return float64(n) / 1e6 / d.Seconds()
}

// median returns the median of ds, the lower of the middle two.
func median[T int64 | time.Duration | float64](ds []T) T {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[(len(s)-1)/2]
}
