// Package taxonomy loads recap's topic taxonomy and speaker aliases from the
// data folder (topics.yaml and speakers.yaml) and answers the questions the
// extractor and the search ask of them: which topics a text names, which
// concepts a query word names and what all their aliases are, and which
// speaker a name or handle belongs to.
//
// topics.yaml is the one source of truth for both topic pages and the
// search's cross-language synonyms: its topics have pages, its terms are
// synonym sets only, and both are concepts.
package taxonomy

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"sort"
	"strings"

	"github.com/recaphq/recap/indexer/kb"
	"github.com/recaphq/recap/indexer/textrule"
	"go.yaml.in/yaml/v3"
)

// The files Load reads from the root of the data folder.
const (
	TopicsFile   = "topics.yaml"
	SpeakersFile = "speakers.yaml"
)

// Concept is one synonym set of topics.yaml: a topic (with a page) or a term
// (synonym-only).
type Concept struct {
	kb.Topic
	// IsTopic is true for entries of the topics list, false for terms.
	IsTopic bool `json:"is_topic"`
}

// Aliases returns every name of the concept in every language, labels
// included, without duplicates, in a stable order (languages as in
// kb.Languages, then labels before aliases).
func (c Concept) Aliases() []string {
	var out []string
	seen := make(map[string]bool)
	add := func(s string) {
		s = strings.TrimSpace(s)
		k := matchKey(s)
		if k == "" || seen[k] {
			return
		}
		seen[k] = true
		out = append(out, s)
	}
	for _, lang := range langOrder(c.Topic) {
		add(c.Labels[lang])
		for _, a := range c.Topic.Aliases[lang] {
			add(a)
		}
	}
	return out
}

// langOrder lists the languages of t: the known ones first, then any others
// sorted, so that output does not depend on map order.
func langOrder(t kb.Topic) []string {
	langs := append([]string(nil), kb.Languages...)
	var extra []string
	for l := range t.Labels {
		if !kb.KnownLang(l) {
			extra = append(extra, l)
		}
	}
	for l := range t.Aliases {
		if !kb.KnownLang(l) && t.Labels[l] == "" {
			extra = append(extra, l)
		}
	}
	sort.Strings(extra)
	return append(langs, extra...)
}

// SpeakerEntry is one entry of speakers.yaml: the spellings of one person.
type SpeakerEntry struct {
	// Name is the display name; the speaker's slug is derived from it.
	Name string `yaml:"name"`
	// Handles are social handles, without the leading @.
	Handles []string `yaml:"handles"`
	// Aliases are other spellings of the name.
	Aliases []string `yaml:"aliases"`
}

// Taxonomy is the loaded, validated content of topics.yaml and speakers.yaml.
// It is immutable and safe for concurrent use.
type Taxonomy struct {
	concepts []Concept      // topics first, then terms
	bySlug   map[string]int // concept slug → index in concepts
	byAlias  map[string][]int
	matcher  *matcher

	speakers        []SpeakerEntry
	speakerByHandle map[string]int
	speakerByName   map[string]int
	// speakerByFoldKey maps the diacritic-folded name keys of every
	// spelling to its entry, and speakerByPlain those of the spellings
	// written without diacritics; -1 marks a key two entries share.
	speakerByFoldKey map[string]int
	speakerByPlain   map[string]int
	// seriesByName maps every name of a meetup series to its display name.
	seriesByName map[string]string
}

type topicsFile struct {
	Topics []kb.Topic `yaml:"topics"`
	Terms  []kb.Topic `yaml:"terms"`
}

type speakersFile struct {
	Speakers []SpeakerEntry `yaml:"speakers"`
}

