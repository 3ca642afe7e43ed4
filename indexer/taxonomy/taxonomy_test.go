package taxonomy

import (
	"errors"
	"io/fs"
	"os"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"github.com/recaphq/recap/indexer/textrule"
	"golang.org/x/text/unicode/norm"
)

func loadTestdata(t testing.TB) *Taxonomy {
	t.Helper()
	tax, err := Load(os.DirFS("testdata/valid"))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return tax
}

func TestLoad(t *testing.T) {
	tax := loadTestdata(t)
	if got, want := len(tax.Topics()), 6; got != want {
		t.Errorf("Topics: %d entries, want %d", got, want)
	}
	if got, want := len(tax.Terms()), 2; got != want {
		t.Errorf("Terms: %d entries, want %d", got, want)
	}
	cs := tax.Concepts()
	if len(cs) != 8 || !cs[0].IsTopic || cs[7].IsTopic {
		t.Errorf("Concepts: want 6 topics then 2 terms, got %+v", cs)
	}
	if _, ok := tax.Topic("introduction"); ok {
		t.Errorf("Topic(introduction): a term must not be a topic")
	}
	if c, ok := tax.Concept("introduction"); !ok || c.Labels["ja"] != "入門" {
		t.Errorf("Concept(introduction) = %+v, %v", c, ok)
	}
}

func TestLoadMissing(t *testing.T) {
	_, err := Load(fstest.MapFS{})
	if !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("Load of an empty folder: %v, want fs.ErrNotExist", err)
	}
	// speakers.yaml is optional.
	topics, err := os.ReadFile("testdata/valid/topics.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tax, err := Load(fstest.MapFS{"topics.yaml": {Data: topics}})
	if err != nil {
		t.Fatalf("Load without speakers.yaml: %v", err)
	}
	if got := tax.Speaker("MasayaAoyama", ""); got.Slug != "masayaaoyama" {
		t.Errorf("without speakers.yaml, Speaker(MasayaAoyama) = %+v", got)
	}
}

