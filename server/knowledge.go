package server

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/recaphq/recap/indexer/kb"
	"github.com/recaphq/recap/indexer/search"
	"github.com/recaphq/recap/indexer/textrule"
)

// Pages and API of the knowledge base: talks, speakers, events, topics.
// Everything here is read from the index (talk documents, the entries
// stored with posts, facets), so it follows every re-index on its own.

// maxListed bounds the talks or posts one speaker, event or topic page
// lists in full.
const maxListed = search.MaxSize

// SpeakerRef names a speaker with the link to their page.
type SpeakerRef struct {
	Slug        string `json:"slug"`
	Name        string `json:"name"`
	Handle      string `json:"handle,omitempty"`
	Affiliation string `json:"affiliation,omitempty"`
	URL         string `json:"url"`
}

// Ref names a post or an event with the link to its page.
type Ref struct {
	Slug  string `json:"slug"`
	Title string `json:"title"`
	URL   string `json:"url"`
}

// TalkJSON is a talk as the API and the pages show it: one talk, however
// many recaps tell it. Its ID, title and post are those of the recap that
// tells it best; Recaps lists what each recap says, that one first.
type TalkJSON struct {
	ID string `json:"id"`
	// Group is the talk's group key (kb.TalkGroups).
	Group       string       `json:"group"`
	Title       string       `json:"title"`
	URL         string       `json:"url"`
	Lang        string       `json:"lang"`
	Date        string       `json:"date,omitempty"`
	Speakers    []SpeakerRef `json:"speakers"`
	Minutes     int          `json:"minutes,omitempty"`
	Slides      string       `json:"slides,omitempty"`
	Video       string       `json:"video,omitempty"`
	Description string       `json:"description,omitempty"`
	Topics      []string     `json:"topics"`
	Post        Ref          `json:"post"`
	Event       *Ref         `json:"event,omitempty"`
	Confidence  float64      `json:"confidence"`
	Source      string       `json:"source"`
	Recaps      []RecapJSON  `json:"recaps"`
}

// TalksResponse is the JSON body of /api/talks.
type TalksResponse struct {
	Query  string     `json:"query"`
	Total  int        `json:"total"`
	Page   int        `json:"page"`
	Size   int        `json:"size"`
	Talks  []TalkJSON `json:"talks"`
	Facets FacetsJSON `json:"facets"`
}

func (s *Server) apiTalks(c *gin.Context) error {
	q, err := queryFromRequest(c)
	if err != nil {
		return err
	}
	tp, err := s.searchTalks(c.Request.Context(), q)
	if err != nil {
		return err
	}
	rq := tp.result.Query
	sr := newSearchResponse(tp.result)
	c.JSON(http.StatusOK, TalksResponse{Query: rq.Text, Total: tp.total, Page: rq.Page, Size: rq.Size, Talks: tp.talks, Facets: sr.Facets})
	return nil
}

// loadTalk shows the talk with the ID of the URL with all its recaps: the
// ID of any of them shows the same talk.
func (s *Server) loadTalk(c *gin.Context) (TalkJSON, error) {
	ctx := c.Request.Context()
	st, err := s.index.Talk(ctx, c.Param("id"))
	if err != nil {
		return TalkJSON{}, err
	}
	members, err := s.newTalkResolver().cluster(ctx, *st)
	if err != nil {
		return TalkJSON{}, err
	}
	return newTalkJSON(members), nil
}

func (s *Server) apiTalk(c *gin.Context) error {
	t, err := s.loadTalk(c)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, t)
	return nil
}

// talkData is the talk page's data.
type talkData struct {
	Talk   TalkJSON
	Topics []kb.Topic
}

func (s *Server) talkPage(c *gin.Context) error {
	t, err := s.loadTalk(c)
	if err != nil {
		return err
	}
	s.render(c, http.StatusOK, "talk", talkData{Talk: t, Topics: s.topicsNamed(t.Topics)}, "")
	return nil
}

