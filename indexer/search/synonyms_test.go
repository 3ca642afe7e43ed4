package search

import (
	"strings"
	"testing"

	"github.com/recaphq/recap/indexer/taxonomy"
)

func TestSynonymsExpand(t *testing.T) {
	tax, err := taxonomy.Parse([]byte(testTopics), []byte(testSpeakers))
	if err != nil {
		t.Fatal(err)
	}
	syn := NewSynonyms(tax)
	tests := []struct {
		q            string
		translations []string // rewrites with labels, in language order
		related      []string // some of the rewrites with other aliases
		person       []string
	}{
		{q: "network", translations: []string{"mang", "ネットワーク", "networking"}, related: []string{"mang may tinh", "ネットワーキング"}},
		{q: "Cân bằng tải", translations: []string{"負荷分散", "load balancing"}, related: []string{"load balancer", "ロードバランサ"}},
		{q: "cộng đồng Kubernetes Việt Nam", translations: []string{"コミュニティ kubernetes ベトナム", "community kubernetes vietnam"}, related: []string{"cong dong k8s viet nam"}},
		{q: "Shingo Omura", person: []string{"大村 伸吾", "@everpeace"}},
		{q: "serverless"},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			var tr, rel, per []string
			for _, e := range syn.Expand(tt.q) {
				switch {
				case e.Person:
					per = append(per, e.Text)
				case e.Translation:
					tr = append(tr, e.Text)
				default:
					rel = append(rel, e.Text)
				}
			}
			if strings.Join(tr, "|") != strings.Join(tt.translations, "|") {
				t.Errorf("translations = %q, want %q", tr, tt.translations)
			}
			for _, want := range tt.related {
				if !contains(rel, want) {
					t.Errorf("related rewrites %q lack %q", rel, want)
				}
			}
			if strings.Join(per, "|") != strings.Join(tt.person, "|") {
				t.Errorf("person rewrites = %q, want %q", per, tt.person)
			}
		})
	}
}

func TestTermCount(t *testing.T) {
	tests := []struct {
		s    string
		want int
	}{
		{"network", 1},
		{"load balancing", 2},
		{"cân bằng tải", 3},
		{"マイクロサービス", 7},
		{"負荷分散", 3},
		{"CacooのKubernetes", 3},
		{"k8s v1.0", 3},
		{"", 1},
	}
	for _, tt := range tests {
		if got := termCount(tt.s); got != tt.want {
			t.Errorf("termCount(%q) = %d, want %d", tt.s, got, tt.want)
		}
	}
}

func TestUnits(t *testing.T) {
	tests := []struct {
		text string
		runs []string // the units that must match in a row
	}{
		{"kubernetes", nil},
		{"kubernetes ingress", nil},
		{"負荷分散 入門", []string{"負荷分散", "入門"}},
		{"CacooのKubernetes", nil},
		{"kubernetes イングレスコントローラ", []string{"イングレスコントローラ"}},
		{"織", nil},
		{"van de", []string{"van de"}},
		{"cộng đồng Kubernetes Việt Nam", []string{"cộng đồng", "Việt Nam"}},
		{"cân bằng tải với nginx", []string{"cân bằng", "tải với"}},
		{"van de mang", []string{"van de"}},
		{"kỹ sư", []string{"kỹ sư"}},
		{"load balancing", nil},
		{"mạng", nil},
	}
	for _, tt := range tests {
		rest, runs := units(tt.text)
		if strings.Join(runs, "|") != strings.Join(tt.runs, "|") {
			t.Errorf("units(%q) = %q, %q; want runs %q", tt.text, rest, runs, tt.runs)
		}
		// Every word is in a unit or in the rest, once.
		all := strings.Fields(rest)
		for _, r := range runs {
			all = append(all, strings.Fields(r)...)
		}
		if got, want := len(strings.Join(all, "")), len(strings.Join(strings.Fields(tt.text), "")); got != want {
			t.Errorf("units(%q) = %q, %q: lost or doubled text", tt.text, rest, runs)
		}
	}
}

func TestSyllableLike(t *testing.T) {
	for w, want := range map[string]bool{
		"nghiêng": true, "Việt": true, "viet": true, "quyền": true, "gì": true, "đ": false,
		"kubernetes": false, "load": false, "ingress": false, "k8s": false, "gnụn": false,
	} {
		if got := syllableLike(w); got != want {
			t.Errorf("syllableLike(%q) = %v, want %v", w, got, want)
		}
	}
}

// FuzzRequest builds the search request for any query text: the text
// parser, the units, the rewrites and the clauses must not fail on it.
func FuzzRequest(f *testing.F) {
	tax, err := taxonomy.Parse([]byte(testTopics), []byte(testSpeakers))
	if err != nil {
		f.Fatal(err)
	}
	syn := NewSynonyms(tax)
	for _, s := range []string{"cộng đồng Kubernetes Việt Nam", `"van de" mang`, "負荷分散 入門", "kubernets ingres", "「ネットワーク」 k8s", "@everpeace", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		q := Query{Text: text}
		q.Normalize()
		if q.Validate() != nil {
			return
		}
		t0, exclude, alts := operators(ParseText(q.Text))
		fixes := map[string]string{"kubernets": "kubernetes"}
		p := &Plan{Query: q, Text: t0, Exclude: exclude, fixes: fixes, syn: syn, Units: planUnits(t0, alts, fixes, syn)}
		for _, set := range p.tiers() {
			if p.request(set, 10, true) == nil {
				t.Fatal("no request")
			}
		}
		rest, runs := units(q.Text)
		all := strings.Join(strings.Fields(rest), "")
		for _, r := range runs {
			all += strings.Join(strings.Fields(r), "")
		}
		if len(all) != len(strings.Join(strings.Fields(q.Text), "")) {
			t.Errorf("units(%q) = %q, %q: lost or doubled text", q.Text, rest, runs)
		}
		for _, e := range syn.Expand(q.Text) {
			if strings.TrimSpace(e.Text) == "" {
				t.Errorf("Expand(%q) has an empty rewrite", q.Text)
			}
		}
	})
}
