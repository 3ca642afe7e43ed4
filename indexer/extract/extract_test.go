package extract

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/recaphq/recap/indexer/kb"
)

func TestInlineTalk(t *testing.T) {
	tests := []struct {
		line         string
		title        string // "" when the line is no talk
		name, handle string
		affil        string
		minutes      int
	}{
		{"kubebuilder/controller-runtime 入門 (30min) by Shingo Omura (@everpeace)", "kubebuilder/controller-runtime 入門", "Shingo Omura", "everpeace", "", 30},
		{"SREとしての働き方 by @transnano (Yahoo! JAPAN)", "SREとしての働き方", "", "transnano", "Yahoo! JAPAN", 0},
		{"LT1: 複式簿記完全に理解した（[@k-tky](https://connpass.com/user/k-tky/)）", "複式簿記完全に理解した", "", "k-tky", "", 0},
		{"LT3: 非同期処理をちゃんと理解したい（ハム）", "非同期処理をちゃんと理解したい", "ハム", "", "", 0},
		{"飛び込もう、Cloud Nativeの世界（@jacopen）草間一人さん / Pivotal Japan", "飛び込もう、Cloud Nativeの世界", "草間一人", "jacopen", "Pivotal Japan", 0},
		{"Kubernetesはキャズムを超えるのか — Shingo Kitayama さん / Red Hat", "Kubernetesはキャズムを超えるのか", "Shingo Kitayama", "", "Red Hat", 0},
		{"Scaling Go at Scale – Jane Doe – Acme", "Scaling Go at Scale", "Jane Doe", "", "Acme", 0},
		{"うづらさん「CNDT2019 見所」", "CNDT2019 見所", "うづら", "", "", 0},
		{"Error budget = 100% - SLO", "", "", "", "", 0},
		{"Meetups organized by Kubernetes/Cloud Native Bandung", "", "", "", "", 0},
		{"Uchio Kondo さん（@udzura）", "", "", "", "", 0},
		{"Welcoming speech and opening by Jane Doe", "", "", "", "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			c, ok := inlineTalk(tt.line, false)
			if tt.title == "" {
				if ok {
					t.Fatalf("inlineTalk found %q by %+v, want no talk", c.title, c.people)
				}
				return
			}
			if !ok {
				t.Fatalf("inlineTalk found no talk, want %q", tt.title)
			}
			if c.title != tt.title || len(c.people) != 1 || c.minutes != tt.minutes {
				t.Fatalf("inlineTalk = %q by %+v (%d min), want %q (%d min)", c.title, c.people, c.minutes, tt.title, tt.minutes)
			}
			p := c.people[0]
			if p.name != tt.name || p.handle != tt.handle || p.affiliation != tt.affil {
				t.Errorf("speaker = %+v, want name %q handle %q affiliation %q", p, tt.name, tt.handle, tt.affil)
			}
		})
	}
}

