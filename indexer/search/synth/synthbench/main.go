// Command synthbench measures recap's search speed on a synthetic corpus,
// side by side with the standard-analyzer baseline:
//
//	go run ./indexer/search/synth/synthbench -n 100000 -queries 1000
package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/recaphq/recap/indexer/search/synth"
)

func main() {
	n := flag.Int("n", 100000, "number of posts")
	queries := flag.Int("queries", 1000, "number of mixed queries")
	flag.Parse()
	dir, err := os.MkdirTemp("", "recap-synthbench-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "synthbench:", err)
		os.Exit(1)
	}
	defer os.RemoveAll(dir)
	if _, err := synth.Run(context.Background(), os.Stdout, dir, *n, *queries); err != nil {
		fmt.Fprintln(os.Stderr, "synthbench:", err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
}