const okTopic = `  - slug: a
    labels: {en: A, vi: A, ja: エー}
`

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name     string
		topics   string
		speakers string
		want     []string // substrings of the error
	}{
		{
			name:   "duplicate slug",
			topics: "topics:\n" + okTopic + okTopic,
			want:   []string{"topics.yaml: topics[1] (a): duplicate slug"},
		},
		{
			name:   "missing label",
			topics: "topics:\n  - slug: b\n    labels: {en: B, vi: B}\n",
			want:   []string{"topics[0] (b): missing ja label"},
		},
		{
			name:   "bad slug",
			topics: "topics:\n  - slug: Big Data\n    labels: {en: B, vi: B, ja: B}\n",
			want:   []string{"(Big Data): slug must be"},
		},
		{
			name: "alias in two entries",
			topics: "topics:\n" + okTopic + `  - slug: b
    labels: {en: B, vi: B, ja: ビー}
    aliases: {en: [x]}
terms:
  - slug: c
    labels: {en: C, vi: C, ja: シー}
    aliases: {en: [X]}
`,
			want: []string{`terms[0] (c): alias "X" also in topics.yaml: topics[1] (b)`},
		},
		{
			name:   "label of one is alias of another",
			topics: "topics:\n" + okTopic + "  - slug: b\n    labels: {en: B, vi: B, ja: ビー}\n    aliases: {ja: [エー]}\n",
			want:   []string{`topics[1] (b): alias "エー" also in`},
		},
		{
			name:   "unknown field",
			topics: "topics:\n  - slug: a\n    label: {en: A}\n",
			want:   []string{"topics.yaml:", "label"},
		},
		{
			name:   "not yaml",
			topics: "topics: [",
			want:   []string{"topics.yaml:"},
		},
		{
			name:     "handle in two speakers",
			topics:   "topics:\n" + okTopic,
			speakers: "speakers:\n  - name: A B\n    handles: [ab]\n  - name: C D\n    handles: ['@AB']\n",
			want:     []string{`speakers.yaml: speakers[1] (C D): handle "@AB" also belongs to A B`},
		},
		{
			name:     "alias in two speakers",
			topics:   "topics:\n" + okTopic,
			speakers: "speakers:\n  - name: A B\n  - name: C D\n    aliases: [a  b]\n",
			want:     []string{`speakers[1] (C D): alias "a  b" also belongs to A B`},
		},
		{
			name:     "speaker without name",
			topics:   "topics:\n" + okTopic,
			speakers: "speakers:\n  - handles: [x]\n",
			want:     []string{"speakers[0]: missing name"},
		},
		{
			name:     "two errors at once",
			topics:   "topics:\n  - slug: a\n    labels: {en: A}\n",
			speakers: "",
			want:     []string{"missing vi label", "missing ja label"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.topics), []byte(tt.speakers))
			if err == nil {
				t.Fatalf("Parse: no error, want %q", tt.want)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

func TestMatchTopics(t *testing.T) {
	tax := loadTestdata(t)
	tests := []struct {
		text string
		want map[string]int
	}{
		{"Ingress and load  balancers in K8S", map[string]int{"networking": 2, "kubernetes": 1}},
		{"CNIプラグインとイングレス", map[string]int{"networking": 2}},
		{"ネットワークの負荷分散", map[string]int{"networking": 2}},
		{"Cân bằng tải trong mạng máy tính", map[string]int{"networking": 2}},
		{"ingresses", nil}, // not a plural "s"
		{"congress networks", map[string]int{"networking": 1}}, // "ingress" inside a word is not a match
		{"kubectl and kubebuilder", nil},                       // "kube" only as a word
		{"microservices, micro-services, micro_services", map[string]int{"microservices": 3}},
		{"サービス・メッシュとIstio", map[string]int{"service-mesh": 2}},
		{"ＧｏｌａｎｇとGo言語", map[string]int{"go": 2}},
		{"Argo  CD\nand Flux", map[string]int{"gitops": 2}},
		{"入門 for beginners", nil}, // terms are not topics
		{"", nil},
		{"mạng", map[string]int{"networking": 1}},
		{"mạnh", nil}, // Vietnamese letters are word letters
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got := tax.MatchTopics(tt.text)
			if len(got) == 0 && len(tt.want) == 0 {
				return
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("MatchTopics(%q) = %v, want %v", tt.text, got, tt.want)
			}
		})
	}
}

func TestMatchConcepts(t *testing.T) {
	tax := loadTestdata(t)
	text := "Kubernetes入門: load balancer"
	got := tax.MatchConcepts(text)
	want := []Match{
		{Slug: "kubernetes", Start: 0, End: 10, IsTopic: true},
		{Slug: "introduction", Start: 10, End: 16},
		{Slug: "networking", Start: 18, End: 31, IsTopic: true},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("MatchConcepts(%q) =\n%+v, want\n%+v", text, got, want)
	}
	// Longest match wins: "load balancing" over a shorter alias inside it.
	if m := tax.MatchConcepts("mạng máy tính"); len(m) != 1 || m[0].End != len("mạng máy tính") {
		t.Errorf("MatchConcepts(mạng máy tính) = %+v, want one match over the whole phrase", m)
	}
}

