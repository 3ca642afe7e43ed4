package search

import (
	"slices"
	"strings"
	"testing"

	bsearch "github.com/blevesearch/bleve/v2/search"
)

// TestGroupHits checks the cards a page shows: a recap's talks fold
// under its first hit, a talk told by two recaps is one talk card, and
// the other recap of that talk is a post card where its talk ranked,
// which its own hit, further down, then fills.
func TestGroupHits(t *testing.T) {
	hit := func(id, typ, post, group string, score float64) tierHit {
		f := map[string]any{FieldType: typ, FieldPost: post}
		if group != "" {
			f[FieldGroup] = group
		}
		if k, ok := strings.CutPrefix(group, "keys:"); ok {
			// Several keys, as a talk document stores them.
			var keys []any
			for _, g := range strings.Split(k, ",") {
				keys = append(keys, g)
			}
			f[FieldGroup] = keys
		}
		return tierHit{DocumentMatch: &bsearch.DocumentMatch{ID: id, Score: score, Fields: f}}
	}
	hits := []tierHit{
		hit("talk:a-t1", TypeTalk, "a", "ev/speaker:x", 9),
		hit("talk:b-t2", TypeTalk, "b", "ev/speaker:x", 8), // the same talk, told by b
		hit("talk:a-t2", TypeTalk, "a", "ev/speaker:y", 7), // a's other talk
		hit("post:c", TypePost, "c", "", 6),
		hit("post:b", TypePost, "b", "", 5),
		// One talk whose recaps spell its speakers differently: they meet
		// by its title key, d's first.
		hit("talk:d-t1", TypeTalk, "d", "keys:ev/speaker:team,ev/title:deep-dive-into-networking", 4),
		hit("talk:e-t1", TypeTalk, "e", "keys:ev/speaker:ann,ev/title:deep-dive-into-networking", 3),
		// One speaker's talk of one title at two events is two talks.
		hit("talk:f-t1", TypeTalk, "f", "keys:ev1/speaker:bob,speaker:bob/title:intro-to-rbac-again", 2),
		hit("talk:g-t1", TypeTalk, "g", "keys:ev2/speaker:bob,speaker:bob/title:intro-to-rbac-again", 1),
	}
	hits[len(hits)-2].Fields[FieldEvent] = "ev1"
	hits[len(hits)-1].Fields[FieldEvent] = "ev2"
	tests := []struct {
		name     string
		q        Query
		want     []string
		wantMore []int
	}{
		{"posts and talks", Query{Text: "x"}, []string{"talk:a-t1", "post:b", "post:c", "talk:d-t1", "post:e", "talk:f-t1", "talk:g-t1"}, []int{1, 0, 0, 0, 0, 0, 0}},
		{"talks only", Query{Text: "x", Type: TypeTalk}, []string{"talk:a-t1", "talk:a-t2", "post:c", "post:b", "talk:d-t1", "talk:f-t1", "talk:g-t1"}, []int{0, 0, 0, 0, 0, 0, 0}},
		{"listing", Query{}, []string{"talk:a-t1", "talk:b-t2", "talk:a-t2", "post:c", "post:b", "talk:d-t1", "talk:e-t1", "talk:f-t1", "talk:g-t1"}, []int{0, 0, 0, 0, 0, 0, 0, 0, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := groupHits(hits, tt.q, "")
			var got []string
			var more []int
			for _, h := range out {
				got = append(got, h.ID)
				more = append(more, h.more)
			}
			if !slices.Equal(got, tt.want) || !slices.Equal(more, tt.wantMore) {
				t.Errorf("cards %v (more %v), want %v (more %v)", got, more, tt.want, tt.wantMore)
			}
		})
	}
	// The stand-in for b was filled by b's own hit: its locations are b's.
	out := groupHits(hits, Query{Text: "x"}, "")
	if out[1].standIn || out[1].DocumentMatch != hits[4].DocumentMatch {
		t.Errorf("b's card is still its talk's stand-in: %+v", out[1])
	}
}
