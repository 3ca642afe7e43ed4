package textfix

import (
	"fmt"
	"io"
	"sort"
	"strings"
)

// kindOrder is the order in which WriteTo lists the kinds.
var kindOrder = []Kind{KindDecode, KindMojibake, KindLostByte, KindInvalid, KindNormalise, KindNewline}

// Ambiguous counts the restorations whose chosen word had a probability
// below 0.9.
func (r Report) Ambiguous() int {
	n := 0
	for _, x := range r.Restorations {
		if x.Confidence < 0.9 {
			n++
		}
	}
	return n
}

// WriteTo writes the report for a person: the encoding, the characters
// changed by kind, and every restored word with its candidates.
func (r Report) WriteTo(w io.Writer) (int64, error) {
	var b strings.Builder
	if r.Binary {
		fmt.Fprintf(&b, "encoding: none: %v\n", ErrBinary)
		n, err := io.WriteString(w, b.String())
		return int64(n), err
	}
	fmt.Fprintf(&b, "encoding: %s", r.Encoding)
	if r.Mojibake != "" {
		fmt.Fprintf(&b, "; mojibake through %s", r.Mojibake)
	}
	fmt.Fprintf(&b, "\nchanged: %d characters\n", r.Chars())
	kinds := append([]Kind(nil), kindOrder...)
	for k := range r.Counts {
		known := false
		for _, o := range kindOrder {
			known = known || o == k
		}
		if !known {
			kinds = append(kinds, k)
		}
	}
	sort.SliceStable(kinds[len(kindOrder):], func(i, j int) bool { return kinds[len(kindOrder)+i] < kinds[len(kindOrder)+j] })
	for _, k := range kinds {
		if n := r.Counts[k]; n > 0 {
			fmt.Fprintf(&b, "  %-10s %d\n", k, n)
		}
	}
	if len(r.Restorations) > 0 {
		fmt.Fprintf(&b, "restored words: %d (%d unsure)\n", len(r.Restorations), r.Ambiguous())
		for _, x := range r.Restorations {
			fmt.Fprintf(&b, "  line %d: %s → %s  %.2f [", x.Line, x.Damaged, x.Word, x.Confidence)
			for i, c := range x.Candidates {
				if i > 0 {
					b.WriteString(", ")
				}
				fmt.Fprintf(&b, "%s %.2f", c.Text, c.P)
			}
			b.WriteString("]\n")
			if x.Confidence < 0.9 && x.Context != "" {
				fmt.Fprintf(&b, "    unsure, in: %s\n", x.Context)
			}
		}
	}
	if r.Unresolved > 0 {
		fmt.Fprintf(&b, "left as found: %d damaged sequences with no single fitting character\n", r.Unresolved)
	}
	n, err := io.WriteString(w, b.String())
	return int64(n), err
}