func TestLookupAndAliases(t *testing.T) {
	tax := loadTestdata(t)
	tests := []struct {
		phrase string
		want   string // slug, or "" for none
	}{
		{"ネットワーク", "networking"},
		{"Load-Balancer", "networking"},
		{"  INGRESS ", "networking"},
		{"入門", "introduction"},
		{"nhập môn", "introduction"},
		{"network policy", ""},
	}
	for _, tt := range tests {
		t.Run(tt.phrase, func(t *testing.T) {
			got := tax.Lookup(tt.phrase)
			if tt.want == "" {
				if len(got) != 0 {
					t.Errorf("Lookup(%q) = %v, want none", tt.phrase, got)
				}
				return
			}
			if len(got) != 1 || got[0].Slug != tt.want {
				t.Errorf("Lookup(%q) = %v, want %s", tt.phrase, got, tt.want)
			}
		})
	}
	al := tax.Aliases("introduction")
	want := []string{"Nhập môn", "入門", "初心者", "Introduction", "intro", "getting started", "beginner"}
	if !reflect.DeepEqual(al, want) {
		t.Errorf("Aliases(introduction) = %q, want %q", al, want)
	}
	if tax.Aliases("nope") != nil {
		t.Errorf("Aliases of an unknown slug must be nil")
	}
}

func TestSpeaker(t *testing.T) {
	tax := loadTestdata(t)
	tests := []struct {
		name, handle string
		want         Speaker
	}{
		{"Masaya Aoyama", "", Speaker{"masaya-aoyama", "Masaya Aoyama", "amsy810"}},
		{"MasayaAoyama", "@amsy810", Speaker{"masaya-aoyama", "Masaya Aoyama", "amsy810"}},
		{"青山真也", "", Speaker{"masaya-aoyama", "Masaya Aoyama", "amsy810"}},
		{"", "AMSY810", Speaker{"masaya-aoyama", "Masaya Aoyama", "AMSY810"}},
		{"", "MasayaAoyama", Speaker{"masaya-aoyama", "Masaya Aoyama", "amsy810"}},
		{"Dao  Cong Tien", "", Speaker{"dao-cong-tien", "Đào Công Tiến", ""}},
		{"Cao Xuân Hoàng", "", Speaker{"cao-xuan-hoang", "Cao Xuân Hoàng", ""}},
		{"Shingo Omura", "everpeace", Speaker{"shingo-omura", "Shingo Omura", "everpeace"}},
		{"", "@b4b4r07", Speaker{"b4b4r07", "@b4b4r07", "b4b4r07"}},
		{"うづらさん", "", Speaker{"うづらさん", "うづらさん", ""}},
		{"Masaya", "", Speaker{"masaya", "Masaya", ""}}, // no guess
	}
	for _, tt := range tests {
		t.Run(tt.name+"/"+tt.handle, func(t *testing.T) {
			got := tax.Speaker(tt.name, tt.handle)
			if (Speaker{got.Slug, got.Name, got.Handle}) != tt.want {
				t.Errorf("Speaker(%q, %q) = %+v, want %+v", tt.name, tt.handle, got, tt.want)
			}
		})
	}
}

