package main

import (
	"strings"
	"testing"
	"time"
)

func TestWriteTable(t *testing.T) {
	tests := []struct {
		name string
		rows []Row
		want string
	}{
		{"header only", nil, "" +
			"figure | recap | anchor | ratio | goal | ok?\n" +
			"------ | ----- | ------ | ----- | ---- | ---\n"},
		{"columns line up, wide characters take two columns", []Row{
			{Figure: "start → first 日本語 answer", Recap: "1.2 s", Anchor: "0.1 s", Ratio: "12.00×", Goal: "≤ 0.3 s", OK: Fail},
			{Figure: "size", Recap: "870 MB", Anchor: "553 MB", Ratio: "1.57×", Goal: "≤ 1.2×", OK: Pass},
			{Figure: "repair", Recap: "20 MB/s", Anchor: "1.42 MB/s (recorded, not measured)", Ratio: "14×", Goal: "≥ 20×", OK: Fail, Recorded: true},
			{Figure: "no goal", Recap: "1", Anchor: "2", Ratio: "0.50×"},
		}, "" +
			"figure                      | recap   | anchor                             | ratio  | goal    | ok?\n" +
			"--------------------------- | ------- | ---------------------------------- | ------ | ------- | -----\n" +
			"start → first 日本語 answer | 1.2 s   | 0.1 s                              | 12.00× | ≤ 0.3 s | FAIL\n" +
			"size                        | 870 MB  | 553 MB                             | 1.57×  | ≤ 1.2×  | pass\n" +
			"repair                      | 20 MB/s | 1.42 MB/s (recorded, not measured) | 14×    | ≥ 20×   | FAIL*\n" +
			"no goal                     | 1       | 2                                  | 0.50×  |         | —\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			if err := WriteTable(&b, tt.rows); err != nil {
				t.Fatal(err)
			}
			if got := b.String(); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestGoals(t *testing.T) {
	tests := []struct {
		name string
		got  Verdict
		want Verdict
	}{
		{"at most, under", atMost(ratio(1, 1), 1.25), Pass},
		{"at most, equal", atMost(ratio(5, 4), 1.25), Pass},
		{"at most, over", atMost(ratio(127.4, 35.1), 1.25), Fail},
		{"at most, no anchor", atMost(ratio(3, 0), 1.25), Unchecked},
		{"at least, over", atLeast(ratio(30, 1.42), 20), Pass},
		{"at least, under", atLeast(ratio(20, 1.42), 20), Fail},
		{"at least, no anchor", atLeast(ratio(20, 0), 20), Unchecked},
		{"all pass", all(Pass, Pass), Pass},
		{"one fails", all(Pass, Unchecked, Fail), Fail},
		{"one unchecked", all(Pass, Unchecked), Unchecked},
		{"none", all(), Pass},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %v, want %v", tt.got, tt.want)
			}
		})
	}
}

func TestFormats(t *testing.T) {
	tests := []struct{ got, want string }{
		{times(3.6353), "3.64×"},
		{times(0), "—"},
		{ms(3600 * time.Microsecond), "3.60 ms"},
		{ms(26 * time.Millisecond), "26 ms"},
		{ms(1680 * time.Millisecond), "1.68 s"},
		{mib(1062 << 20), "1062 MiB"},
		{mb(870_000_000), "870.0 MB"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}
