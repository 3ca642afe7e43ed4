package server

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/recaphq/recap/indexer/kb"
	"github.com/recaphq/recap/indexer/search"
)

// A talk told by several recaps is stored once per recap; the server shows
// it once. The recaps of one talk are found from the talks of its event
// (kb.Cluster over them), so that the event page, the talk page, the
// speaker page and /api/talks agree on what one talk is, whatever the
// order of the index.

// RecapJSON is what one recap says of a talk.
type RecapJSON struct {
	// ID is the talk's ID in this recap; its URL shows the whole talk.
	ID string `json:"id"`
	// Group is the recap's group key (kb.TalkGroups).
	Group       string       `json:"group"`
	Title       string       `json:"title"`
	Lang        string       `json:"lang"`
	Date        string       `json:"date,omitempty"`
	Speakers    []SpeakerRef `json:"speakers"`
	Description string       `json:"description,omitempty"`
	Slides      string       `json:"slides,omitempty"`
	Video       string       `json:"video,omitempty"`
	Post        Ref          `json:"post"`
	Confidence  float64      `json:"confidence"`
	Source      string       `json:"source"`
}

// lookupTalks runs a talk lookup under the same admission as searches.
func (s *Server) lookupTalks(ctx context.Context, f search.TalkFilter) ([]kb.TalkEntry, error) {
	if err := s.admit(ctx); err != nil {
		return nil, err
	}
	defer func() { <-s.searches }()
	ctx, cancel := context.WithTimeout(ctx, s.cfg.SearchTimeout)
	defer cancel()
	return s.index.Talks(ctx, f)
}

// talkResolver finds the cluster (kb.Cluster) of talks, looking each event
// up once per request.
type talkResolver struct {
	s      *Server
	events map[string][][]kb.TalkEntry
}

func (s *Server) newTalkResolver() *talkResolver {
	return &talkResolver{s: s, events: map[string][][]kb.TalkEntry{}}
}

// event returns the talks of an event, one cluster per talk, in running
// order.
func (r *talkResolver) event(ctx context.Context, slug string) ([][]kb.TalkEntry, error) {
	if cs, ok := r.events[slug]; ok {
		return cs, nil
	}
	ts, err := r.s.lookupTalks(ctx, search.TalkFilter{Event: slug})
	if err != nil {
		return nil, err
	}
	cs := kb.Cluster(ts)
	kb.RunningOrder(cs)
	r.events[slug] = cs
	return cs, nil
}

// cluster returns every recap of the talk t, canonical first.
func (r *talkResolver) cluster(ctx context.Context, t kb.TalkEntry) ([]kb.TalkEntry, error) {
	if t.Talk.EventSlug == "" {
		return []kb.TalkEntry{t}, nil
	}
	cs, err := r.event(ctx, t.Talk.EventSlug)
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		if slices.ContainsFunc(c, func(m kb.TalkEntry) bool { return m.Talk.ID == t.Talk.ID }) {
			return c, nil
		}
	}
	// The talk was indexed after the event's talks were looked up.
	return []kb.TalkEntry{t}, nil
}

// distinct returns the clusters of talks, each once, in the order of
// their first member in talks.
func (r *talkResolver) distinct(ctx context.Context, talks []kb.TalkEntry) ([][]kb.TalkEntry, error) {
	var out [][]kb.TalkEntry
	seen := map[string]bool{}
	for _, t := range talks {
		if seen[t.Talk.ID] {
			continue
		}
		c, err := r.cluster(ctx, t)
		if err != nil {
			return nil, err
		}
		for _, m := range c {
			seen[m.Talk.ID] = true
		}
		seen[t.Talk.ID] = true
		out = append(out, c)
	}
	return out, nil
}