func TestSpeakerSpellings(t *testing.T) {
	tax, err := New(nil, nil, []SpeakerEntry{
		{Name: "Nguyễn Văn An"},
		{Name: "Tran Minh Duc"}, // the file spells it without diacritics
		// Two people whose names fold alike.
		{Name: "Hung Le (HN)", Aliases: []string{"Lê Văn Hùng"}},
		{Name: "Hung Le (SG)", Aliases: []string{"Lê Văn Hưng"}},
		{Name: "Shingo Omura", Aliases: []string{"大村伸吾"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ name, wantName string }{
		{"Nguyen Van An", "Nguyễn Văn An"}, // typed without diacritics
		{"NGUYEN VAN AN", "Nguyễn Văn An"}, // and in capitals
		{"Trần Minh Đức", "Tran Minh Duc"}, // the file's plain spelling
		{"Nguyễn Văn Ân", "Nguyễn Văn Ân"}, // other diacritics: another name
		{"Le Van Hung", "Le Van Hung"},     // two entries fold alike: no guess
		{"Lê Văn Hưng", "Hung Le (SG)"},    // the exact spelling still meets
		{"大村 伸吾", "Shingo Omura"},          // a space between family and given name
		{"ＳＨＩＮＧＯ　ＯＭＵＲＡ", "Shingo Omura"},   // full width
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tax.Speaker(tt.name, ""); got.Name != tt.wantName {
				t.Errorf("Speaker(%q) = %+v, want %s", tt.name, got, tt.wantName)
			}
		})
	}
}

// Speaker is the part of kb.Speaker that the taxonomy fills.
type Speaker struct{ Slug, Name, Handle string }

func TestSlug(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Đào Công Tiến", "dao-cong-tien"},
		{"Cao Xuân Hoàng", "cao-xuan-hoang"},
		{"Nguyễn Thị Ánh Dương", "nguyen-thi-anh-duong"},
		{"青山 真也", "青山-真也"},
		{"がんばる", "がんばる"}, // the voicing mark survives
		{"  José  Müller-Lüdenscheidt ", "jose-muller-ludenscheidt"},
		{"@b4b4r07", "b4b4r07"},
		{"Søren Straße", "soren-strasse"},
		{"!!!", ""},
	}
	for _, tt := range tests {
		if got := textrule.Slug(tt.in); got != tt.want {
			t.Errorf("Slug(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRealData(t *testing.T) {
	dir := "../../data"
	if _, err := os.Stat(dir + "/" + TopicsFile); err != nil {
		t.Skipf("no %s in %s yet", TopicsFile, dir)
	}
	tax, err := Load(os.DirFS(dir))
	if err != nil {
		t.Fatalf("Load(%s): %v", dir, err)
	}
	if n := len(tax.Topics()); n < 40 {
		t.Errorf("%d topics, want at least 40", n)
	}
	for _, tt := range []struct{ text, slug string }{
		{"container networking", "networking"},
		{"ネットワーク", "networking"},
		{"mạng máy tính", "networking"},
	} {
		if tax.MatchTopics(tt.text)[tt.slug] == 0 {
			t.Errorf("MatchTopics(%q) lacks %s", tt.text, tt.slug)
		}
	}
}

func FuzzMatchConcepts(f *testing.F) {
	tax := loadTestdata(f)
	for _, s := range []string{
		"Ingress and load balancers", "CNIプラグイン", "サービス・メッシュ", "mạng máy tính",
		"ＧｏｌａｎｇとGo言語", "a  b\t\tc", "k8ss", "\xff\xfeingress",
	} {
		f.Add(s)
	}
	keys := make(map[string]map[string]bool)
	for _, c := range tax.Concepts() {
		keys[c.Slug] = make(map[string]bool)
		for _, a := range c.Aliases() {
			keys[c.Slug][matchKey(a)] = true
		}
	}
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) {
			return
		}
		ms := tax.MatchConcepts(text)
		counts := tax.MatchTopics(text)
		n := 0
		for _, c := range counts {
			n += c
		}
		topics := 0
		last := 0
		normText := text
		if len(ms) > 0 {
			normText = nfc(text)
		}
		for _, m := range ms {
			if m.Start < last || m.End <= m.Start || m.End > len(normText) {
				t.Fatalf("bad match %+v after offset %d in %q", m, last, normText)
			}
			last = m.End
			k := matchKey(normText[m.Start:m.End])
			if !keys[m.Slug][k] && !keys[m.Slug][strings.TrimSuffix(k, "s")] {
				t.Fatalf("match %q (key %q) is no alias of %s", normText[m.Start:m.End], k, m.Slug)
			}
			if m.IsTopic {
				topics++
			}
		}
		if topics != n {
			t.Fatalf("MatchTopics counts %d, MatchConcepts has %d topic matches", n, topics)
		}
	})
}

func BenchmarkMatchTopics(b *testing.B) {
	tax := loadTestdata(b)
	text := strings.Repeat("Kubernetes の Ingress と CNI で負荷分散する。Mạng máy tính và cân bằng tải. Microservices with Istio and Argo CD. ", 40)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		tax.MatchTopics(text)
	}
}

func nfc(s string) string { return norm.NFC.String(s) }
