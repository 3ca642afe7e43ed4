package search

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"

	"github.com/recaphq/recap/indexer/kb"
	"github.com/recaphq/recap/indexer/taxonomy"
)

// Synonyms finds the concepts of the taxonomy that a query names and
// rewrites the query with their names in the other languages, for
// query-time expansion: a change of data/topics.yaml needs no re-index.
// Matching is accent- and case-insensitive ("can bang tai" names cân bằng
// tải), on word boundaries for Latin script and as substrings for
// Japanese.
type Synonyms struct {
	concepts []synConcept
}

type synConcept struct {
	slug    string
	person  bool     // a speaker's spellings: the same person, not a related word
	keys    []string // folded match keys of the aliases
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

// synKey is the form aliases and queries are compared in: NFC assumed,
// width-folded, lowercase, accents removed, separators as single spaces.
func synKey(s string) string {
	s = Fold(strings.ToLower(width.Fold.String(s)))
	var b strings.Builder
	space := false
	for _, r := range s {
		if r == '-' || r == '_' || r == '・' || unicode.IsSpace(r) {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// Concepts returns the slugs of the concepts that text names.
func (s *Synonyms) Concepts(text string) []string {
	var out []string
	for _, sp := range s.spans(synKey(text)) {
		out = append(out, sp.c.slug)
	}
	return out
}

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
		b.WriteString(synKey(sp.c.aliases[pick(sp)]))
		at = sp.end
	}
	b.WriteString(q[at:])
	return b.String()
}

// spans finds the names of concepts in q, a synKey: at each place the
// longest alias of any concept, left to right, without overlaps.
func (s *Synonyms) spans(q string) []naming {
	var all []naming
	for ci := range s.concepts {
		c := &s.concepts[ci]
		for i, k := range c.keys {
			for _, at := range keyPlaces(q, k) {
				all = append(all, naming{c: c, i: i, start: at, end: at + len(k)})
			}
		}
	}
	sort.Slice(all, func(a, b int) bool {
		if all[a].start != all[b].start {
			return all[a].start < all[b].start
		}
		return all[a].end > all[b].end
	})
	var out []naming
	end := 0
	for _, sp := range all {
		if sp.start >= end {
			out = append(out, sp)
			end = sp.end
		}
	}
	return out
}

// keyPlaces returns where q contains k, on word boundaries when k is Latin
// script. A trailing plural s on the query word is taken in.
func keyPlaces(q, k string) []int {
	var out []int
	for off := 0; ; {
		i := strings.Index(q[off:], k)
		if i < 0 {
			return out
		}
		i += off
		end := i + len(k)
		first, _ := utf8.DecodeRuneInString(k)
		last, _ := utf8.DecodeLastRuneInString(k)
		if isCJK(first) || boundaryBefore(q, i) {
			if isCJK(last) || boundaryAt(q, end) || (q[end] == 's' && boundaryAt(q, end+1)) {
				out = append(out, i)
			}
		}
		off = i + 1
	}
}

func boundaryBefore(q string, i int) bool {
	if i == 0 {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(q[:i])
	return !isWordRune(r) || isCJK(r)
}

func boundaryAt(q string, i int) bool {
	if i >= len(q) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(q[i:])
	return !isWordRune(r) || isCJK(r)
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func isCJK(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana) || r == 'ー'
}
