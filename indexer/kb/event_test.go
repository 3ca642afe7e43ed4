package kb

import (
	"strings"
	"testing"
)

func TestMergeEvents(t *testing.T) {
	got := MergeEvents([]Event{
		{Slug: "k8s-tokyo-18", Name: "Kubernetes Meetup Tokyo #18", Posts: []string{"b"}},
		{Slug: "other-1", Name: "Other #1", Posts: []string{"c"}, City: "Hanoi"},
		{Slug: "k8s-tokyo-18", Name: "Kubernetes Meetup Tokyo #18", Posts: []string{"a", "b"}, City: "Tokyo"},
	})
	if len(got) != 2 {
		t.Fatalf("MergeEvents: %d events, want 2: %+v", len(got), got)
	}
	k := got[0]
	if k.Slug != "k8s-tokyo-18" || strings.Join(k.Posts, ",") != "a,b" || k.City != "Tokyo" {
		t.Errorf("merged event = %+v, want posts a,b and city Tokyo", k)
	}
}
