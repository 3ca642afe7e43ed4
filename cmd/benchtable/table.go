package main

import (
	"fmt"
	"io"
	"strings"
	"time"

	"golang.org/x/text/width"
)

// Verdict says whether a figure meets its goal.
type Verdict int

// The verdicts. Unchecked is a figure with no goal, or whose anchor was
// not measured in the run.
const (
	Unchecked Verdict = iota
	Pass
	Fail
)

func (v Verdict) String() string {
	switch v {
	case Pass:
		return "pass"
	case Fail:
		return "FAIL"
	}
	return "—"
}

// verdict is Pass when ok holds, else Fail.
func verdict(ok bool) Verdict {
	if ok {
		return Pass
	}
	return Fail
}

// all is Pass when every verdict is, Fail when one fails, and Unchecked
// when none fails and one is unchecked.
func all(vs ...Verdict) Verdict {
	out := Pass
	for _, v := range vs {
		switch {
		case v == Fail:
			return Fail
		case v == Unchecked:
			out = Unchecked
		}
	}
	return out
}

// Row is one line of the table: a figure, recap's value, the anchor's,
// their ratio, the goal of the issue and whether it is met.
type Row struct {
	Figure, Recap, Anchor, Ratio, Goal string
	OK                                 Verdict
	// Recorded marks a verdict against an anchor that was recorded
	// elsewhere, not measured in the run; its cell says so.
	Recorded bool
}

// ratio is recap's figure over the anchor's; 0 when the anchor is 0.
func ratio(recap, anchor float64) float64 {
	if anchor == 0 {
		return 0
	}
	return recap / anchor
}

// atMost checks a ratio (or figure) against an upper goal; a ratio of 0
// has no anchor and is not checked.
func atMost(r, goal float64) Verdict {
	if r == 0 {
		return Unchecked
	}
	return verdict(r <= goal)
}

// atLeast checks a ratio (or figure) against a lower goal.
func atLeast(r, goal float64) Verdict {
	if r == 0 {
		return Unchecked
	}
	return verdict(r >= goal)
}

// times formats a ratio as 1.23×.
func times(r float64) string {
	if r == 0 {
		return "—"
	}
	return fmt.Sprintf("%.2f×", r)
}

// ms formats a duration in milliseconds, with more digits below 10 ms.
func ms(d time.Duration) string {
	f := float64(d) / float64(time.Millisecond)
	switch {
	case f < 10:
		return fmt.Sprintf("%.2f ms", f)
	case f < 1000:
		return fmt.Sprintf("%.0f ms", f)
	}
	return fmt.Sprintf("%.2f s", d.Seconds())
}

// mib formats bytes in MiB.
func mib(n int64) string { return fmt.Sprintf("%.0f MiB", float64(n)/(1<<20)) }

// mb formats bytes in MB (10^6), as index sizes are given.
func mb(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/1e6) }

// WriteTable writes rows as a table whose columns line up, headed
// figure | recap | anchor | ratio | goal | ok?.
func WriteTable(w io.Writer, rows []Row) error {
	cells := [][]string{{"figure", "recap", "anchor", "ratio", "goal", "ok?"}}
	for _, r := range rows {
		ok := r.OK.String()
		if r.Recorded {
			ok += "*"
		}
		cells = append(cells, []string{r.Figure, r.Recap, r.Anchor, r.Ratio, r.Goal, ok})
	}
	width := make([]int, len(cells[0]))
	for _, row := range cells {
		for i, c := range row {
			width[i] = max(width[i], displayWidth(c))
		}
	}
	var b strings.Builder
	line := func(row []string) {
		for i, c := range row {
			if i > 0 {
				b.WriteString(" | ")
			}
			b.WriteString(c)
			if i < len(row)-1 {
				b.WriteString(strings.Repeat(" ", width[i]-displayWidth(c)))
			}
		}
		b.WriteByte('\n')
	}
	line(cells[0])
	rule := make([]string, len(width))
	for i, n := range width {
		rule[i] = strings.Repeat("-", n)
	}
	line(rule)
	for _, row := range cells[1:] {
		line(row)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// displayWidth is the number of terminal columns s takes: two for each
// wide or full-width character (日本語), one for any other.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}
