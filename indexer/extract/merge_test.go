package extract

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/recaphq/recap/indexer/kb"
)

// TestRecapsOfOneMeetupMerge checks that the recaps of one meetup, written
// in different languages and naming the series differently, become one
// event: data/events.yaml says that "Vietkubers Meetup" is the Vietnam
// Kubernetes Community.
func TestRecapsOfOneMeetupMerge(t *testing.T) {
	tax := loadTaxonomy(t)
	seed := filepath.Join(sharedDir, "seeds", "000_0df85c3de60ca942.txt")
	if _, err := os.Stat(seed); err != nil {
		t.Skip("seed 000 not present")
	}
	inputs := []goldenInput{
		{seed, "000_0df85c3de60ca942.txt"},
		{filepath.Join(dataDir, "posts/vi/2019-01-07-vietkubers-meetup-dau-tien.md"), "posts/vi/2019-01-07-vietkubers-meetup-dau-tien.md"},
		{filepath.Join(dataDir, "posts/en/2019-01-10-vietnam-kubernetes-first-meetup.md"), "posts/en/2019-01-10-vietnam-kubernetes-first-meetup.md"},
	}
	var events []kb.Event
	for _, in := range inputs {
		r := Post(readPost(t, in.file, in.rel), tax)
		if r.Event == nil {
			t.Fatalf("%s: no event", in.rel)
		}
		events = append(events, *r.Event)
	}
	merged := kb.MergeEvents(events)
	if len(merged) != 1 {
		t.Fatalf("%d events, want one: %+v", len(merged), merged)
	}
	ev := merged[0]
	if ev.Name != "Vietnam Kubernetes Community #1" || ev.Slug != "vietnam-kubernetes-community-1" || len(ev.Posts) != 3 {
		t.Errorf("event = %+v, want Vietnam Kubernetes Community #1 with 3 posts", ev)
	}
}
