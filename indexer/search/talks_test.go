package search

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	"github.com/recaphq/recap/indexer/kb"
)

// TestTalkGroupsIndexed checks that talk documents carry their group key
// and speakers' handles, that Index.Talks finds them by each, and that a
// hit names its group.
func TestTalkGroupsIndexed(t *testing.T) {
	ix, err := Create(filepath.Join(t.TempDir(), "ix"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	ev := &kb.Event{Slug: "fukuoka-go-20", Name: "Fukuoka Go #20", Date: day(2024, 5, 17)}
	entry := func(slug, lang string, posted int, talks ...kb.Talk) kb.Entry {
		for i := range talks {
			talks[i].ID = slug + "-t" + string(rune('1'+i))
			talks[i].PostSlug, talks[i].Lang, talks[i].EventSlug = slug, lang, ev.Slug
		}
		return kb.Entry{Post: kb.Post{Slug: slug, Lang: lang, Title: slug, Date: day(2024, 5, posted)}, Talks: talks, Event: ev}
	}
	var docs []Doc
	for _, e := range []kb.Entry{
		entry("en-go20", kb.LangEN, 20,
			kb.Talk{Title: "Profiling Go services", Speakers: []kb.Speaker{{Slug: "kenta-tanaka", Name: "Kenta Tanaka", Handle: "KentaNaka"}}},
			kb.Talk{Title: "Generics one year later", Speakers: []kb.Speaker{{Slug: "mika-sato", Name: "Mika Sato"}}}),
		entry("ja-go20", kb.LangJA, 18,
			kb.Talk{Title: "Go サービスのプロファイリング", Speakers: []kb.Speaker{{Slug: "田中健太", Name: "田中健太", Handle: "kentanaka"}}}),
	} {
		ds, err := Documents(e)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, ds...)
	}
	if err := ix.Apply(docs, nil); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	ids := func(f TalkFilter) []string {
		t.Helper()
		ts, err := ix.Talks(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, tk := range ts {
			out = append(out, tk.Talk.ID)
		}
		return out
	}
	group := "fukuoka-go-20/speaker:kentanaka"
	tests := []struct {
		name string
		f    TalkFilter
		want []string
	}{
		{"group", TalkFilter{Groups: []string{group}}, []string{"en-go20-t1", "ja-go20-t1"}},
		{"handle, any case", TalkFilter{Handles: []string{"KENTANAKA"}}, []string{"en-go20-t1", "ja-go20-t1"}},
		{"speaker slug", TalkFilter{Speakers: []string{"mika-sato"}}, []string{"en-go20-t2"}},
		{"event", TalkFilter{Event: ev.Slug}, []string{"en-go20-t1", "en-go20-t2", "ja-go20-t1"}},
		{"event and speaker", TalkFilter{Event: ev.Slug, Speakers: []string{"田中健太"}}, []string{"ja-go20-t1"}},
		{"empty values", TalkFilter{Handles: []string{""}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ids(tt.f); !slices.Equal(got, tt.want) {
				t.Errorf("Talks(%+v) = %q, want %q", tt.f, got, tt.want)
			}
		})
	}
	if _, err := ix.Talks(ctx, TalkFilter{}); err == nil {
		t.Errorf("Talks with no filter: no error")
	}
	ts, _ := ix.Talks(ctx, TalkFilter{Groups: []string{group}})
	for _, tk := range ts {
		if tk.Group != group || tk.Event == nil {
			t.Errorf("stored talk %s: group %q, event %v", tk.Talk.ID, tk.Group, tk.Event)
		}
	}
	// A talk's document is dated by its event, not by its recap.
	r, err := ix.Search(ctx, Query{Type: TypeTalk, Speaker: "mika-sato"})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Hits) != 1 || r.Hits[0].Group != "fukuoka-go-20/speaker:mika-sato" || !r.Hits[0].Date.Equal(ev.Date) {
		t.Errorf("hits = %+v, want one with its group and the event's date", r.Hits)
	}
}