func TestParseSpeakers(t *testing.T) {
	tests := []struct {
		in   string
		want []person
	}{
		{"LINE @matsumanaさん", []person{{handle: "matsumana", affiliation: "LINE", strong: true}}},
		{"Takayuki Konishiさん(Red Hat)", []person{{name: "Takayuki Konishi", affiliation: "Red Hat", strong: true}}},
		{"Irvi Aini [@irvifa](https://github.com/irvifa), Software Engineer, [Traveloka](https://www.traveloka.com)",
			[]person{{name: "Irvi Aini", handle: "irvifa", affiliation: "Traveloka", strong: true}}},
		{"Eryan Ariobowo, Solutions Architect, [Amazon Web Service](https://www.amazon.com)",
			[]person{{name: "Eryan Ariobowo", affiliation: "Amazon Web Service"}}},
		{"Preferred Networks の大村伸吾さん", []person{{name: "大村伸吾", affiliation: "Preferred Networks", strong: true}}},
		{"Alice Smith & Bob Jones", []person{{name: "Alice Smith"}, {name: "Bob Jones"}}},
		{"Ban tổ chức", nil},
		{"", nil},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got := parseSpeakers(tt.in)
			if len(got) != len(tt.want) {
				t.Fatalf("parseSpeakers = %+v, want %+v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("speaker %d = %+v, want %+v", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestEventFromName(t *testing.T) {
	tests := []struct {
		in         string
		name, slug string
		number     int
	}{
		{"A Review of Kubernetes Tokyo Meetup #18", "Kubernetes Meetup Tokyo #18", "kubernetes-meetup-tokyo-18", 18},
		{"Tokyo Kubernetes Meetup #18 参加レポート", "Kubernetes Meetup Tokyo #18", "kubernetes-meetup-tokyo-18", 18},
		{"Vietnam Kubernetes Community - First meetup", "Vietnam Kubernetes Community #1", "vietnam-kubernetes-community-1", 1},
		{"エンジニア達の「完全に理解した」Talk #72 イベントレポート", "Talk #72", "talk-72", 72},
		{"CloudNative Days Kansai 2019", "CloudNative Days Kansai 2019", "cloudnative-days-kansai-2019", 0},
		{"SRE meetup at Fukuoka #1", "SRE meetup at Fukuoka #1", "sre-meetup-at-fukuoka-1", 1},
		{"How to write Go in 2019", "", "", 0},
		{"Notes on error handling", "", "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			ev := eventFromName(tt.in)
			if tt.name == "" {
				if ev != nil {
					t.Fatalf("eventFromName = %+v, want none", ev)
				}
				return
			}
			if ev == nil || ev.Name != tt.name || ev.Slug != tt.slug || ev.Number != tt.number {
				t.Fatalf("eventFromName = %+v, want %s (%s, #%d)", ev, tt.name, tt.slug, tt.number)
			}
		})
	}
}

func TestFrontMatterTalks(t *testing.T) {
	p := kb.Post{Slug: "p", Lang: "en", Meta: map[string]any{
		"talks": []any{
			map[string]any{"title": "Talk A", "speakers": []any{map[string]any{"name": "Ann Lee", "handle": "@ann", "affiliation": "X"}}, "minutes": 20},
			map[string]any{"title": "Talk B", "speaker": "Bob Ray", "slides": "https://example.com/b.pdf", "duration": "15min"},
			map[string]any{"speakers": []any{"no title"}},
		},
	}, Markdown: "## Talk A\n\nAnn Lee (@ann)\n\nAnn explained A.\n"}
	res := Post(p, nil)
	if len(res.Talks) != 2 {
		t.Fatalf("%d talks, want 2: %+v", len(res.Talks), res.Talks)
	}
	a, b := res.Talks[0], res.Talks[1]
	if a.ID != "p-t1" || a.Minutes != 20 || a.Speakers[0].Handle != "ann" || a.Speakers[0].Affiliation != "X" || a.Description != "Ann explained A." || a.Source != SourceFrontMatter {
		t.Errorf("talk A = %+v", a)
	}
	if b.ID != "p-t2" || b.Minutes != 15 || b.Slides == "" || len(b.Speakers) != 1 || b.Speakers[0].Name != "Bob Ray" {
		t.Errorf("talk B = %+v", b)
	}
}

// FuzzPost feeds arbitrary Markdown to the extractor: it must not panic,
// and every talk must have a title, a unique ID and a confidence in [0,1].
func FuzzPost(f *testing.F) {
	for _, s := range []string{
		"1. kubebuilder 入門 (30min) by Shingo Omura (@everpeace)\n",
		"## Title – Speaker Name – Company\n\nUchio Kondoさん\n",
		"# LT1: title（@handle）\n",
		"- **Title**: [[Slides]](https://x/y.pdf)\n\t- Jane Doe [@jd](https://github.com/jd), Engineer, [Acme](https://acme)\n",
		"| Thời gian | Nội dung | Diễn giả |\n|---|---|---|\n| 9:00 | Kubernetes | Cao Xuân Hoàng |\n",
		"![](/a/deep_dive_into_networking.jpg)\n\nBài thuyết trình đầu tiên tới từ speaker Cao Xuân Hoàng tại Genesis Cloud.\n",
		"<p>9:30</p>\n<p>Say hello to functions</p>\n",
		"```\n## not a heading\n```\n", "@", "（", "**", "| a |\n|---|\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, md string) {
		if !utf8.ValidString(md) {
			return
		}
		p := kb.Post{Slug: "f", Title: md, Markdown: md, Text: md, Lang: "en"}
		res := Post(p, nil)
		ids := make(map[string]bool)
		for _, tk := range res.Talks {
			if strings.TrimSpace(tk.Title) == "" || ids[tk.ID] || tk.Confidence < 0 || tk.Confidence > 1 {
				t.Fatalf("bad talk %+v", tk)
			}
			ids[tk.ID] = true
			for _, s := range tk.Speakers {
				if s.Slug == "" {
					t.Fatalf("speaker without slug in %+v", tk)
				}
			}
		}
		if res.Event != nil && res.Event.Slug == "" {
			t.Fatalf("event without slug: %+v", res.Event)
		}
	})
}

// FuzzEventFromName checks that any title gives either no event or one
// with a name and a slug.
func FuzzEventFromName(f *testing.F) {
	for _, s := range []string{"Kubernetes Meetup Tokyo #18", "第3回 Go勉強会", "X - first meetup", "Days 2019", "#1", "【】#2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if ev := eventFromName(s); ev != nil && (ev.Name == "" || ev.Slug == "") {
			t.Fatalf("eventFromName(%q) = %+v", s, ev)
		}
	})
}

// BenchmarkExtract extracts every data post and both seeds per iteration.
func BenchmarkExtract(b *testing.B) {
	tax := loadTaxonomy(b)
	var posts []kb.Post
	var size int64
	for _, in := range goldenInputsB(b) {
		p := readPost(b, in.file, in.rel)
		posts = append(posts, p)
		size += int64(len(p.Markdown))
	}
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		for _, p := range posts {
			Post(p, tax)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(posts)), "ns/post")
}
