package server

import (
	"context"
	"errors"
	"net/http"
	"sort"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/recaphq/recap/indexer/search"
)

// The list endpoints: every speaker and every event, paged, the most
// active first. The counts come from the index's facets; only the names
// of the page shown are looked up.

// defaultListSize is the page size of a list when the request names none.
const defaultListSize = 20

// listPage reads the page and size parameters of a list, with the bounds
// of a search.
func listPage(c *gin.Context) (page, size int, err error) {
	page, size = 1, defaultListSize
	for name, dst := range map[string]*int{"page": &page, "size": &size} {
		v, ok := c.GetQuery(name)
		if !ok {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			return 0, 0, &search.ParamError{Param: name, Message: strconv.Quote(v) + " is not a whole number"}
		}
		*dst = n
	}
	switch {
	case page < 1 || page > search.MaxPage:
		return 0, 0, &search.ParamError{Param: "page", Message: "page must be between 1 and " + strconv.Itoa(search.MaxPage)}
	case size < 1 || size > search.MaxSize:
		return 0, 0, &search.ParamError{Param: "size", Message: "size must be between 1 and " + strconv.Itoa(search.MaxSize)}
	}
	return page, size, nil
}

// counted is a value of a facet and its count.
type counted struct {
	slug string
	n    int
}

// pageOf orders counts by count, then slug, and returns page page of size
// entries.
func pageOf(counts map[string]int, page, size int) []counted {
	all := make([]counted, 0, len(counts))
	for slug, n := range counts {
		if slug != "" {
			all = append(all, counted{slug, n})
		}
	}
	sort.Slice(all, func(i, j int) bool {
		if all[i].n != all[j].n {
			return all[i].n > all[j].n
		}
		return all[i].slug < all[j].slug
	})
	from := (page - 1) * size
	if from >= len(all) {
		return nil
	}
	return all[from:min(from+size, len(all))]
}

// SpeakerListJSON is a speaker in /api/speakers.
type SpeakerListJSON struct {
	Slug  string `json:"slug"`
	Name  string `json:"name"`
	URL   string `json:"url"`
	Talks int    `json:"talks"`
}

// SpeakersResponse is the JSON body of /api/speakers.
type SpeakersResponse struct {
	Total    int               `json:"total"`
	Page     int               `json:"page"`
	Size     int               `json:"size"`
	Speakers []SpeakerListJSON `json:"speakers"`
}

// maxNamePages bounds the pages of talks namesFromTalks reads; what it
// has not named by then is looked up one by one.
const maxNamePages = 5

// namesFromTalks names the speakers and events of want (slug → wanted)
// from the talks that carry them, reading pages of talks until each is
// named: a list page of a hundred speakers costs a few searches, not a
// hundred.
func (s *Server) namesFromTalks(ctx context.Context, speakers, events map[string]bool) (map[string]string, map[string]EventJSON, error) {
	sn, en := map[string]string{}, map[string]EventJSON{}
	q := search.Query{Type: search.TypeTalk, Size: search.MaxSize, NoFacets: true}
	for q.Page = 1; q.Page <= maxNamePages && len(sn)+len(en) < len(speakers)+len(events); q.Page++ {
		r, err := s.search(ctx, q)
		if err != nil {
			return nil, nil, err
		}
		for _, h := range r.Hits {
			if h.Talk == nil {
				continue
			}
			for _, sp := range h.Talk.Talk.Speakers {
				if speakers[sp.Slug] && sn[sp.Slug] == "" {
					sn[sp.Slug] = sp.Name
				}
			}
			if ev := h.Talk.Event; ev != nil && events[ev.Slug] {
				if _, ok := en[ev.Slug]; !ok {
					en[ev.Slug] = newEventJSON(*ev)
				}
			}
		}
		if q.Page >= r.Pages() {
			break
		}
	}
	return sn, en, nil
}

