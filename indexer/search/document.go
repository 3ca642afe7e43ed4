package search

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/recaphq/recap/indexer/kb"
)

// Doc is one bleve document: a post or a talk.
type Doc struct {
	ID     string
	Fields map[string]any
}

// PostID and TalkID are the document IDs of a post and of a talk. Both kinds
// share one index, so the IDs carry the type.
func PostID(slug string) string { return TypePost + ":" + slug }

// TalkID is the document ID of the talk with the given kb.Talk ID.
func TalkID(id string) string { return TypeTalk + ":" + id }

// Documents turns an entry into its bleve documents: one for the post and
// one per talk. Every document carries its type, language and post.
func Documents(e kb.Entry) ([]Doc, error) {
	src, err := json.Marshal(e)
	if err != nil {
		return nil, fmt.Errorf("encode post %s: %w", e.Post.Slug, err)
	}
	p := e.Post
	f := map[string]any{
		FieldType:       TypePost,
		FieldLang:       p.Lang,
		FieldPost:       p.Slug,
		FieldTitle:      p.Title,
		FieldBody:       p.Text,
		FieldTags:       lowerAll(p.Tags),
		FieldTagText:    strings.Join(p.Tags, "\n"),
		FieldCategories: p.Categories,
		FieldTopics:     e.Topics,
		FieldSource:     string(src),
	}
	addDate(f, p.Date)
	if hs := kb.ProfileHandles(e.Markdown); len(hs) > 0 {
		f[FieldLinked] = hs
	}
	if len(e.Talks) > 0 {
		titles := make([]string, len(e.Talks))
		for i, t := range e.Talks {
			titles[i] = t.Title
		}
		f[FieldTalkTitles] = strings.Join(titles, "\n")
	}
	if e.Event != nil {
		f[FieldEvent] = e.Event.Slug
	}
	var speakers []string
	for _, t := range e.Talks {
		for _, s := range t.Speakers {
			speakers = append(speakers, s.Slug)
		}
	}
	f[FieldSpeakers] = speakers
	docs := []Doc{{ID: PostID(p.Slug), Fields: f}}

	groups := kb.TalkGroups(e.Talks)
	for i, t := range e.Talks {
		st := kb.TalkEntry{Talk: t, PostTitle: p.Title, PostDate: p.Date, Event: e.Event, Group: groups[i], Position: i}
		src, err := json.Marshal(st)
		if err != nil {
			return nil, fmt.Errorf("encode talk %s: %w", t.ID, err)
		}
		body := talkText(t)
		tf := map[string]any{
			FieldType:     TypeTalk,
			FieldLang:     t.Lang,
			FieldPost:     p.Slug,
			FieldTitle:    t.Title,
			FieldBody:     body,
			FieldTags:     lowerAll(p.Tags),
			FieldTagText:  strings.Join(p.Tags, "\n"),
			FieldTopics:   t.Topics,
			FieldSpeakers: speakerSlugs(t),
			FieldHandles:  speakerHandles(t),
			FieldGroup:    groupKeys(groups[i], t),
			FieldSource:   string(src),
		}
		if t.EventSlug != "" {
			tf[FieldEvent] = t.EventSlug
		}
		// A talk was given on its event's day, which the recap may state
		// long before it was posted.
		d := p.Date
		if e.Event != nil && !e.Event.Date.IsZero() {
			d = e.Event.Date
		}
		addDate(tf, d)
		docs = append(docs, Doc{ID: TalkID(t.ID), Fields: tf})
	}
	return docs, nil
}

// talkText is the searchable body of a talk: who gave it and what the
// recap says of it.
func talkText(t kb.Talk) string {
	var b strings.Builder
	for _, s := range t.Speakers {
		b.WriteString(s.Name)
		if s.Handle != "" {
			b.WriteString(" @" + s.Handle)
		}
		if s.Affiliation != "" {
			b.WriteString(" (" + s.Affiliation + ")")
		}
		b.WriteString("\n")
	}
	b.WriteString(t.Description)
	return b.String()
}

// groupKeys returns the keys under which a talk's document meets the
// documents of the other recaps of the talk: its group key (the one a
// talk's page filters by) and its kb.TitleGroups.
func groupKeys(group string, t kb.Talk) []string {
	out := []string{group}
	for _, k := range kb.TitleGroups(t) {
		if k != group {
			out = append(out, k)
		}
	}
	return out
}

func speakerSlugs(t kb.Talk) []string {
	out := make([]string, 0, len(t.Speakers))
	for _, s := range t.Speakers {
		out = append(out, s.Slug)
	}
	return out
}

// speakerHandles returns the handles of a talk's speakers, lowercased as
// kb.SpeakerKey compares them, so that a speaker's page finds the talks
// that other posts credit to the same handle under another spelling.
func speakerHandles(t kb.Talk) []string {
	var out []string
	for _, s := range t.Speakers {
		if s.Handle != "" {
			out = append(out, strings.ToLower(s.Handle))
		}
	}
	return out
}

func addDate(f map[string]any, d time.Time) {
	if d.IsZero() {
		return
	}
	f[FieldDate] = d.Format(time.RFC3339)
	f[FieldDateKey] = dateKey(d)
	f[FieldYear] = strconv.Itoa(d.Year())
}

// dateKey is d in UTC, written so that the order of the strings is that
// of the dates (years 0 to 9999).
func dateKey(d time.Time) string { return d.UTC().Format("20060102T150405Z") }

// lowerAll lowercases tags so that "Kubernetes" and "kubernetes" are one
// filter value and one facet entry.
func lowerAll(tags []string) []string {
	out := make([]string, len(tags))
	for i, t := range tags {
		out[i] = strings.ToLower(t)
	}
	return out
}