// Load reads topics.yaml and speakers.yaml from the root of fsys (typically
// os.DirFS of the data folder) and validates them. topics.yaml must exist;
// the error then wraps fs.ErrNotExist so that callers can tell. A missing
// speakers.yaml means no speaker aliases, a missing events.yaml no meetup
// series aliases.
func Load(fsys fs.FS) (*Taxonomy, error) {
	tb, err := fs.ReadFile(fsys, TopicsFile)
	if err != nil {
		return nil, fmt.Errorf("load taxonomy: %w", err)
	}
	sb, err := fs.ReadFile(fsys, SpeakersFile)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("load taxonomy: %w", err)
	}
	t, err := Parse(tb, sb)
	if err != nil {
		return nil, err
	}
	if err := t.loadSeries(fsys); err != nil {
		return nil, err
	}
	return t, nil
}

// Parse decodes and validates the contents of topics.yaml and speakers.yaml
// (which may be empty).
func Parse(topicsYAML, speakersYAML []byte) (*Taxonomy, error) {
	var tf topicsFile
	if err := decodeStrict(topicsYAML, &tf); err != nil {
		return nil, fmt.Errorf("%s: %w", TopicsFile, err)
	}
	var sf speakersFile
	if len(bytes.TrimSpace(speakersYAML)) > 0 {
		if err := decodeStrict(speakersYAML, &sf); err != nil {
			return nil, fmt.Errorf("%s: %w", SpeakersFile, err)
		}
	}
	return New(tf.Topics, tf.Terms, sf.Speakers)
}

func decodeStrict(b []byte, v any) error {
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	// An empty document decodes to the zero value.
	if err := dec.Decode(v); err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	return nil
}

