package server

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/recaphq/recap/indexer"
	"github.com/recaphq/recap/indexer/kb"
	"github.com/recaphq/recap/indexer/store"
)

// TestCorpusTalksOnce indexes the bundled data/, the shared corpus of real
// recaps and the seeds together, as the product is run, and checks that
// the knowledge pages agree on what one talk is: no event page lists a
// talk (a recap, a title or a group) twice; every talk of a speaker page
// is one talk of its event's page, and no two of them are the same one.
func TestCorpusTalksOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("indexes the whole corpus")
	}
	corpus := filepath.Join("..", "..", "shared", "corpus")
	if _, err := os.Stat(corpus); err != nil {
		t.Skip("no shared corpus at ../../shared/corpus")
	}
	data := filepath.Join(t.TempDir(), "data")
	copyTree(t, filepath.Join("..", "data"), data)
	copyTree(t, corpus, filepath.Join(data, "corpus"))
	if seeds := filepath.Join("..", "..", "shared", "seeds"); dirExists(seeds) {
		copyTree(t, seeds, filepath.Join(data, "seeds"))
	}
	idx := filepath.Join(t.TempDir(), "index")
	if _, err := indexer.Run(context.Background(), indexer.Options{DataDir: data, IndexDir: idx, Full: true}); err != nil {
		t.Fatal(err)
	}
	ix, err := store.OpenIndex(idx)
	if err != nil {
		t.Fatal(err)
	}
	live := store.NewLive(ix)
	t.Cleanup(func() { live.Close() })
	tax, err := indexer.LoadTaxonomy(data)
	if err != nil {
		t.Fatal(err)
	}
	s, err := NewServer(DefaultConfig(), Deps{Index: live, Taxonomy: tax, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}

	// Every talk, listed by /api/talks a page at a time.
	var all []TalkJSON
	for page := 1; page < 100; page++ {
		r := decode[TalksResponse](t, s, "/api/talks?size=100&page="+strconv.Itoa(page))
		all = append(all, r.Talks...)
		if len(r.Talks) == 0 || len(all) >= r.Total {
			break
		}
	}
	if len(all) < 100 {
		t.Fatalf("%d talks over the corpus, want at least 100", len(all))
	}
	listed := map[string]bool{} // recap IDs
	events := map[string]bool{}
	for _, tk := range all {
		for _, r := range tk.Recaps {
			if listed[r.ID] {
				t.Errorf("/api/talks lists the recap %s in two talks", r.ID)
			}
			listed[r.ID] = true
		}
		if tk.Event != nil {
			events[tk.Event.Slug] = true
		}
	}

	// Each event's page: each talk once, by recap, group and title.
	talkOf := map[string]string{}    // recap ID → ID of its talk on its event's page
	groupTalk := map[string]string{} // group key → ID of its talk
	for slug := range events {
		ev := decode[EventResponse](t, s, "/api/events/"+slug)
		titles := map[string]bool{}
		for _, tk := range ev.Talks {
			if k := kb.TitleKey(tk.Title); titles[k] {
				t.Errorf("event %s lists the talk %q twice", slug, tk.Title)
			} else {
				titles[k] = true
			}
			for _, r := range tk.Recaps {
				if _, dup := talkOf[r.ID]; dup {
					t.Errorf("event %s lists the recap %s in two talks", slug, r.ID)
				}
				talkOf[r.ID] = tk.ID
				// Several groups may make one talk (kb.Cluster), but a
				// group is never split.
				if other, ok := groupTalk[r.Group]; ok && other != tk.ID {
					t.Errorf("event %s splits the group %s into talks %s and %s", slug, r.Group, other, tk.ID)
				}
				groupTalk[r.Group] = tk.ID
			}
		}
	}

	// Each speaker's page counts talks: as many as the distinct talks of
	// the event pages (or talks of no event) that their recaps belong to.
	speakers := map[string]bool{}
	for _, tk := range all {
		for _, sp := range tk.Speakers {
			speakers[sp.Slug] = true
		}
	}
	for slug := range speakers {
		rec := get(t, s, "/api/speakers/"+slug)
		if rec.Code != http.StatusOK {
			t.Errorf("/api/speakers/%s: %d", slug, rec.Code)
			continue
		}
		sp := decode[SpeakerResponse](t, s, "/api/speakers/"+slug)
		distinct := map[string]bool{}
		for _, tk := range sp.Talks {
			id := tk.ID
			if e, ok := talkOf[tk.Recaps[0].ID]; ok {
				id = e
			}
			if distinct[id] {
				t.Errorf("speaker %s lists the talk %q twice", slug, tk.Title)
			}
			distinct[id] = true
		}
		if len(distinct) != len(sp.Talks) {
			t.Errorf("speaker %s counts %d talks, %d distinct", slug, len(sp.Talks), len(distinct))
		}
	}
	t.Logf("%d talks, %d events, %d speakers", len(all), len(events), len(speakers))
}

func dirExists(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}
