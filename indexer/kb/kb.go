// Package kb holds the core types of the recap knowledge base: posts, talks,
// speakers, events and topics. The indexer produces them and the server
// shows them; the package itself does no I/O.
package kb

import "time"

// Languages that recap detects and analyses. A post whose language cannot be
// told is stored with LangUnknown.
const (
	LangVI      = "vi"
	LangJA      = "ja"
	LangEN      = "en"
	LangUnknown = "und"
)

// Languages lists the languages recap knows, in display order.
var Languages = []string{LangVI, LangJA, LangEN}

// KnownLang reports whether lang is one of Languages.
func KnownLang(lang string) bool {
	for _, l := range Languages {
		if l == lang {
			return true
		}
	}
	return false
}

// The formats a post can be written in, in Post.Format.
const (
	FormatYAML     = "yaml"
	FormatTOML     = "toml"
	FormatMarkdown = "markdown" // Markdown with no front matter
	FormatText     = "text"     // plain text: the first line is the title
)

// Post is one recap post after its text was repaired and parsed.
type Post struct {
	// Slug identifies the post; it is derived from the file's path inside the
	// data folder, so it stays the same across runs.
	Slug string `json:"slug"`
	// Path is the file's path relative to the data folder, with slashes.
	Path       string    `json:"path"`
	Title      string    `json:"title"`
	Date       time.Time `json:"date,omitzero"`
	Tags       []string  `json:"tags,omitempty"`
	Categories []string  `json:"categories,omitempty"`
	// Lang is one of Languages or LangUnknown.
	Lang string `json:"lang"`
	// LangFromMeta is true when the front matter named the language.
	LangFromMeta bool `json:"-"`
	// Format says how the file was written: one of the Format constants.
	Format string `json:"format"`
	// Markdown is the body below the front matter, NFC and LF-only.
	Markdown string `json:"-"`
	// Text is the body as plain text: Markdown syntax removed.
	Text string `json:"-"`
	// Meta holds every front matter field as decoded, for extractors that look
	// for fields such as talks, event, venue or city.
	Meta map[string]any `json:"-"`
	// Repair summarises what the encoding repair changed in the file.
	Repair RepairSummary `json:"repair,omitzero"`
	// Truncated is the number of bytes of the file's text after the part
	// that was indexed and stored, zero for a post indexed whole: a post
	// longer than the indexer's bound is indexed by its beginning.
	Truncated int `json:"truncated,omitempty"`
}

// RepairSummary is what the encoding repair did to one file.
type RepairSummary struct {
	// Encoding is the encoding the bytes were decoded from, e.g. "utf-8".
	Encoding string `json:"encoding,omitempty"`
	// Chars is the number of characters that the repair changed or restored.
	Chars int `json:"chars,omitempty"`
	// Kinds counts the changes by kind (for example "mojibake", "lost-byte").
	Kinds map[string]int `json:"kinds,omitempty"`
}

// Changed reports whether the repair changed anything.
func (r RepairSummary) Changed() bool { return r.Chars > 0 }

// Speaker is a person who gave a talk.
type Speaker struct {
	// Slug identifies the speaker across posts; aliases in data/ map several
	// spellings to one slug.
	Slug        string `json:"slug"`
	Name        string `json:"name"`
	Handle      string `json:"handle,omitempty"` // without the leading @
	Affiliation string `json:"affiliation,omitempty"`
}

// Talk is one talk given at a meetup, as a recap post tells it.
type Talk struct {
	// ID is stable across runs: derived from the post's slug and the talk's
	// position in it.
	ID          string    `json:"id"`
	Title       string    `json:"title"`
	Speakers    []Speaker `json:"speakers,omitempty"`
	Minutes     int       `json:"minutes,omitempty"`
	Slides      string    `json:"slides,omitempty"`
	Video       string    `json:"video,omitempty"`
	Description string    `json:"description,omitempty"`
	Lang        string    `json:"lang"`
	Topics      []string  `json:"topics,omitempty"`
	PostSlug    string    `json:"post"`
	EventSlug   string    `json:"event,omitempty"`
	// Confidence in [0,1] says how sure the extractor was that this is a talk.
	Confidence float64 `json:"confidence"`
	// Source names the rule that found the talk ("front-matter", "list", ...).
	Source string `json:"source"`
}

// Event is one meetup, possibly recapped by several posts.
type Event struct {
	Slug   string    `json:"slug"`
	Name   string    `json:"name"`
	Series string    `json:"series,omitempty"`
	Number int       `json:"number,omitempty"`
	Date   time.Time `json:"date,omitzero"`
	Venue  string    `json:"venue,omitempty"`
	City   string    `json:"city,omitempty"`
	Posts  []string  `json:"posts,omitempty"` // post slugs
}

// Topic is one entry of the taxonomy in data/topics.yaml. The same entries
// serve as the search's cross-language synonyms.
type Topic struct {
	Slug string `json:"slug" yaml:"slug"`
	// Labels are the display names by language.
	Labels map[string]string `json:"labels" yaml:"labels"`
	// Aliases are the words that mean this topic, by language.
	Aliases map[string][]string `json:"aliases,omitempty" yaml:"aliases"`
}

// Label returns the topic's name in lang, falling back to English and then to
// the slug.
func (t Topic) Label(lang string) string {
	if l := t.Labels[lang]; l != "" {
		return l
	}
	if l := t.Labels[LangEN]; l != "" {
		return l
	}
	return t.Slug
}

// Entry is everything the indexer knows about one post: the post and what
// was extracted from it. It is stored whole with the post's document, so
// the server can render pages from the index alone.
type Entry struct {
	Post     Post     `json:"post"`
	Markdown string   `json:"markdown"`
	Talks    []Talk   `json:"talks,omitempty"`
	Event    *Event   `json:"event,omitempty"`
	Topics   []string `json:"topics,omitempty"`
}

// TalkEntry is what a talk's document stores: the talk and enough of its
// post and event to show it without a second lookup.
type TalkEntry struct {
	Talk      Talk      `json:"talk"`
	PostTitle string    `json:"post_title"`
	PostDate  time.Time `json:"post_date,omitzero"`
	Event     *Event    `json:"event,omitempty"`
	// Group is the talk's group key (see TalkGroups): the recaps of one
	// talk share it.
	Group string `json:"group,omitempty"`
	// Position is the talk's place among its post's talks, from 0: the
	// running order as that recap tells it.
	Position int `json:"position"`
}
