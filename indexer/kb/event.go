package kb

import (
	"slices"
	"sort"
)

// MergeEvents merges events with the same slug, as several posts recap one
// event: the posts are joined and the first stated date, venue and city
// kept. The result is sorted by date, then slug.
func MergeEvents(events []Event) []Event {
	idx := make(map[string]int)
	var out []Event
	for _, e := range events {
		i, ok := idx[e.Slug]
		if !ok {
			idx[e.Slug] = len(out)
			e.Posts = append([]string(nil), e.Posts...)
			out = append(out, e)
			continue
		}
		o := &out[i]
		if o.Date.IsZero() {
			o.Date = e.Date
		}
		if o.Venue == "" {
			o.Venue = e.Venue
		}
		if o.City == "" {
			o.City = e.City
		}
		for _, p := range e.Posts {
			if !slices.Contains(o.Posts, p) {
				o.Posts = append(o.Posts, p)
			}
		}
	}
	for i := range out {
		sort.Strings(out[i].Posts)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].Date.Equal(out[j].Date) {
			return out[i].Date.Before(out[j].Date)
		}
		return out[i].Slug < out[j].Slug
	})
	return out
}
