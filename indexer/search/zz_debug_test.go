package search

import (
	"context"
	"fmt"
	"os"
	"testing"
)

func TestDebugPlan(t *testing.T) {
	dir := os.Getenv("DBG_INDEX")
	if dir == "" {
		t.Skip()
	}
	ix, err := OpenWith(dir, OpenOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	for _, q := range []string{os.Getenv("DBG_Q")} {
		p, err := ix.Plan(context.Background(), Query{Text: q})
		if err != nil {
			t.Fatal(err)
		}
		fmt.Printf("%q text=%+v excl=%v\n", q, p.Text, p.Exclude)
		for _, u := range p.Units {
			fmt.Printf("  unit %+v\n", u)
		}
		fmt.Println("  tiers", p.tiers())
		r, err := ix.Search(context.Background(), Query{Text: q})
		fmt.Println("  total", r.Total, err, r.Relaxed)
	}
}