// topicsNamed returns the taxonomy entries of the slugs, in their order.
func (s *Server) topicsNamed(slugs []string) []kb.Topic {
	out := make([]kb.Topic, 0, len(slugs))
	for _, slug := range slugs {
		if t, ok := s.tax.Topic(slug); ok {
			out = append(out, t)
		}
	}
	return out
}

// SpeakerJSON describes a speaker.
type SpeakerJSON struct {
	Slug         string   `json:"slug"`
	Name         string   `json:"name"`
	Handles      []string `json:"handles"`
	Aliases      []string `json:"aliases"`
	Affiliations []string `json:"affiliations"`
	URL          string   `json:"url"`
}

// SpeakerResponse is the JSON body of /api/speakers/:slug: the speaker
// and their talks, each once however many recaps tell it, newest first.
type SpeakerResponse struct {
	Speaker SpeakerJSON `json:"speaker"`
	Talks   []TalkJSON  `json:"talks"`
}

// loadSpeaker finds a speaker's talks across posts and languages. A
// speaker exists when they gave a talk or data/speakers.yaml names them.
// The spellings of one person that share a handle are one speaker: the
// response names the person by the spelling most recaps use (speakers.yaml's
// when it lists them), whichever spelling's slug was asked for.
func (s *Server) loadSpeaker(c *gin.Context) (SpeakerResponse, error) {
	slug := c.Param("slug")
	var known, aliases []string
	listed := ""
	for _, e := range s.tax.Speakers() {
		if textrule.Slug(e.Name) == slug {
			listed = e.Name
			known = append(known, e.Handles...)
			aliases = append(aliases, e.Aliases...)
		}
	}
	cs, handles, err := s.speakerTalks(c.Request.Context(), slug, known)
	if err != nil {
		return SpeakerResponse{}, err
	}
	// Every recap's spelling of the person, counted.
	isPerson := func(ref kb.Speaker) bool {
		return ref.Slug == slug || ref.Handle != "" && slices.ContainsFunc(handles, func(h string) bool { return strings.EqualFold(h, ref.Handle) })
	}
	count := map[string]int{}
	name := map[string]string{}
	var refs []kb.Speaker
	for _, c := range cs {
		for _, m := range c {
			for _, ref := range m.Talk.Speakers {
				if isPerson(ref) {
					count[ref.Slug]++
					if name[ref.Slug] == "" {
						name[ref.Slug] = ref.Name
					}
					refs = append(refs, ref)
				}
			}
		}
	}
	canonical := slug
	if listed == "" {
		for sl, n := range count {
			if n > count[canonical] || n == count[canonical] && sl < canonical {
				canonical = sl
			}
		}
	}
	sp := SpeakerJSON{Slug: canonical, URL: speakerPath(canonical), Name: listed, Handles: []string{}, Aliases: []string{}, Affiliations: []string{}}
	if sp.Name == "" {
		sp.Name = name[canonical]
	}
	if sp.Name == "" {
		return SpeakerResponse{}, notFound("no speaker " + slug)
	}
	seen := map[string]bool{strings.ToLower(sp.Name): true}
	addOnce := func(list *[]string, v string) {
		if k := strings.ToLower(v); v != "" && !seen[k] {
			seen[k] = true
			*list = append(*list, v)
		}
	}
	for _, h := range handles {
		addOnce(&sp.Handles, h)
	}
	for _, a := range aliases {
		addOnce(&sp.Aliases, a)
	}
	for _, ref := range refs {
		addOnce(&sp.Aliases, ref.Name)
		addOnce(&sp.Affiliations, ref.Affiliation)
	}
	return SpeakerResponse{Speaker: sp, Talks: talksJSON(cs)}, nil
}

func (s *Server) apiSpeaker(c *gin.Context) error {
	r, err := s.loadSpeaker(c)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, r)
	return nil
}

func (s *Server) speakerPage(c *gin.Context) error {
	r, err := s.loadSpeaker(c)
	if err != nil {
		return err
	}
	if r.Speaker.Slug != c.Param("slug") {
		// Another spelling of the person: their page is under the name
		// most recaps use, which may change as recaps are added, hence
		// not a permanent redirect.
		c.Redirect(http.StatusFound, r.Speaker.URL)
		return nil
	}
	s.render(c, http.StatusOK, "speaker", r, "")
	return nil
}

