package search

import (
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseText(t *testing.T) {
	tests := []struct {
		in   string
		want Text
	}{
		{"ky su", Text{Free: "ky su", Last: "su"}},
		{`"van de" lon`, Text{Phrases: []string{"van de"}, Free: "lon", Last: "lon"}},
		{`lon "van de"`, Text{Phrases: []string{"van de"}, Free: "lon"}},
		{"「負荷分散」 入門", Text{Phrases: []string{"負荷分散"}, Free: "入門", Last: "入門"}},
		{`“smart quotes”`, Text{Phrases: []string{"smart quotes"}}},
		{`"unclosed phrase`, Text{Phrases: []string{"unclosed phrase"}}},
		{`""  `, Text{}},
		{"  spaced   out ", Text{Free: "spaced out", Last: "out"}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got := ParseText(tt.in)
			if !slices.Equal(got.Phrases, tt.want.Phrases) || got.Free != tt.want.Free || got.Last != tt.want.Last {
				t.Errorf("ParseText(%q) = %+v, want %+v", tt.in, got, tt.want)
			}
		})
	}
}

func FuzzParseText(f *testing.F) {
	for _, s := range []string{`a "b c" d`, "「x」", `"`, "“”", "\xff\"", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := ParseText(s)
		for _, p := range got.Phrases {
			if p == "" || strings.TrimSpace(p) != p {
				t.Errorf("ParseText(%q): phrase %q is empty or not trimmed", s, p)
			}
		}
		if got.Last != "" && !strings.HasSuffix(got.Free, got.Last) {
			t.Errorf("ParseText(%q): Last %q does not end Free %q", s, got.Last, got.Free)
		}
	})
}

func TestTypoAndPrefixKeys(t *testing.T) {
	tests := []struct{ in, typo, prefix string }{
		{"Kubernets", "kubernets", "kubernets"},
		{"kube", "", "kube"},
		{"ky", "", ""},
		{"Trường", "truong", "truong"},
		{"負荷分散", "", ""},
		{"k8s", "", "k8s"},
	}
	for _, tt := range tests {
		if got := typoKey(tt.in); got != tt.typo {
			t.Errorf("typoKey(%q) = %q, want %q", tt.in, got, tt.typo)
		}
		if got := prefixKey(tt.in); got != tt.prefix {
			t.Errorf("prefixKey(%q) = %q, want %q", tt.in, got, tt.prefix)
		}
	}
}

func TestSnippet(t *testing.T) {
	long := strings.Repeat("Chúng tôi nói chuyện về hạ tầng. ", 20) + "Vấn đề lớn nhất là manifest. " + strings.Repeat("Mọi người đều đồng ý. ", 20)
	i := strings.Index(long, "Vấn đề")
	spans := []span{{i, i + len("Vấn"), 4}, {i + len("Vấn "), i + len("Vấn đề"), 4}}
	got := marked(Snippet(long, spans, 80))
	if !strings.Contains(got, "<mark>Vấn</mark> <mark>đề</mark>") {
		t.Errorf("snippet %q lacks the marked words", got)
	}
	// Every word of the snippet is a whole word of the text.
	plain := strings.NewReplacer("<mark>", "", "</mark>", "", "… ", "", " …", "").Replace(got)
	words := map[string]bool{}
	for _, w := range strings.Fields(long) {
		words[w] = true
	}
	for _, w := range strings.Fields(plain) {
		if !words[w] {
			t.Errorf("snippet %q cuts the word %q", got, w)
		}
	}
	if n := utf8.RuneCountInString(plain); n > 100 {
		t.Errorf("snippet has %d characters, want about 80", n)
	}

	ja := strings.Repeat("コンテナの話をしました。", 30) + "負荷分散装置" + strings.Repeat("とても良い会でした。", 30)
	j := strings.Index(ja, "負荷分散")
	got = marked(Snippet(ja, []span{{j, j + len("負荷分散"), 4}}, 40))
	if !strings.Contains(got, "<mark>負荷分散</mark>") || !utf8.ValidString(got) {
		t.Errorf("Japanese snippet %q", got)
	}

	if got := Snippet("a <b> & c", nil, 50); got.Text != "a <b> & c" || got.Marks != nil {
		t.Errorf("snippet without matches = %+v, want the text unmarked", got)
	}
}

func FuzzSnippet(f *testing.F) {
	f.Add("Vấn đề lớn nhất là manifest", 0, 6, 20)
	f.Add("負荷分散装置", 3, 9, 2)
	f.Add("\xffbad", 0, 2, 1)
	f.Fuzz(func(t *testing.T, text string, s, e, n int) {
		if n < 1 || n > 1000 {
			return
		}
		var spans []span
		if s >= 0 && e <= len(text) && s < e && utf8.RuneStart(text[s]) && (e == len(text) || utf8.RuneStart(text[e])) {
			spans = []span{{s, e, 1}}
		}
		got := Snippet(text, spans, n)
		if utf8.ValidString(text) && !utf8.ValidString(got.Text) {
			t.Errorf("Snippet(%q) = %q is not valid UTF-8", text, got.Text)
		}
		pos := 0
		for _, m := range got.Marks {
			if m.Start < pos || m.End > len(got.Text) || m.Start >= m.End {
				t.Fatalf("Snippet(%q) = %+v: marks out of order or range", text, got)
			}
			pos = m.End
		}
	})
}

func TestSnippetShortTextWhole(t *testing.T) {
	title := "Kubernetes Meetup Tokyo #18 で負荷分散の話"
	i := strings.Index(title, "負荷分散")
	got := marked(Snippet(title, []span{{i, i + len("負荷分散"), 4}}, utf8.RuneCountInString(title)))
	if want := "Kubernetes Meetup Tokyo #18 で<mark>負荷分散</mark>の話"; got != want {
		t.Errorf("Snippet(title) = %q, want %q", got, want)
	}
}

func TestOwnWordsWeigh(t *testing.T) {
	tests := []struct {
		query, matched string
		want           int
	}{
		{"cộng đồng Việt Nam", "Việt", 4},
		{"cộng đồng Việt Nam", "viết", 2}, // typed with accents, matched only without
		{"cong dong viet nam", "Việt", 3},
		{"deployment", "Deployments", 3},
		{"kubebui", "kubebuilder", 3},
		{"負荷分散", "負荷", 3},
		{"ingress", "load", 1},
		{"サービスメッシュ", "Istio", 1},
	}
	for _, tt := range tests {
		if got := newOwnWords(tt.query).weigh(tt.matched); got != tt.want {
			t.Errorf("weigh(%q, %q) = %d, want %d", tt.query, tt.matched, got, tt.want)
		}
	}
}

func TestSnippetPrefersOwnWords(t *testing.T) {
	text := "An external load balancer sends traffic to any node. " + strings.Repeat("Filler words here. ", 20) + "Our Ingress controller is different."
	own := newOwnWords("ingress")
	var spans []span
	for _, w := range []string{"load", "balancer", "node", "Ingress"} {
		i := strings.Index(text, w)
		spans = append(spans, span{i, i + len(w), own.weigh(w)})
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].start < spans[j].start })
	if got := marked(Snippet(text, spans, 60)); !strings.Contains(got, "<mark>Ingress</mark>") {
		t.Errorf("snippet %q leaves out the word typed", got)
	}
}

// marked shows an excerpt with its marks in <mark> tags, unescaped.
func marked(e Excerpt) string {
	var b strings.Builder
	e.Pieces(func(text string, m bool) {
		if m {
			b.WriteString("<mark>" + text + "</mark>")
		} else {
			b.WriteString(text)
		}
	})
	return b.String()
}
