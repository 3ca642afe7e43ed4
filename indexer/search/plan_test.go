package search

import (
	"slices"

	"strings"
	"testing"

	bsearch "github.com/blevesearch/bleve/v2/search"
)

// unitTexts lists the units of a plan as "text" with a marker: ~ for a stop
// word, ? for a missing word, * for a prefix, |alt for alternatives.
func unitTexts(us []Unit) []string {
	out := make([]string, len(us))
	for i, u := range us {
		s := u.Text
		for _, a := range u.Alts {
			s += "|" + a
		}
		switch {
		case u.Stop:
			s += "~"
		case u.Missing:
			s += "?"
		case u.Prefix:
			s += "*"
		}
		out[i] = s
	}
	return out
}

func TestPlanUnits(t *testing.T) {
	tests := []struct {
		in      string
		fixes   map[string]string
		units   []string
		exclude []string
	}{
		// Question and stop words of each language are never required.
		{"gRPC là gì", nil, []string{"gRPC", "là~", "gì~"}, nil},
		{"Kubernetes la gi", nil, []string{"Kubernetes", "la~", "gi~"}, nil},
		{"NodePort, Ingress và LoadBalancer khác nhau thế nào", nil,
			[]string{"NodePort,", "Ingress", "và~", "LoadBalancer", "khác~", "nhau~", "thế~", "nào~"}, nil},
		{"what is a service mesh", nil, []string{"what~", "is~", "a~", "service", "mesh*"}, nil},
		{"how to deploy kafka", nil, []string{"how~", "to~", "deploy", "kafka*"}, nil},
		{"Knativeとは", nil, []string{"Knative", "とは~"}, nil},
		{"SREとは何か", nil, []string{"SRE", "とは~", "何~", "か~"}, nil},
		{"サーバーレスでRDBMSを使う", nil, []string{"サーバーレス", "で~", "RDBMS", "を~", "使", "う~"}, nil},
		// Vietnamese syllables pair up; a stop word ends the run.
		{"kien truc microservices", nil, []string{"kien truc", "microservices*"}, nil},
		{"mang giua cac pod", nil, []string{"mang", "giua~", "cac~", "pod*"}, nil},
		// Operators.
		{"grpc OR rest api", nil, []string{"grpc|rest", "api*"}, nil},
		{"kubernetes -docker ingress", nil, []string{"kubernetes", "ingress*"}, []string{"docker"}},
		{`"service mesh" istio`, nil, []string{"istio*"}, nil},
		{"-v", nil, []string{"-v"}, nil},
		// A handle also matches without its @.
		{"@spf13 talk", nil, []string{"@spf13|spf13", "talk~"}, nil},
		// Corrections stand in; a word with none is missing.
		{"kubernets ingres", map[string]string{"kubernets": "kubernetes", "ingres": ""}, []string{"kubernetes", "ingres*"}, nil},
		{"zzzzzz kafka", map[string]string{"zzzzzz": ""}, []string{"zzzzzz?", "kafka*"}, nil},
		// Stop words only: they are what is asked.
		{"what is", nil, []string{"what", "is"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			text, exclude, alts := operators(ParseText(tt.in))
			got := unitTexts(planUnits(text, alts, tt.fixes, nil))
			if !slices.Equal(got, tt.units) {
				t.Errorf("units(%q) = %q, want %q", tt.in, got, tt.units)
			}
			if !slices.Equal(exclude, tt.exclude) {
				t.Errorf("exclude(%q) = %q, want %q", tt.in, exclude, tt.exclude)
			}
		})
	}
}

