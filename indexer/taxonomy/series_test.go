package taxonomy

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestSeries(t *testing.T) {
	fsys := fstest.MapFS{
		TopicsFile: {Data: []byte("topics: []\n")},
		EventsFile: {Data: []byte("series:\n  - name: Vietnam Kubernetes Community\n    aliases: [Vietkubers Meetup, vietnam kubernetes  meetup]\n")},
	}
	tax, err := Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	tests := map[string]string{
		"Vietkubers Meetup":            "Vietnam Kubernetes Community",
		"VIETNAM KUBERNETES MEETUP":    "Vietnam Kubernetes Community",
		"Vietnam Kubernetes Community": "Vietnam Kubernetes Community",
		"Kubernetes Meetup Tokyo":      "Kubernetes Meetup Tokyo",
	}
	for in, want := range tests {
		if got := tax.Series(in); got != want {
			t.Errorf("Series(%q) = %q, want %q", in, got, want)
		}
	}
	var none *Taxonomy
	if got := none.Series("X"); got != "X" {
		t.Errorf("nil taxonomy: Series(X) = %q", got)
	}
}

func TestSeriesErrors(t *testing.T) {
	tests := map[string]string{
		"series:\n  - name: A\n    aliases: [X]\n  - name: B\n    aliases: [x]\n": `"x" also names A`,
		"series:\n  - aliases: [X]\n":            "missing name",
		"series:\n  - name: A\n    alias: [X]\n": "field alias not found",
	}
	for yaml, want := range tests {
		_, err := Load(fstest.MapFS{TopicsFile: {Data: []byte("topics: []\n")}, EventsFile: {Data: []byte(yaml)}})
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), EventsFile) {
			t.Errorf("%q: err = %v, want it to name %s and say %q", yaml, err, EventsFile, want)
		}
	}
}