// EventJSON describes an event, merged from every post that recaps it.
type EventJSON struct {
	Slug   string `json:"slug"`
	Name   string `json:"name"`
	Series string `json:"series,omitempty"`
	Number int    `json:"number,omitempty"`
	Date   string `json:"date,omitempty"`
	Venue  string `json:"venue,omitempty"`
	City   string `json:"city,omitempty"`
	URL    string `json:"url"`
}

// PostRefJSON is a post in a list.
type PostRefJSON struct {
	Ref
	Lang string `json:"lang"`
	Date string `json:"date,omitempty"`
}

// EventResponse is the JSON body of /api/events/:slug: the event, its
// recaps, and its talks, each once, in running order.
type EventResponse struct {
	Event EventJSON     `json:"event"`
	Posts []PostRefJSON `json:"posts"`
	Talks []TalkJSON    `json:"talks"`
}

func (s *Server) loadEvent(c *gin.Context) (EventResponse, error) {
	ctx := c.Request.Context()
	slug := c.Param("slug")
	r, err := s.search(ctx, search.Query{Type: search.TypePost, Event: slug, Sort: search.SortDate, Size: maxListed, NoFacets: true})
	if err != nil {
		return EventResponse{}, err
	}
	resp := EventResponse{Posts: []PostRefJSON{}}
	var events []kb.Event
	for _, h := range r.Hits {
		e, err := s.index.Entry(ctx, h.Key)
		if errors.Is(err, search.ErrNotFound) {
			continue
		}
		if err != nil {
			return EventResponse{}, err
		}
		if e.Event != nil {
			events = append(events, *e.Event)
		}
		resp.Posts = append(resp.Posts, postRef(e.Post))
	}
	merged := kb.MergeEvents(events)
	if len(merged) == 0 {
		return EventResponse{}, notFound("no event " + slug)
	}
	resp.Event = newEventJSON(merged[0])
	cs, err := s.newTalkResolver().event(ctx, slug)
	if err != nil {
		return EventResponse{}, err
	}
	resp.Talks = talksJSON(cs)
	return resp, nil
}

func newEventJSON(ev kb.Event) EventJSON {
	ej := EventJSON{Slug: ev.Slug, Name: ev.Name, Series: ev.Series, Number: ev.Number, Venue: ev.Venue, City: ev.City, URL: eventPath(ev.Slug)}
	if !ev.Date.IsZero() {
		ej.Date = ev.Date.Format(time.DateOnly)
	}
	return ej
}

func postRef(p kb.Post) PostRefJSON {
	ref := PostRefJSON{Ref: Ref{Slug: p.Slug, Title: p.Title, URL: postPath(p.Slug)}, Lang: p.Lang}
	if !p.Date.IsZero() {
		ref.Date = p.Date.Format(time.DateOnly)
	}
	return ref
}

func (s *Server) apiEvent(c *gin.Context) error {
	r, err := s.loadEvent(c)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, r)
	return nil
}

func (s *Server) eventPage(c *gin.Context) error {
	r, err := s.loadEvent(c)
	if err != nil {
		return err
	}
	s.render(c, http.StatusOK, "event", r, "")
	return nil
}

// TopicJSON is a topic of the taxonomy with its counts.
type TopicJSON struct {
	Slug    string              `json:"slug"`
	Label   string              `json:"label"`
	Labels  map[string]string   `json:"labels"`
	Aliases map[string][]string `json:"aliases"`
	Posts   int                 `json:"posts"`
	Talks   int                 `json:"talks"`
	URL     string              `json:"url"`
}

// TopicsResponse is the JSON body of /api/topics.
type TopicsResponse struct {
	Topics []TopicJSON `json:"topics"`
}