func TestPlanTiers(t *testing.T) {
	// Every unit that can be required, then all but one, down to any one;
	// stop and missing words are never required.
	p := &Plan{Units: []Unit{
		{Text: "kubernetes", df: 90},
		{Text: "la", Stop: true},
		{Text: "ingress", df: 30},
		{Text: "qqq", Missing: true},
		{Text: "nginx", df: 30},
	}}
	got := p.tiers()
	want := []Tier{{[]int{0, 2, 4}, 3}, {[]int{0, 2, 4}, 2}, {[]int{0, 2, 4}, 1}}
	if len(got) != len(want) {
		t.Fatalf("tiers = %v, want %v", got, want)
	}
	for i := range want {
		if !slices.Equal(got[i].Units, want[i].Units) || got[i].Min != want[i].Min {
			t.Errorf("tiers = %v, want %v", got, want)
		}
	}
	// Many units: the last step jumps to any one.
	var many Plan
	for i := range 9 {
		many.Units = append(many.Units, Unit{Text: strings.Repeat("x", i+1), df: uint64(i)})
	}
	ts := many.tiers()
	if len(ts) != maxTiers || ts[0].Min != 9 || ts[len(ts)-1].Min != 1 {
		t.Errorf("tiers of 9 units = %v, want %d tiers from 9 to 1", ts, maxTiers)
	}
	// Only stop words: one tier that requires nothing.
	if ts := (&Plan{Units: []Unit{{Text: "la", Stop: true}}}).tiers(); len(ts) != 1 || ts[0].Min != 0 {
		t.Errorf("tiers of stop words = %v", ts)
	}
}

func TestPlanLacking(t *testing.T) {
	p := &Plan{Units: []Unit{
		{Text: "kubernetes"},
		{Text: "là", Stop: true},
		{Text: "ingress"},
		{Text: "contr", Prefix: true},
	}}
	terms := []map[string]bool{{"kubernetes": true}, {"la": true}, {"ingress": true}, {"contr": true}}
	tests := []struct {
		locs map[string][]string // field → terms matched
		want []string
	}{
		{map[string][]string{"body": {"kubernetes", "ingress"}, "title": {"controller"}}, nil},
		{map[string][]string{"title_exact": {"Kubernetes"}, "body": {"controller"}}, []string{"ingress"}},
		{map[string][]string{"body": {"ingress"}}, []string{"kubernetes", "contr"}},
	}
	for _, tt := range tests {
		locs := bsearch.FieldTermLocationMap{}
		for f, ts := range tt.locs {
			locs[f] = bsearch.TermLocationMap{}
			for _, term := range ts {
				locs[f][term] = nil
			}
		}
		if got := p.lacking(locs, terms); !slices.Equal(got, tt.want) {
			t.Errorf("lacking(%v) = %q, want %q", tt.locs, got, tt.want)
		}
	}
}

func TestQueryLang(t *testing.T) {
	tests := []struct{ in, want string }{
		{"kubernetes ingress", ""},
		{"kien truc microservices", "vi"},
		{"cân bằng tải", "vi"},
		{"コンテナ", "ja"},
		{"青山真也", "ja"},
		{"Go in China", ""},
	}
	for _, tt := range tests {
		text, _, alts := operators(ParseText(tt.in))
		if got := queryLang(text.Free, planUnits(text, alts, nil, nil)); got != tt.want {
			t.Errorf("queryLang(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestHighlightSpans(t *testing.T) {
	text := "Kubernetes runs kube-proxy on hệ thống nodes"
	at := func(w string, weight int) span {
		i := strings.Index(text, w)
		return span{i, i + len(w), weight}
	}
	own := at("Kubernetes", 4)
	kube := at("kube", 1)
	alias := at("hệ thống", 1)
	spans := []span{own, kube, alias}
	if got := dropInnerAliases(text, spans); !slices.Equal(got, []span{own, alias}) {
		t.Errorf("dropInnerAliases = %v, want kube inside kube-proxy dropped", got)
	}
	if !ownSpans(spans) || ownSpans([]span{kube, alias}) {
		t.Error("ownSpans: want true with a word typed, false with aliases only")
	}
	if got := dropAliasSpans(spans); !slices.Equal(got, []span{own}) {
		t.Errorf("dropAliasSpans = %v, want only the word typed", got)
	}
}
