package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"

	"golang.org/x/sys/unix"

	"github.com/recaphq/recap/cmd/internal/measure"
	"github.com/recaphq/recap/cmd/internal/synth"
)

// onlyMemory is the -only value that measures the serving-memory figure
// alone.
const onlyMemory = "memory"

// memoryRow is the serving-memory figure: the resident memory of each
// server after the same queries, recap's beside the baseline's.
func memoryRow(posts, queries int, r, b measure.Memory) Row {
	x := ratio(float64(r.RSS), float64(b.RSS))
	return Row{
		Figure: fmt.Sprintf("`recap serve` RSS after %d queries, %d posts", queries, posts),
		Recap:  fmt.Sprintf("%s (peak %s)", mib(r.RSS), mib(r.Peak)),
		Anchor: fmt.Sprintf("%s (peak %s)", mib(b.RSS), mib(b.Peak)),
		Ratio:  times(x),
		Goal:   "≤ 1.5×",
		OK:     atMost(x, 1.5),
	}
}

// memoryOnly measures the serving-memory figure alone, cfg.Rounds times:
// in each round both servers start afresh over the same indexes, the
// queries go to one then the other (which one first alternates), and
// their memory is read; the table shows the round of the median ratio,
// and each round is logged with what its memory is made of (anonymous:
// the heap; file-backed: the program and the mmapped index). The indexes
// are cfg.RecapIndex and cfg.BaseIndex when given, else built once by
// the indexing children.
func memoryOnly(ctx context.Context, cfg Config, stdout, stderr io.Writer, log *slog.Logger) error {
	ws, err := newWorkspace(cfg)
	if err != nil {
		return err
	}
	defer ws.done()
	dir, recapBin, exe := ws.dir, ws.recap, ws.self
	recapDir, baseDir := cfg.RecapIndex, cfg.BaseIndex
	if recapDir == "" {
		log.Info("indexing", "posts", cfg.Posts)
		one := cfg
		one.Rounds = 1
		ix, err := indexRounds(ctx, one, dir, stderr)
		if err != nil {
			return err
		}
		recapDir, baseDir = ix.recapDir, ix.baseDir
	}
	serveLog, err := openLog(filepath.Join(dir, "serve.log"))
	if err != nil {
		return err
	}
	defer serveLog.Close()
	queries := synth.New(1).Queries(cfg.Queries)
	var rounds []memoryRound
	for i := range cfg.Rounds {
		r, b, err := serveRound(ctx, recapBin, exe, recapDir, baseDir, queries, i%2 == 1, serveLog)
		if err != nil {
			return err
		}
		log.Info("serving memory", "round", i+1, "ratio", times(ratio(float64(r.RSS), float64(b.RSS))),
			"recap", r.String(), "baseline", b.String())
		rounds = append(rounds, memoryRound{r, b})
	}
	pick := medianRound(rounds)
	fmt.Fprintf(stdout, "\nserving memory only (commit %s): %d synthetic posts, %d queries, median of %d rounds\n\n", commit(ctx), cfg.Posts, len(queries), cfg.Rounds)
	return WriteTable(stdout, []Row{memoryRow(cfg.Posts, len(queries), pick.recap, pick.base)})
}

// serveRound starts recap and the baseline over their indexes, sends each
// the queries, the baseline first when baseFirst is set, reads their
// memory and stops them.
func serveRound(ctx context.Context, recapBin, exe, recapDir, baseDir string, queries []string, baseFirst bool, log io.Writer) (r, b measure.Memory, err error) {
	// A server's mapped index pages count in its RSS when they are in the
	// page cache, and the kernel maps the cached pages around each one
	// read, as many as the cache holds together: what a server counts
	// depends on how its files came into the cache (written, merged, read
	// ahead). Both indexes are dropped from the cache and read again
	// first, so that they come in the same way.
	for _, dir := range []string{recapDir, baseDir} {
		if err := recache(dir); err != nil {
			return r, b, err
		}
	}
	rs, err := startServer("recap", recapBin, func(addr string) []string {
		return []string{"serve", "--index", recapDir, "--addr", addr}
	}, log)
	if err != nil {
		return r, b, err
	}
	defer rs.stop()
	bs, err := startServer("baseline", exe, func(addr string) []string {
		return []string{childServeBaseline, "-index", baseDir, "-addr", addr}
	}, log)
	if err != nil {
		return r, b, err
	}
	defer bs.stop()
	if err := errors.Join(rs.waitReady(ctx), bs.waitReady(ctx)); err != nil {
		return r, b, err
	}
	order := []struct {
		s   *server
		out *measure.Memory
	}{{rs, &r}, {bs, &b}}
	if baseFirst {
		order[0], order[1] = order[1], order[0]
	}
	for _, o := range order {
		if *o.out, err = o.s.memoryAfter(ctx, queries); err != nil {
			return r, b, err
		}
	}
	return r, b, nil
}

// memoryRound is the memory of both servers in one round.
type memoryRound struct{ recap, base measure.Memory }

// ratio is recap's resident memory over the baseline's.
func (r memoryRound) ratio() float64 { return ratio(float64(r.recap.RSS), float64(r.base.RSS)) }

// medianRound returns the round of the median ratio, the lower of the two
// middle ones when there are an even number; the zero round for none.
func medianRound(rounds []memoryRound) memoryRound {
	if len(rounds) == 0 {
		return memoryRound{}
	}
	s := slices.Clone(rounds)
	slices.SortStableFunc(s, func(a, b memoryRound) int { return cmp.Compare(a.ratio(), b.ratio()) })
	return s[(len(s)-1)/2]
}

// recache drops every file under dir from the page cache and reads it
// again.
func recache(dir string) error {
	return filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := unix.Fadvise(int(f.Fd()), 0, 0, unix.FADV_DONTNEED); err != nil {
			return fmt.Errorf("drop %s from the page cache: %w", path, err)
		}
		_, err = io.Copy(io.Discard, f)
		return err
	})
}
