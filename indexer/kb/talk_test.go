package kb

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
)

// tokyo18 is one event told by three recaps in three languages: the same
// three talks, titled in each recap's words, the speakers spelled as each
// recap spells them (speakers.yaml would resolve 大村伸吾 to Shingo Omura;
// here only the handle says so).
func tokyo18() []TalkEntry {
	ev := &Event{Slug: "kubernetes-meetup-tokyo-18", Name: "Kubernetes Meetup Tokyo #18", Date: time.Date(2019, 4, 22, 0, 0, 0, 0, time.UTC)}
	post := func(slug, lang string, day int, talks ...Talk) []TalkEntry {
		var out []TalkEntry
		for i := range talks {
			talks[i].ID = slug + "-t" + string(rune('1'+i))
			talks[i].PostSlug, talks[i].Lang, talks[i].EventSlug = slug, lang, ev.Slug
		}
		groups := TalkGroups(talks)
		for i, t := range talks {
			out = append(out, TalkEntry{Talk: t, PostTitle: slug, PostDate: time.Date(2019, 4, day, 0, 0, 0, 0, time.UTC), Event: ev, Group: groups[i], Position: i})
		}
		return out
	}
	omura := Speaker{Slug: "shingo-omura", Name: "Shingo Omura", Handle: "everpeace"}
	var all []TalkEntry
	all = append(all, post("ja-kmt18", LangJA, 23,
		Talk{Title: "kubebuilder/controller-runtime 入門", Speakers: []Speaker{{Slug: "大村伸吾", Name: "大村伸吾", Handle: "everpeace"}}, Confidence: 1, Description: "カスタムコントローラ開発の入門です。"},
		Talk{Title: "Container-native Ingress Controller の話", Speakers: []Speaker{{Slug: "青山真也", Name: "青山真也", Handle: "amsy810"}}, Confidence: 1},
		Talk{Title: "メルカリの Kubernetes manifest の運用", Speakers: []Speaker{{Slug: "石山将来", Name: "石山将来", Handle: "b4b4r07"}}, Confidence: 1},
	)...)
	all = append(all, post("vi-kmt18", LangVI, 24,
		Talk{Title: "Nhập môn kubebuilder và controller-runtime", Speakers: []Speaker{omura}, Confidence: 0.8},
		Talk{Title: "Ingress container-native", Speakers: []Speaker{{Slug: "masaya-aoyama", Name: "Masaya Aoyama", Handle: "AMSY810"}}, Confidence: 0.8},
		// The vi recap does not name the third speaker: the title does.
		Talk{Title: "メルカリの Kubernetes manifest の運用", Confidence: 0.6},
	)...)
	all = append(all, post("en-kmt18", LangEN, 25,
		Talk{Title: "kubebuilder/controller-runtime 入門", Speakers: []Speaker{omura}, Confidence: 0.9, Slides: "https://example.com/s"},
		Talk{Title: "Container-native ingress controller with kubebuilder", Speakers: []Speaker{{Slug: "masaya-aoyama", Name: "Masaya Aoyama", Handle: "amsy810"}}, Confidence: 0.9},
	)...)
	return all
}

func TestClusterAcrossLanguages(t *testing.T) {
	all := tokyo18()
	cs := Cluster(all)
	if len(cs) != 3 {
		for _, c := range cs {
			t.Logf("cluster: %v", ids(c))
		}
		t.Fatalf("%d talks, want 3 (three recaps of three talks)", len(cs))
	}
	RunningOrder(cs)
	want := [][]string{
		{"ja-kmt18-t1", "vi-kmt18-t1", "en-kmt18-t1"},
		{"ja-kmt18-t2", "vi-kmt18-t2", "en-kmt18-t2"},
		{"ja-kmt18-t3", "vi-kmt18-t3"},
	}
	for i, c := range cs {
		if got := ids(c); !slices.Equal(got, want[i]) {
			t.Errorf("talk %d = %v, want %v (canonical first, then by post date)", i, got, want[i])
		}
	}
	// The ordering and the canonical choice do not depend on the order the
	// index returns the talks in.
	r := rand.New(rand.NewPCG(1, 2))
	for range 20 {
		shuffled := slices.Clone(all)
		r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		again := Cluster(shuffled)
		RunningOrder(again)
		for i := range again {
			if !slices.Equal(ids(again[i]), ids(cs[i])) {
				t.Fatalf("shuffled input: talk %d = %v, want %v", i, ids(again[i]), ids(cs[i]))
			}
		}
	}
	// Every spelling of a speaker is kept once, by handle.
	sp := MergedSpeakers(cs[1])
	if len(sp) != 1 || sp[0].Name != "青山真也" {
		t.Errorf("merged speakers of the ingress talk = %+v, want the one person once", sp)
	}
}

