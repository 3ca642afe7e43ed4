package taxonomy

import (
	"testing"
	"unicode/utf8"
)

func testNames(t testing.TB) (*Names, [][]string) {
	t.Helper()
	lists := [][]string{
		{"cân bằng tải", "load balancing", "負荷分散"},
		{"load balancer", "ロードバランサ"},
		{"サービス・メッシュ", "service mesh"},
		{"Kubernetes", "k8s"},
		{"@everpeace", "Shingo Omura"},
	}
	return NewNames(lists), lists
}

func TestNamesFind(t *testing.T) {
	n, _ := testNames(t)
	tests := []struct {
		name, text string
		want       []NameMatch
	}{
		{"without accents", "can bang tai", []NameMatch{{0, 0, 0, 12}}},
		{"with accents", "Cân bằng tải", []NameMatch{{0, 0, 0, 12}}},
		{"longest first", "load balancers in k8s", []NameMatch{{1, 0, 0, 14}, {3, 1, 18, 21}}},
		{"word boundary", "k8sx kubernetesy", nil},
		{"japanese substring", "負荷分散とサービスメッシュ", []NameMatch{{0, 2, 0, 12}, {2, 0, 15, 39}}},
		{"handle", "talk by @everpeace", []NameMatch{{4, 0, 8, 18}}},
		{"fullwidth", "ｋ８ｓ", []NameMatch{{3, 1, 0, 3}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			key := SearchKey(tt.text)
			got := n.Find(key)
			if len(got) != len(tt.want) {
				t.Fatalf("Find(%q) = %+v, want %+v", key, got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("Find(%q)[%d] = %+v, want %+v", key, i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestSearchKey(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Cân bằng tải", "can bang tai"},
		{"hòa hoà", "hoa hoa"},
		{"サービス・メッシュ", "サービスメッシュ"},
		{"ＡＢＣ-def_ghi  jkl", "abc def ghi jkl"},
		{"ｶﾞｲﾄﾞ", "ガイド"},
		{"  Đà Nẵng ", "da nang"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := SearchKey(tt.in); got != tt.want {
				t.Errorf("SearchKey(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func FuzzNamesFind(f *testing.F) {
	n, lists := testNames(f)
	for _, s := range []string{"can bang tai", "load balancers", "サービス・メッシュ", "k8ss", "ｋ８ｓ", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) {
			return
		}
		key := SearchKey(text)
		last := 0
		for _, m := range n.Find(key) {
			if m.Start < last || m.End <= m.Start || m.End > len(key) {
				t.Fatalf("bad match %+v after offset %d in %q", m, last, key)
			}
			last = m.End
			name := SearchKey(lists[m.Item][m.Name])
			if got := key[m.Start:m.End]; got != name && got != name+"s" {
				t.Fatalf("match %q in %q is not name %q", got, key, name)
			}
		}
	})
}