// speakerName finds how a speaker is named, from a talk of theirs.
func (s *Server) speakerName(ctx context.Context, slug string) (string, error) {
	r, err := s.search(ctx, search.Query{Type: search.TypeTalk, Speaker: slug, Size: 1, NoFacets: true})
	if err != nil {
		return "", err
	}
	for _, h := range r.Hits {
		if h.Talk == nil {
			continue
		}
		for _, sp := range h.Talk.Talk.Speakers {
			if sp.Slug == slug {
				return sp.Name, nil
			}
		}
	}
	return slug, nil
}

func (s *Server) apiSpeakers(c *gin.Context) error {
	page, size, err := listPage(c)
	if err != nil {
		return err
	}
	ctx := c.Request.Context()
	counts, err := s.index.Counts(ctx, search.TypeTalk, search.FieldSpeakers)
	if err != nil {
		return err
	}
	resp := SpeakersResponse{Total: len(counts), Page: page, Size: size, Speakers: []SpeakerListJSON{}}
	shown := pageOf(counts, page, size)
	want := map[string]bool{}
	for _, e := range shown {
		want[e.slug] = true
	}
	names, _, err := s.namesFromTalks(ctx, want, nil)
	if err != nil {
		return err
	}
	for _, e := range shown {
		name := names[e.slug]
		if name == "" {
			if name, err = s.speakerName(ctx, e.slug); err != nil {
				return err
			}
		}
		resp.Speakers = append(resp.Speakers, SpeakerListJSON{Slug: e.slug, Name: name, URL: speakerPath(e.slug), Talks: e.n})
	}
	c.JSON(http.StatusOK, resp)
	return nil
}

// EventListJSON is an event in /api/events.
type EventListJSON struct {
	Slug  string `json:"slug"`
	Name  string `json:"name"`
	URL   string `json:"url"`
	Date  string `json:"date,omitempty"`
	Posts int    `json:"posts"`
}

// EventsResponse is the JSON body of /api/events.
type EventsResponse struct {
	Total  int             `json:"total"`
	Page   int             `json:"page"`
	Size   int             `json:"size"`
	Events []EventListJSON `json:"events"`
}

// eventSummary names an event and dates it, from a post that recaps it.
func (s *Server) eventSummary(ctx context.Context, slug string) (EventJSON, error) {
	r, err := s.search(ctx, search.Query{Type: search.TypePost, Event: slug, Sort: search.SortDate, Size: 1, NoFacets: true})
	if err != nil {
		return EventJSON{}, err
	}
	for _, h := range r.Hits {
		e, err := s.index.Entry(ctx, h.Key)
		if errors.Is(err, search.ErrNotFound) {
			continue
		}
		if err != nil {
			return EventJSON{}, err
		}
		if e.Event != nil {
			return newEventJSON(*e.Event), nil
		}
	}
	return EventJSON{Slug: slug, Name: slug, URL: eventPath(slug)}, nil
}

func (s *Server) apiEvents(c *gin.Context) error {
	page, size, err := listPage(c)
	if err != nil {
		return err
	}
	ctx := c.Request.Context()
	counts, err := s.index.Counts(ctx, search.TypePost, search.FieldEvent)
	if err != nil {
		return err
	}
	resp := EventsResponse{Total: len(counts), Page: page, Size: size, Events: []EventListJSON{}}
	shown := pageOf(counts, page, size)
	want := map[string]bool{}
	for _, e := range shown {
		want[e.slug] = true
	}
	_, named, err := s.namesFromTalks(ctx, nil, want)
	if err != nil {
		return err
	}
	for _, e := range shown {
		ev, ok := named[e.slug]
		if !ok {
			// An event whose recaps list no talk is named by a recap.
			if ev, err = s.eventSummary(ctx, e.slug); err != nil {
				return err
			}
		}
		resp.Events = append(resp.Events, EventListJSON{Slug: e.slug, Name: ev.Name, URL: eventPath(e.slug), Date: ev.Date, Posts: e.n})
	}
	c.JSON(http.StatusOK, resp)
	return nil
}
