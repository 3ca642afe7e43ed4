// Command synthbench measures recap's search speed on a synthetic corpus,
// side by side with the standard-analyzer baseline:
//
//	go run ./cmd/synthbench -n 100000 -queries 1000
//	go run ./cmd/synthbench -keep /tmp/synth100k   # index once, then re-measure queries
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"runtime/pprof"

	"github.com/recaphq/recap/cmd/internal/synth"
)

func main() {
	n := flag.Int("n", 100000, "number of posts")
	queries := flag.Int("queries", 1000, "number of mixed queries")
	keep := flag.String("keep", "", "build the indexes in this folder and keep them; a later run with the same folder (and -n) searches them without indexing again")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the run to this file")
	flag.Parse()
	if err := run(*n, *queries, *keep, *cpuprofile); err != nil {
		fmt.Fprintln(os.Stderr, "synthbench:", err)
		os.Exit(1)
	}
}

func run(n, queries int, keep, cpuprofile string) error {
	if cpuprofile != "" {
		f, err := os.Create(cpuprofile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	dir := keep
	if dir == "" {
		tmp, err := os.MkdirTemp("", "recap-synthbench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	}
	_, err := synth.Run(context.Background(), os.Stdout, dir, n, queries, keep != "")
	return err
}
