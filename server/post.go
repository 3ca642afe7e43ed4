package server

import (
	"html/template"
	"net/http"
	"path"
	"regexp"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/recaphq/recap/indexer/kb"
	"github.com/recaphq/recap/indexer/markdown"
)

// postData is the post page's data.
type postData struct {
	Post   kb.Post
	HTML   template.HTML
	Talks  []TalkJSON
	Event  *Ref
	Topics []kb.Topic
}

func (s *Server) loadPost(c *gin.Context) (*kb.Entry, string, error) {
	e, err := s.index.Entry(c.Request.Context(), c.Param("slug"))
	if err != nil {
		return nil, "", err
	}
	html, err := markdown.HTML(e.Markdown, e.Post.Format == kb.FormatText)
	if err != nil {
		return nil, "", err
	}
	return e, html, nil
}

func (s *Server) postPage(c *gin.Context) error {
	e, html, err := s.loadPost(c)
	if err != nil {
		return err
	}
	// The HTML comes from goldmark without raw HTML, so it is safe.
	d := postData{Post: e.Post, HTML: template.HTML(s.localImages(html)), Topics: s.topicsNamed(e.Topics), Talks: postTalks(e)}
	if e.Event != nil {
		d.Event = &Ref{Slug: e.Event.Slug, Title: e.Event.Name, URL: eventPath(e.Event.Slug)}
	}
	s.render(c, http.StatusOK, "post", d, "")
	return nil
}

// imgTag finds the images of goldmark's HTML, which writes src before alt.
var (
	imgTag  = regexp.MustCompile(`<img [^>]*>`)
	imgAttr = regexp.MustCompile(`\b(src|alt)="([^"]*)"`)
)

// localImages replaces each image of a post's HTML that links into this
// site but that the data folder does not have with its alt text: a reader
// sees what the picture was, not a broken box. Images of other sites are
// left to the browser (the page's script does the same for those that do
// not load).
func (s *Server) localImages(html string) string {
	return imgTag.ReplaceAllStringFunc(html, func(tag string) string {
		var src, alt string
		for _, m := range imgAttr.FindAllStringSubmatch(tag, -1) {
			if m[1] == "src" {
				src = m[2]
			} else {
				alt = m[2]
			}
		}
		p, ok := strings.CutPrefix(src, "/assets/")
		if !strings.HasPrefix(src, "/") || strings.HasPrefix(src, "//") || ok && s.imageExists(p) {
			return tag
		}
		if alt == "" {
			// The file's name says more than nothing; alt is already
			// escaped, the name is escaped here.
			alt = template.HTMLEscapeString(path.Base(src))
		}
		return `<span class="img-missing">` + alt + `</span>`
	})
}

// PostResponse is the JSON body of /api/posts/:slug.
type PostResponse struct {
	Slug       string     `json:"slug"`
	Title      string     `json:"title"`
	URL        string     `json:"url"`
	Lang       string     `json:"lang"`
	Date       string     `json:"date,omitempty"`
	Tags       []string   `json:"tags"`
	Categories []string   `json:"categories"`
	Path       string     `json:"path"`
	Format     string     `json:"format"`
	Repair     RepairJSON `json:"repair"`
	// Truncated is the number of bytes of the file left out of the index
	// and of HTML, for a post longer than the indexer's bound.
	Truncated int        `json:"truncated,omitempty"`
	Topics    []string   `json:"topics"`
	Talks     []TalkJSON `json:"talks"`
	Event     *EventJSON `json:"event,omitempty"`
	HTML      string     `json:"html"`
}

// RepairJSON tells what the encoding repair changed in a post's file.
type RepairJSON struct {
	Encoding string         `json:"encoding,omitempty"`
	Chars    int            `json:"chars,omitempty"`
	Kinds    map[string]int `json:"kinds,omitempty"`
}

// postTalks returns the talks of a post as this recap tells them.
func postTalks(e *kb.Entry) []TalkJSON {
	out := make([]TalkJSON, 0, len(e.Talks))
	groups := kb.TalkGroups(e.Talks)
	for i, t := range e.Talks {
		out = append(out, newTalkJSON([]kb.TalkEntry{{Talk: t, PostTitle: e.Post.Title, PostDate: e.Post.Date, Event: e.Event, Group: groups[i], Position: i}}))
	}
	return out
}

func (s *Server) apiPost(c *gin.Context) error {
	e, html, err := s.loadPost(c)
	if err != nil {
		return err
	}
	p := e.Post
	resp := PostResponse{
		Slug: p.Slug, Title: p.Title, URL: postPath(p.Slug), Lang: p.Lang,
		Tags: nonNil(p.Tags), Categories: nonNil(p.Categories), Path: p.Path, Format: p.Format,
		Repair: RepairJSON(p.Repair), Truncated: p.Truncated, Topics: nonNil(e.Topics), Talks: postTalks(e), HTML: html,
	}
	if e.Event != nil {
		ev := newEventJSON(*e.Event)
		resp.Event = &ev
	}
	if !p.Date.IsZero() {
		resp.Date = p.Date.Format(time.DateOnly)
	}
	c.JSON(http.StatusOK, resp)
	return nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