// New builds a Taxonomy from topics, terms and speaker entries, validating
// them: every concept has a unique slug and labels in en, vi and ja; no alias
// (labels count as aliases) belongs to two concepts; speakers have names and
// no handle or alias names two speakers. All problems found are returned
// together, each naming its file and entry.
func New(topics, terms []kb.Topic, speakers []SpeakerEntry) (*Taxonomy, error) {
	t := &Taxonomy{
		bySlug:          make(map[string]int),
		byAlias:         make(map[string][]int),
		speakerByHandle: make(map[string]int),
		speakerByName:   make(map[string]int),

		speakerByFoldKey: make(map[string]int),
		speakerByPlain:   make(map[string]int),
	}
	claim := func(m map[string]int, k string, idx int) {
		if j, ok := m[k]; ok && j != idx {
			m[k] = -1
		} else if !ok {
			m[k] = idx
		}
	}
	var errs []error
	aliasOwner := make(map[string]string) // alias key → "topics[i] (slug)"
	add := func(list string, i int, tp kb.Topic, isTopic bool) {
		where := fmt.Sprintf("%s: %s[%d]", TopicsFile, list, i)
		tp.Slug = strings.TrimSpace(tp.Slug)
		if tp.Slug == "" {
			errs = append(errs, fmt.Errorf("%s: missing slug", where))
			return
		}
		where = fmt.Sprintf("%s (%s)", where, tp.Slug)
		if !validSlug(tp.Slug) {
			errs = append(errs, fmt.Errorf("%s: slug must be lowercase letters, digits and hyphens", where))
		}
		if _, dup := t.bySlug[tp.Slug]; dup {
			errs = append(errs, fmt.Errorf("%s: duplicate slug", where))
			return
		}
		for _, lang := range kb.Languages {
			if strings.TrimSpace(tp.Labels[lang]) == "" {
				errs = append(errs, fmt.Errorf("%s: missing %s label", where, lang))
			}
		}
		c := Concept{Topic: tp, IsTopic: isTopic}
		idx := len(t.concepts)
		for _, a := range c.Aliases() {
			k := matchKey(a)
			if owner, ok := aliasOwner[k]; ok {
				errs = append(errs, fmt.Errorf("%s: alias %q also in %s", where, a, owner))
				continue
			}
			aliasOwner[k] = where
			t.byAlias[k] = append(t.byAlias[k], idx)
		}
		t.bySlug[tp.Slug] = idx
		t.concepts = append(t.concepts, c)
	}
	for i, tp := range topics {
		add("topics", i, tp, true)
	}
	for i, tp := range terms {
		add("terms", i, tp, false)
	}

	speakerSlugs := make(map[string]string)
	for i, s := range speakers {
		where := fmt.Sprintf("%s: speakers[%d]", SpeakersFile, i)
		s.Name = strings.TrimSpace(s.Name)
		if s.Name == "" {
			errs = append(errs, fmt.Errorf("%s: missing name", where))
			continue
		}
		where = fmt.Sprintf("%s (%s)", where, s.Name)
		slug := textrule.Slug(s.Name)
		if other, ok := speakerSlugs[slug]; ok {
			errs = append(errs, fmt.Errorf("%s: slug %q also derived from %s", where, slug, other))
			continue
		}
		speakerSlugs[slug] = where
		idx := len(t.speakers)
		for _, h := range s.Handles {
			k := handleKey(h)
			if k == "" {
				errs = append(errs, fmt.Errorf("%s: empty handle", where))
				continue
			}
			if j, ok := t.speakerByHandle[k]; ok && j != idx {
				errs = append(errs, fmt.Errorf("%s: handle %q also belongs to %s", where, h, t.speakers[j].Name))
				continue
			}
			t.speakerByHandle[k] = idx
		}
		for _, a := range append([]string{s.Name}, s.Aliases...) {
			k := nameKey(a)
			if k == "" {
				continue
			}
			if j, ok := t.speakerByName[k]; ok && j != idx {
				errs = append(errs, fmt.Errorf("%s: alias %q also belongs to %s", where, a, t.speakers[j].Name))
				continue
			}
			t.speakerByName[k] = idx
			f := textrule.Fold(k)
			claim(t.speakerByFoldKey, f, idx)
			if f == k {
				claim(t.speakerByPlain, f, idx)
			}
		}
		t.speakers = append(t.speakers, s)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	lists := make([][]string, len(t.concepts))
	for i, c := range t.concepts {
		lists[i] = c.Aliases()
	}
	t.matcher = newMatcher(lists, matchKey)
	return t, nil
}

func validSlug(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return s != ""
}

// Topics returns the entries of the topics list, in file order.
func (t *Taxonomy) Topics() []kb.Topic {
	var out []kb.Topic
	for _, c := range t.concepts {
		if c.IsTopic {
			out = append(out, c.Topic)
		}
	}
	return out
}

// Terms returns the synonym-only entries, in file order.
func (t *Taxonomy) Terms() []kb.Topic {
	var out []kb.Topic
	for _, c := range t.concepts {
		if !c.IsTopic {
			out = append(out, c.Topic)
		}
	}
	return out
}

// Concepts returns every synonym set: topics, then terms.
func (t *Taxonomy) Concepts() []Concept {
	return append([]Concept(nil), t.concepts...)
}

// Concept returns the concept with the given slug.
func (t *Taxonomy) Concept(slug string) (Concept, bool) {
	i, ok := t.bySlug[slug]
	if !ok {
		return Concept{}, false
	}
	return t.concepts[i], true
}

// Topic returns the topic (not term) with the given slug.
func (t *Taxonomy) Topic(slug string) (kb.Topic, bool) {
	c, ok := t.Concept(slug)
	if !ok || !c.IsTopic {
		return kb.Topic{}, false
	}
	return c.Topic, true
}

// Lookup returns the concepts that the word or phrase names exactly, compared
// as the matcher compares (NFC, case and width folded, hyphens as spaces).
// Validation makes this at most one concept, but callers should not rely on
// it.
func (t *Taxonomy) Lookup(phrase string) []Concept {
	var out []Concept
	for _, i := range t.byAlias[matchKey(phrase)] {
		out = append(out, t.concepts[i])
	}
	return out
}

// Aliases returns all names of the concept with the given slug, in every
// language, or nil if there is no such concept.
func (t *Taxonomy) Aliases(slug string) []string {
	c, ok := t.Concept(slug)
	if !ok {
		return nil
	}
	return c.Aliases()
}
