package server

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/recaphq/recap/indexer"
	"github.com/recaphq/recap/indexer/store"
)

// newMergeServer serves testdata/merge: one event told by an en, a ja and
// a vi recap, each titling the talks in its own words and spelling the
// speakers its own way, and a later event where one of them appears under
// a nickname with the same handle. No speaker is in speakers.yaml.
func newMergeServer(t *testing.T) *Server {
	t.Helper()
	idx := filepath.Join(t.TempDir(), "index")
	if _, err := indexer.Run(context.Background(), indexer.Options{DataDir: "testdata/merge", IndexDir: idx, Full: true}); err != nil {
		t.Fatal(err)
	}
	ix, err := store.OpenIndex(idx)
	if err != nil {
		t.Fatal(err)
	}
	live := store.NewLive(ix)
	t.Cleanup(func() { live.Close() })
	tax, err := indexer.LoadTaxonomy("testdata/merge")
	if err != nil {
		t.Fatal(err)
	}
	s, err := NewServer(DefaultConfig(), Deps{Index: live, Taxonomy: tax, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func recapLangs(tk TalkJSON) string {
	var out []string
	for _, r := range tk.Recaps {
		out = append(out, r.Lang)
	}
	slices.Sort(out)
	return strings.Join(out, ",")
}

func TestMergeEventAcrossLanguages(t *testing.T) {
	s := newMergeServer(t)
	ev := decode[EventResponse](t, s, "/api/events/fukuoka-go-20")
	if ev.Event.Date != "2024-05-17" || ev.Event.Venue != "Example Hall" || len(ev.Posts) != 3 {
		t.Errorf("event = %+v with %d posts, want the date and venue the recaps state, not a post date, and 3 recaps", ev.Event, len(ev.Posts))
	}
	// One talk each, in the running order of the recaps that list all
	// three (ja and vi; the ja post's slug comes first).
	want := []struct{ title, langs string }{
		{"本番環境での Go サービスのプロファイリング", "en,ja,vi"}, // by handle, across spellings
		{"Generics one year later", "en,ja,vi"}, // by title, where ja names no speaker
		{"LT: sqlc を使ってみた", "ja,vi"},
	}
	if len(ev.Talks) != len(want) {
		for _, tk := range ev.Talks {
			t.Logf("talk %s %q recaps %s", tk.ID, tk.Title, recapLangs(tk))
		}
		t.Fatalf("event lists %d talks, want %d", len(ev.Talks), len(want))
	}
	for i, w := range want {
		tk := ev.Talks[i]
		if !slices.ContainsFunc(tk.Recaps, func(r RecapJSON) bool { return r.Title == w.title }) || recapLangs(tk) != w.langs {
			t.Errorf("talk %d = %q told in %s, want %q told in %s", i, tk.Title, recapLangs(tk), w.title, w.langs)
		}
		if tk.Date != "2024-05-17" {
			t.Errorf("talk %q dated %s, want the event's date", tk.Title, tk.Date)
		}
	}
	if prof := ev.Talks[0]; prof.Slides != "https://example.com/slides/profiling" || len(prof.Speakers) != 1 {
		t.Errorf("merged talk = %+v, want the en recap's slides and one speaker", prof)
	}

	// Every recap's talk URL shows the same talk, which lists them all.
	for _, r := range ev.Talks[0].Recaps {
		tk := decode[TalkJSON](t, s, "/api/talks/"+r.ID)
		if tk.ID != ev.Talks[0].ID || len(tk.Recaps) != 3 {
			t.Errorf("/api/talks/%s = %s with %d recaps, want %s with 3", r.ID, tk.ID, len(tk.Recaps), ev.Talks[0].ID)
		}
	}

	// /api/talks lists a talk once, with its recaps; a query in one
	// language answers with that recap's title.
	r := decode[TalksResponse](t, s, "/api/talks?q="+url.QueryEscape("profiling dịch vụ"))
	if len(r.Talks) != 1 || r.Talks[0].Title != "Profiling dịch vụ Go trên production" || len(r.Talks[0].Recaps) != 3 {
		t.Errorf("/api/talks?q=profiling dịch vụ = %+v, want the one talk, titled as the vi recap titles it", r.Talks)
	}
	all := decode[TalksResponse](t, s, "/api/talks?size=100")
	if all.Total != 4 || len(all.Talks) != 4 {
		t.Errorf("/api/talks lists %d talks (total %d), want 4", len(all.Talks), all.Total)
	}
	// Paging goes by talk, not by recap: no talk on two pages.
	seen := map[string]bool{}
	for page := 1; page <= 4; page++ {
		p := decode[TalksResponse](t, s, "/api/talks?size=1&page="+string(rune('0'+page)))
		if len(p.Talks) != 1 || seen[p.Talks[0].ID] {
			t.Errorf("page %d = %+v, want one new talk", page, p.Talks)
			continue
		}
		seen[p.Talks[0].ID] = true
	}
}

func TestMergeSpeakerByHandle(t *testing.T) {
	s := newMergeServer(t)
	// Kenta Tanaka, 田中健太, Tanaka Kenta and けんた share the handle
	// kentanaka: each spelling's page shows the person's two talks.
	for _, slug := range []string{"kenta-tanaka", "田中健太", "けんた"} {
		sp := decode[SpeakerResponse](t, s, "/api/speakers/"+url.PathEscape(slug))
		if len(sp.Talks) != 2 {
			for _, tk := range sp.Talks {
				t.Logf("talk %s %q", tk.ID, tk.Title)
			}
			t.Errorf("/speakers/%s lists %d talks, want 2 (one per event, however many recaps)", slug, len(sp.Talks))
		}
		if !slices.ContainsFunc(sp.Speaker.Handles, func(h string) bool { return strings.EqualFold(h, "kentanaka") }) || len(sp.Speaker.Aliases) != 3 {
			t.Errorf("/speakers/%s = %+v, want the handle and the three other spellings", slug, sp.Speaker)
		}
		// One person, one name: every recap spells them once, so the
		// first slug in order names them.
		if sp.Speaker.Slug != "kenta-tanaka" || sp.Speaker.Name != "Kenta Tanaka" {
			t.Errorf("/api/speakers/%s names %s (%s), want kenta-tanaka", slug, sp.Speaker.Slug, sp.Speaker.Name)
		}
	}
	// The page of another spelling is the person's page.
	rec := get(t, s, "/speakers/"+url.PathEscape("田中健太"))
	if rec.Code != http.StatusFound || rec.Header().Get("Location") != "/speakers/kenta-tanaka" {
		t.Errorf("/speakers/田中健太: %d to %q, want 302 to /speakers/kenta-tanaka", rec.Code, rec.Header().Get("Location"))
	}
}

func TestMergePages(t *testing.T) {
	s := newMergeServer(t)
	tests := []struct {
		target string
		want   []string
	}{
		{"/events/fukuoka-go-20", []string{"Talks (3)", "Example Hall", "2024-05-17", "Profiling dịch vụ Go trên production"}},
		{"/speakers/kenta-tanaka", []string{"Talks (2)", "@kentanaka", "田中健太", "Go とトレーシング"}},
		{"/talks/vi-2024-05-22-fukuoka-go-20-t1", []string{"Recaps of this talk (3)", "Fukuoka Go #20: notes", "Fukuoka Go #20 参加レポート", "Fukuoka Go #20: ghi chép", "Kenta walked through pprof"}},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			rec := get(t, s, tt.target)
			if rec.Code != 200 {
				t.Fatalf("status %d: %s", rec.Code, rec.Body)
			}
			for _, w := range tt.want {
				if !strings.Contains(rec.Body.String(), w) {
					t.Errorf("page lacks %q", w)
				}
			}
		})
	}
}