// topics lists every topic of the taxonomy with its post and talk counts,
// labelled in lang; the most discussed first, then by label.
func (s *Server) topics(ctx context.Context, lang string) ([]TopicJSON, error) {
	posts, talks, err := s.index.TopicCounts(ctx)
	if err != nil {
		return nil, err
	}
	var out []TopicJSON
	for _, t := range s.tax.Topics() {
		out = append(out, newTopicJSON(t, lang, posts[t.Slug], talks[t.Slug]))
	}
	sort.SliceStable(out, func(i, j int) bool {
		if a, b := out[i].Posts+out[i].Talks, out[j].Posts+out[j].Talks; a != b {
			return a > b
		}
		return out[i].Label < out[j].Label
	})
	return out, nil
}

func newTopicJSON(t kb.Topic, lang string, posts, talks int) TopicJSON {
	aliases := t.Aliases
	if aliases == nil {
		aliases = map[string][]string{}
	}
	return TopicJSON{Slug: t.Slug, Label: t.Label(lang), Labels: t.Labels, Aliases: aliases, Posts: posts, Talks: talks, URL: topicPath(t.Slug)}
}

func (s *Server) apiTopics(c *gin.Context) error {
	ts, err := s.topics(c.Request.Context(), s.contentLang(c))
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, TopicsResponse{Topics: ts})
	return nil
}

// topicsData is the topics page's data.
type topicsData struct {
	Used   []TopicJSON
	Unused []TopicJSON
}

func (s *Server) topicsPage(c *gin.Context) error {
	ts, err := s.topics(c.Request.Context(), s.uiLang(c))
	if err != nil {
		return err
	}
	var d topicsData
	for _, t := range ts {
		if t.Posts+t.Talks > 0 {
			d.Used = append(d.Used, t)
		} else {
			d.Unused = append(d.Unused, t)
		}
	}
	s.render(c, http.StatusOK, "topics", d, "")
	return nil
}

// TopicResponse is the JSON body of /api/topics/:slug: the topic and its
// posts and talks, newest first, with facets.
type TopicResponse struct {
	Topic TopicJSON `json:"topic"`
	SearchResponse
}

// topicSearch runs the topic page's search: everything on the topic,
// newest first, narrowed by the request's lang, year, type and page.
func (s *Server) topicSearch(c *gin.Context) (kb.Topic, *search.Result, error) {
	t, ok := s.tax.Topic(c.Param("slug"))
	if !ok {
		return kb.Topic{}, nil, notFound("no topic " + c.Param("slug"))
	}
	r, err := s.searchRequest(c, func(q *search.Query) {
		q.Topic = t.Slug
		if c.Query("sort") == "" {
			q.Sort = search.SortDate
		}
	})
	return t, r, err
}

func (s *Server) apiTopic(c *gin.Context) error {
	t, r, err := s.topicSearch(c)
	if err != nil {
		return err
	}
	tj := newTopicJSON(t, s.contentLang(c), 0, 0)
	for _, f := range r.Facets.Type {
		switch f.Value {
		case search.TypePost:
			tj.Posts = f.Count
		case search.TypeTalk:
			tj.Talks = f.Count
		}
	}
	c.JSON(http.StatusOK, TopicResponse{Topic: tj, SearchResponse: newSearchResponse(r)})
	return nil
}

// topicData is the topic page's data: the topic and a search page.
type topicData struct {
	Topic kb.Topic
	searchData
}

func (s *Server) topicPage(c *gin.Context) error {
	t, r, err := s.topicSearch(c)
	if err != nil {
		return err
	}
	d := newSearchData(r, topicPath(t.Slug), c.Request.URL.Query(), s.filterLabel(s.uiLang(c)), s.tax)
	// Every hit is on the page's topic; the facet lists the others.
	d.Topics = slices.DeleteFunc(d.Topics, func(tc topicCount) bool { return tc.Topic.Slug == t.Slug })
	s.render(c, http.StatusOK, "topic", topicData{Topic: t, searchData: d}, "")
	return nil
}

// contentLang is the language the API labels things in: the lang
// parameter when it is a known language, else English.
func (s *Server) contentLang(c *gin.Context) string {
	if l := c.Query("lang"); kb.KnownLang(l) {
		return l
	}
	return kb.LangEN
}