// newTalkJSON shows one talk from all its recaps, canonical first: the
// canonical recap's title, ID and description, every recap's speakers,
// the first links any recap gives, the event's date when it is known.
func newTalkJSON(members []kb.TalkEntry) TalkJSON {
	st := members[0]
	t := st.Talk
	tj := TalkJSON{
		ID: t.ID, Group: st.Group, Title: t.Title, URL: talkPath(t.ID), Lang: t.Lang,
		Minutes: t.Minutes, Slides: t.Slides, Video: t.Video, Description: t.Description,
		Confidence: t.Confidence, Source: t.Source,
		Post:     Ref{Slug: t.PostSlug, Title: st.PostTitle, URL: postPath(t.PostSlug)},
		Speakers: speakerRefs(kb.MergedSpeakers(members)),
		Topics:   []string{},
		Recaps:   make([]RecapJSON, 0, len(members)),
	}
	if tj.Group == "" {
		tj.Group = kb.TalkGroups([]kb.Talk{t})[0]
	}
	// The event's date, as any recap states it, else the lead recap's.
	date := st.PostDate
	for _, m := range members {
		if m.Event != nil && !m.Event.Date.IsZero() {
			date = m.Event.Date
			break
		}
	}
	if !date.IsZero() {
		tj.Date = date.Format(time.DateOnly)
	}
	if st.Event != nil {
		tj.Event = &Ref{Slug: st.Event.Slug, Title: st.Event.Name, URL: eventPath(st.Event.Slug)}
	}
	for _, m := range members {
		mt := m.Talk
		if tj.Slides == "" {
			tj.Slides = mt.Slides
		}
		if tj.Video == "" {
			tj.Video = mt.Video
		}
		if tj.Minutes == 0 {
			tj.Minutes = mt.Minutes
		}
		for _, tp := range mt.Topics {
			if !slices.Contains(tj.Topics, tp) {
				tj.Topics = append(tj.Topics, tp)
			}
		}
		rj := RecapJSON{
			ID: mt.ID, Group: m.Group, Title: mt.Title, Lang: mt.Lang, Speakers: speakerRefs(mt.Speakers),
			Description: mt.Description, Slides: mt.Slides, Video: mt.Video,
			Post:       Ref{Slug: mt.PostSlug, Title: m.PostTitle, URL: postPath(mt.PostSlug)},
			Confidence: mt.Confidence, Source: mt.Source,
		}
		if !m.PostDate.IsZero() {
			rj.Date = m.PostDate.Format(time.DateOnly)
		}
		tj.Recaps = append(tj.Recaps, rj)
	}
	return tj
}

func speakerRefs(ss []kb.Speaker) []SpeakerRef {
	out := make([]SpeakerRef, 0, len(ss))
	for _, s := range ss {
		out = append(out, SpeakerRef{s.Slug, s.Name, s.Handle, s.Affiliation, speakerPath(s.Slug)})
	}
	return out
}

// talksJSON shows clusters.
func talksJSON(cs [][]kb.TalkEntry) []TalkJSON {
	out := make([]TalkJSON, 0, len(cs))
	for _, c := range cs {
		out = append(out, newTalkJSON(c))
	}
	return out
}

// talkPage is one page of distinct talks among the hits of a talk
// search.
type talkPage struct {
	talks  []TalkJSON
	total  int
	result *search.Result // the first chunk's, for the query and facets
}

