package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"time"

	"github.com/recaphq/recap/cmd/internal/baseline"
	"github.com/recaphq/recap/cmd/internal/measure"
	"github.com/recaphq/recap/cmd/internal/synth"
	"github.com/recaphq/recap/indexer/search"
	"github.com/recaphq/recap/indexer/store"
)

// children are the phases that run in a process of their own, by the
// subcommand that starts them.
var children = map[string]func(ctx context.Context, args []string, log *slog.Logger) error{
	childIndex:         runIndexChild,
	childServeBaseline: runBaselineServer,
}

const (
	childIndex         = "child-index"
	childServeBaseline = "child-serve-baseline"
)

// The systems an indexing child builds. prep builds nothing: it makes the
// same documents in the same batches, so that its CPU time is what the
// other two spend before indexing, and is taken off theirs.
const (
	systemRecap    = "recap"
	systemBaseline = "baseline"
	systemPrep     = "prep"
)

// runIndexChild indexes the synthetic posts into one system's index, in
// batches of the text size recap's store writes at once (store.BatchBytes),
// the same batches for both systems. recap's index is written through its
// store, as `recap index` writes one, so that `recap serve` opens it.
func runIndexChild(ctx context.Context, args []string, _ *slog.Logger) error {
	fs := flag.NewFlagSet(childIndex, flag.ContinueOnError)
	system := fs.String("system", "", "recap, baseline or prep")
	n := fs.Int("n", 0, "posts")
	dir := fs.String("dir", "", "index folder to create")
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch *system {
	case systemPrep:
		_, err := synthBatches(*n, func([]search.Doc) error { return nil })
		return err
	case systemBaseline:
		bx, err := baseline.Create(*dir)
		if err != nil {
			return err
		}
		last, err := synthBatches(*n, bx.Apply)
		if err == nil && len(last) > 0 {
			err = bx.Apply(last)
		}
		return errors.Join(err, bx.Close())
	case systemRecap:
		st, err := store.Open(ctx, *dir, store.Options{Who: "benchtable"})
		if err != nil {
			return err
		}
		err = st.Rebuild(ctx, func(_ context.Context, put func([]search.Doc) error) (*store.Change, error) {
			last, err := synthBatches(*n, put)
			if err != nil {
				return nil, err
			}
			return &store.Change{Docs: last, Manifest: store.NewManifest()}, nil
		})
		return errors.Join(err, st.Close())
	}
	return fmt.Errorf("%s: unknown system %q", childIndex, *system)
}

// synthBatches makes the documents of n synthetic posts and puts them in
// batches of at most store.BatchBytes of text; it returns the last batch,
// which it does not put.
func synthBatches(n int, put func([]search.Doc) error) ([]search.Doc, error) {
	g := synth.New(1)
	var batch []search.Doc
	size := 0
	for i := range n {
		docs, err := search.Documents(g.Post(i))
		if err != nil {
			return nil, err
		}
		for _, d := range docs {
			b := store.DocBytes(d)
			if size > 0 && size+b > store.BatchBytes {
				if err := put(batch); err != nil {
					return nil, err
				}
				batch, size = nil, 0
			}
			batch = append(batch, d)
			size += b
		}
	}
	return batch, nil
}

// runBaselineServer serves a baseline index with baseline.Handler until
// ctx is done: the anchor of the serving figures.
func runBaselineServer(ctx context.Context, args []string, log *slog.Logger) error {
	fs := flag.NewFlagSet(childServeBaseline, flag.ContinueOnError)
	dir := fs.String("index", "", "baseline index folder")
	addr := fs.String("addr", "", "address to listen on")
	if err := fs.Parse(args); err != nil {
		return err
	}
	bx, err := baseline.Open(*dir)
	if err != nil {
		return err
	}
	defer bx.Close()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: baseline.Handler(bx, log), ReadHeaderTimeout: 10 * time.Second}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err = srv.Shutdown(shut)
	<-done
	return err
}

// runChild runs this command again with args and returns what the child
// used. Its output goes to w.
func runChild(ctx context.Context, w io.Writer, args ...string) (measure.Usage, error) {
	exe, err := os.Executable()
	if err != nil {
		return measure.Usage{}, err
	}
	cmd := exec.CommandContext(ctx, exe, args...)
	cmd.Stdout, cmd.Stderr = w, w
	if err := cmd.Run(); err != nil {
		return measure.Usage{}, fmt.Errorf("%v: %w", args, err)
	}
	return measure.OfProcess(cmd.ProcessState)
}