func ids(c []TalkEntry) []string {
	var out []string
	for _, m := range c {
		out = append(out, m.Talk.ID)
	}
	return out
}

func TestTalkGroups(t *testing.T) {
	ev := "go-1-13-release-party"
	tests := []struct {
		name  string
		talks []Talk
		want  []string
	}{
		{"handle and name-only spelling meet", []Talk{
			{ID: "a-t1", EventSlug: ev, Title: "What's new Go1.13?", Speakers: []Speaker{{Slug: "takuya-ueda", Handle: "tenntenn"}}},
			{ID: "b-t1", EventSlug: ev, Title: "Go 1.13 の新機能", Speakers: []Speaker{{Slug: "tenntenn", Name: "tenntenn"}}},
		}, []string{ev + "/speaker:tenntenn", ev + "/speaker:tenntenn"}},
		{"no speaker: the folded title", []Talk{
			{ID: "a-t2", EventSlug: ev, Title: "あらためてGenericsを知る"},
			{ID: "b-t2", EventSlug: ev, Title: "あらためて Generics を知る！"},
		}, []string{ev + "/title:あらためてgenericsを知る", ev + "/title:あらためて-generics-を知る"}},
		{"no event: its own group", []Talk{{ID: "c-t1", Title: "Go kit"}}, []string{"talk:c-t1"}},
		{"one speaker, two talks in one post", []Talk{
			{ID: "d-t1", EventSlug: ev, Title: "Keynote", Speakers: []Speaker{{Slug: "x", Handle: "x"}}},
			{ID: "d-t2", EventSlug: ev, Title: "Panel", Speakers: []Speaker{{Slug: "x", Handle: "x"}, {Slug: "y"}}},
		}, []string{ev + "/speaker:x/title:keynote", ev + "/speaker:x/title:panel"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := make([]string, 0, len(tt.talks))
			for _, tk := range tt.talks {
				// A post at a time, as the indexer computes them.
				if strings.HasPrefix(tk.ID, "d-") {
					got = TalkGroups(tt.talks)
					break
				}
				got = append(got, TalkGroups([]Talk{tk})[0])
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("TalkGroups = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestClusterKeepsApartNamesakes(t *testing.T) {
	ev := "lt-night-3"
	mk := func(id, title string, sp ...Speaker) TalkEntry {
		tk := Talk{ID: id, PostSlug: strings.Split(id, "-")[0], EventSlug: ev, Title: title, Speakers: sp, Confidence: 0.8}
		return TalkEntry{Talk: tk, Group: TalkGroups([]Talk{tk})[0]}
	}
	cs := Cluster([]TalkEntry{
		mk("a-t1", "Demo", Speaker{Slug: "alice"}),
		mk("b-t1", "Demo", Speaker{Slug: "bob"}),
		mk("c-t1", "Demo"),
	})
	// Alice's and Bob's demos are two talks; the recap that names no
	// speaker joins one of them, not both into one.
	if len(cs) != 2 {
		t.Fatalf("%d talks, want 2: %v", len(cs), cs)
	}
}

func TestClusterBySpeaker(t *testing.T) {
	ev := "devfest-2024"
	mk := func(id, title string, sp ...Speaker) TalkEntry {
		tk := Talk{ID: id, PostSlug: strings.Split(id, "-")[0], EventSlug: ev, Title: title, Speakers: sp, Confidence: 0.8}
		return TalkEntry{Talk: tk}
	}
	foo := Speaker{Slug: "foo-bar", Name: "Foo Bar"}
	fooH := Speaker{Slug: "foo-bar", Name: "Foo Bar", Handle: "foob"}
	ann := Speaker{Slug: "ann-lee", Name: "Ann Lee", Handle: "annlee"}
	talks := []TalkEntry{
		// a names the handle, b does not; c names the co-speaker first.
		mk("a-t1", "Flutter at scale", fooH, ann),
		mk("b-t1", "Flutter ở quy mô lớn", foo),
		mk("c-t1", "大規模な Flutter", ann, fooH),
		// d tells two talks by Ann: they stay two, and neither joins the
		// other's recaps twice.
		mk("d-t1", "Flutter at scale", ann),
		mk("d-t2", "Dart macros", ann),
	}
	for i := range talks {
		talks[i].Group = TalkGroups([]Talk{talks[i].Talk})[0]
	}
	// d's two talks share a speaker: TalkGroups, over the whole post, keeps
	// them apart.
	dg := TalkGroups([]Talk{talks[3].Talk, talks[4].Talk})
	talks[3].Group, talks[4].Group = dg[0], dg[1]
	cs := Cluster(talks)
	var got []string
	for _, c := range cs {
		s := ids(c)
		slices.Sort(s)
		got = append(got, strings.Join(s, "+"))
	}
	slices.Sort(got)
	want := []string{"a-t1+b-t1+c-t1+d-t1", "d-t2"}
	if !slices.Equal(got, want) {
		t.Errorf("clusters = %q, want %q", got, want)
	}
}

// TestClusterNamesSpelledApart joins the recaps of one talk whose speaker
// names differ only in their spaces, as Vietnamese place names and
// Japanese names are written either way.
func TestClusterNamesSpelledApart(t *testing.T) {
	ev := "vietkubers-1"
	mk := func(id string, sp Speaker) TalkEntry {
		tk := Talk{ID: id, PostSlug: strings.Split(id, "-")[0], EventSlug: ev, Title: "Deep Dive into Container Networking", Speakers: []Speaker{sp}, Confidence: 0.8}
		return TalkEntry{Talk: tk, Group: TalkGroups([]Talk{tk})[0]}
	}
	cs := Cluster([]TalkEntry{
		mk("en-t3", Speaker{Slug: "fujitsu-vietnam-team", Name: "Fujitsu Vietnam team"}),
		mk("vi-t3", Speaker{Slug: "fujitsu-viet-nam-team", Name: "Fujitsu Việt Nam team"}),
	})
	if len(cs) != 1 {
		t.Errorf("%d talks, want 1: %v", len(cs), cs)
	}
}

func TestTitleGroups(t *testing.T) {
	ann := []Speaker{{Slug: "ann", Name: "Ann"}}
	for _, tc := range []struct {
		name string
		talk Talk
		want []string
	}{
		{"event and title", Talk{Title: "Deep Dive into Container Networking v1.0", EventSlug: "vkc-1"}, []string{"vkc-1/title:deep-dive-into-container-networking-v1-0"}},
		{"event, speaker and title", Talk{Title: "GopherCon 2019 Report", EventSlug: "go113", Speakers: ann}, []string{"go113/title:gophercon-2019-report", "speaker:ann/title:gophercon-2019-report"}},
		{"speaker and title, no event", Talk{Title: "GopherCon 2019 Report", Speakers: ann}, []string{"speaker:ann/title:gophercon-2019-report"}},
		{"no event, no speaker", Talk{Title: "Deep Dive into Container Networking v1.0"}, nil},
		{"a slot, not a talk", Talk{Title: "Lightning Talk", EventSlug: "vkc-1", Speakers: ann}, nil},
		{"a long Japanese title", Talk{Title: "コンテナ移行におけるアレコレ", EventSlug: "fk-2"}, []string{"fk-2/title:コンテナ移行におけるアレコレ"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := TitleGroups(tc.talk); !slices.Equal(got, tc.want) {
				t.Errorf("TitleGroups(%+v) = %q, want %q", tc.talk, got, tc.want)
			}
		})
	}
}