// searchTalks runs a talk search and pages its hits by talk rather than by
// recap: the hits are read in chunks, in the search's order, until the
// page is full, and a talk counts where its best-ranked recap does. The
// total is exact when every hit was read, and otherwise the talks found
// so far plus the recaps not read, which is at least the number of talks.
func (s *Server) searchTalks(ctx context.Context, q search.Query) (talkPage, error) {
	q.Type = search.TypeTalk
	q.Normalize()
	if err := q.Validate(); err != nil {
		return talkPage{}, err
	}
	page, size := q.Page, q.Size
	want := page * size
	chunk := min(search.MaxSize, max(2*want, 20))
	res := s.newTalkResolver()
	var clusters [][]kb.TalkEntry
	seen := map[string]bool{}
	matched := map[string][]kb.TalkEntry{} // canonical ID → the cluster's hits, best first
	var first *search.Result
	read, total := 0, 0
	for n := 1; ; n++ {
		cq := q
		cq.Page, cq.Size = n, chunk
		r, err := s.search(ctx, cq)
		if err != nil {
			return talkPage{}, err
		}
		if first == nil {
			first = r
		}
		total = r.Total
		var hits []kb.TalkEntry
		for _, h := range r.Hits {
			if h.Talk != nil {
				hits = append(hits, *h.Talk)
			}
		}
		read += len(r.Hits)
		for _, h := range hits {
			c, err := res.cluster(ctx, h)
			if err != nil {
				return talkPage{}, err
			}
			id := c[0].Talk.ID
			matched[id] = append(matched[id], h)
			if !seen[id] {
				seen[id] = true
				clusters = append(clusters, c)
			}
		}
		if len(clusters) > want || len(r.Hits) < chunk || read >= total || n >= search.MaxPage {
			break
		}
	}
	tp := talkPage{result: first, total: len(clusters)}
	if read < total {
		tp.total += total - read
	}
	lo := min((page-1)*size, len(clusters))
	hi := min(lo+size, len(clusters))
	for _, c := range clusters[lo:hi] {
		tp.talks = append(tp.talks, newTalkJSON(lead(c, matched[c[0].Talk.ID], q.Text != "")))
	}
	if tp.talks == nil {
		tp.talks = []TalkJSON{}
	}
	first.Query.Page, first.Query.Size = page, size
	return tp, nil
}

// lead puts first the recap of a talk that a search answers with: for a
// text query the best-ranked of the recaps it matched (its words are the
// ones the user typed), else the one among them that tells the talk best.
// The other recaps follow in their order.
func lead(c, hits []kb.TalkEntry, byRank bool) []kb.TalkEntry {
	if len(hits) == 0 {
		return c
	}
	first := hits[0]
	if !byRank {
		first = kb.Canonical(hits)[0]
	}
	out := make([]kb.TalkEntry, 0, len(c))
	out = append(out, first)
	for _, m := range c {
		if m.Talk.ID != first.Talk.ID {
			out = append(out, m)
		}
	}
	return out
}

// speakerTalks returns the talks of the speaker with the given slug, each
// once, newest first, with the handles their recaps give the speaker. A
// handle that a recap gives the
// speaker brings in the talks other recaps credit to that handle under
// another spelling.
func (s *Server) speakerTalks(ctx context.Context, slug string, knownHandles []string) (cs [][]kb.TalkEntry, handles []string, err error) {
	ts, err := s.lookupTalks(ctx, search.TalkFilter{Speakers: []string{slug}})
	if err != nil {
		return nil, nil, err
	}
	handles = append(handles, knownHandles...)
	addHandle := func(h string) {
		if h != "" && !slices.ContainsFunc(handles, func(o string) bool { return strings.EqualFold(o, h) }) {
			handles = append(handles, h)
		}
	}
	for _, t := range ts {
		for _, sp := range t.Talk.Speakers {
			if sp.Slug == slug {
				addHandle(sp.Handle)
			}
		}
	}
	if len(handles) > 0 {
		more, err := s.lookupTalks(ctx, search.TalkFilter{Handles: handles})
		if err != nil {
			return nil, nil, err
		}
		for _, t := range more {
			if !slices.ContainsFunc(ts, func(o kb.TalkEntry) bool { return o.Talk.ID == t.Talk.ID }) {
				ts = append(ts, t)
			}
		}
	}
	cs, err = s.newTalkResolver().distinct(ctx, ts)
	if err != nil {
		return nil, nil, err
	}
	date := func(c []kb.TalkEntry) time.Time {
		if e := c[0].Event; e != nil && !e.Date.IsZero() {
			return e.Date
		}
		return c[0].PostDate
	}
	slices.SortStableFunc(cs, func(a, b []kb.TalkEntry) int {
		if c := date(b).Compare(date(a)); c != 0 {
			return c
		}
		return strings.Compare(a[0].Talk.ID, b[0].Talk.ID)
	})
	return cs, handles, nil
}
