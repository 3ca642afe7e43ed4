package search

import (
	"strings"

	"github.com/recaphq/recap/indexer/kb"
	"github.com/recaphq/recap/indexer/taxonomy"
)

// Synonyms finds the concepts of the taxonomy that a query names and
// rewrites the query with their names in the other languages, for
// query-time expansion: a change of data/topics.yaml needs no re-index.
// Matching is taxonomy's concept matcher (taxonomy.Names), accent- and
// case-insensitive ("can bang tai" names cân bằng tải), on word boundaries
// for Latin script and as substrings for Japanese.
type Synonyms struct {
	concepts []synConcept
	names    *taxonomy.Names // over the keys of concepts, in order
}

type synConcept struct {
	slug    string
	person  bool     // a speaker's spellings: the same person, not a related word
	keys    []string // the aliases' taxonomy.SearchKey
	aliases []string // the aliases as written
	// labels holds, per language, the index in aliases of the concept's
	// name in that language: a translation, where the other aliases are
	// narrower or related words (k8s, Istio).
	labels map[string]int
}

// maxExpansions bounds how many rewritten queries a query adds, so that a
// long query naming many concepts stays fast.
const maxExpansions = 24

// NewSynonyms builds the synonym sets from the taxonomy: every concept of
// topics.yaml, and every speaker of speakers.yaml with the spellings of
// their name and their handles.
func NewSynonyms(tax *taxonomy.Taxonomy) *Synonyms {
	s := &Synonyms{}
	for _, c := range tax.Concepts() {
		s.add(synConcept{slug: c.Slug}, c.Aliases(), c.Labels)
	}
	for _, sp := range tax.Speakers() {
		names := append([]string{sp.Name}, sp.Aliases...)
		for _, h := range sp.Handles {
			names = append(names, "@"+h)
		}
		s.add(synConcept{slug: "speaker:" + sp.Name, person: true}, names, nil)
	}
	lists := make([][]string, len(s.concepts))
	for i, c := range s.concepts {
		lists[i] = c.keys
	}
	s.names = taxonomy.NewNames(lists)
	return s
}

func (s *Synonyms) add(sc synConcept, aliases []string, labels map[string]string) {
	seen := map[string]int{}
	for _, a := range aliases {
		k := synKey(a)
		if _, dup := seen[k]; k == "" || dup {
			continue
		}
		seen[k] = len(sc.keys)
		sc.keys = append(sc.keys, k)
		sc.aliases = append(sc.aliases, a)
	}
	for lang, l := range labels {
		if i, ok := seen[synKey(l)]; ok {
			if sc.labels == nil {
				sc.labels = map[string]int{}
			}
			sc.labels[lang] = i
		}
	}
	if len(sc.keys) > 1 {
		s.concepts = append(s.concepts, sc)
	}
}

// synKey is the form aliases and queries are compared and rewritten in:
// taxonomy.SearchKey.
func synKey(s string) string { return taxonomy.SearchKey(s) }

// Expansion is the query rewritten with other names of what it names.
type Expansion struct {
	// Text is the query, in synKey form, with one or more names replaced.
	Text string
	// Person is true when another spelling of a speaker's name replaced
	// the one typed, which is as good a match as the name typed.
	Person bool
	// Translation is true when every name was replaced by the concept's
	// label in one language, false for a narrower or related word (k8s
	// for Kubernetes, Istio for service mesh).
	Translation bool
}

// naming is where a query names a concept: q[start:end] is alias i of c.
type naming struct {
	c          *synConcept
	i          int
	start, end int
}

// Expand rewrites text with the other names of the concepts it names:
// once per language with every concept's label in that language ("cộng
// đồng Kubernetes Việt Nam" becomes "community kubernetes vietnam"), then
// once per other alias of each concept. The rewrites stand in for the
// query, so a title must have the rest of the user's words as well as the
// other name to match as a title does.
func (s *Synonyms) Expand(text string) []Expansion {
	if s == nil {
		return nil
	}
	q := synKey(text)
	spans := s.spans(q)
	if len(spans) == 0 {
		return nil
	}
	seen := map[string]bool{q: true}
	var out []Expansion
	emit := func(e Expansion) bool {
		if !seen[e.Text] {
			seen[e.Text] = true
			out = append(out, e)
		}
		return len(out) < maxExpansions
	}
	for _, lang := range kb.Languages {
		e := rewrite(q, spans, func(sp naming) int {
			if i, ok := sp.c.labels[lang]; ok {
				return i
			}
			return sp.i
		})
		if !emit(Expansion{Text: e, Translation: true}) {
			return out
		}
	}
	for k, sp := range spans {
		for j := range sp.c.aliases {
			if _, isLabel := labelLang(sp.c, j); j == sp.i || isLabel && !sp.c.person {
				continue
			}
			e := rewrite(q, spans, func(o naming) int {
				if o == spans[k] {
					return j
				}
				return o.i
			})
			if !emit(Expansion{Text: e, Person: sp.c.person}) {
				return out
			}
		}
	}
	return out
}

func labelLang(c *synConcept, i int) (string, bool) {
	for l, j := range c.labels {
		if j == i {
			return l, true
		}
	}
	return "", false
}

// rewrite returns q with each naming replaced by the alias pick chooses.
func rewrite(q string, spans []naming, pick func(naming) int) string {
	var b strings.Builder
	at := 0
	for _, sp := range spans {
		b.WriteString(q[at:sp.start])
		b.WriteString(sp.c.keys[pick(sp)])
		at = sp.end
	}
	b.WriteString(q[at:])
	return b.String()
}

// spans finds the names of concepts in q, a synKey: at each place the
// longest alias of any concept, left to right, without overlaps.
func (s *Synonyms) spans(q string) []naming {
	found := s.names.Find(q)
	out := make([]naming, len(found))
	for i, f := range found {
		out[i] = naming{c: &s.concepts[f.Item], i: f.Name, start: f.Start, end: f.End}
	}
	return out
}
