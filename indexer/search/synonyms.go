package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"

	"github.com/recaphq/recap/indexer/taxonomy"
)

// Synonyms finds the concepts of the taxonomy that a query names and gives
// their names in the other languages, for query-time expansion: a change
// of data/topics.yaml needs no re-index. Matching is accent- and
// case-insensitive ("can bang tai" names cân bằng tải), on word boundaries
// for Latin script and as substrings for Japanese.
type Synonyms struct {
	concepts []synConcept
}

type synConcept struct {
	slug    string
	person  bool     // a speaker's spellings: the same person, not a related word
	keys    []string // folded match keys of the aliases
	aliases []string // the aliases as written
}

// maxExpansions bounds how many aliases a query adds, so that a long query
// naming many concepts stays fast.
const maxExpansions = 24

// NewSynonyms builds the synonym sets from the taxonomy: every concept of
// topics.yaml, and every speaker of speakers.yaml with the spellings of
// their name and their handles.
func NewSynonyms(tax *taxonomy.Taxonomy) *Synonyms {
	s := &Synonyms{}
	for _, c := range tax.Concepts() {
		s.add(synConcept{slug: c.Slug}, c.Aliases())
	}
	for _, sp := range tax.Speakers() {
		names := append([]string{sp.Name}, sp.Aliases...)
		for _, h := range sp.Handles {
			names = append(names, "@"+h)
		}
		s.add(synConcept{slug: "speaker:" + sp.Name, person: true}, names)
	}
	return s
}

func (s *Synonyms) add(sc synConcept, aliases []string) {
	{ // one synonym set
		seen := map[string]bool{}
		for _, a := range aliases {
			k := synKey(a)
			if k == "" || seen[k] {
				continue
			}
			seen[k] = true
			sc.keys = append(sc.keys, k)
			sc.aliases = append(sc.aliases, a)
		}
		if len(sc.keys) > 1 {
			s.concepts = append(s.concepts, sc)
		}
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
	q := synKey(text)
	for _, c := range s.concepts {
		if c.named(q) >= 0 {
			out = append(out, c.slug)
		}
	}
	return out
}

// Expansion is another name of something a query names.
type Expansion struct {
	Text string
	// Person is true for another spelling of a speaker's name, which is
	// as good a match as the name typed.
	Person bool
}

// Expand returns the other names of the concepts that text names: every
// alias of a named concept except the one the text used.
func (s *Synonyms) Expand(text string) []Expansion {
	if s == nil {
		return nil
	}
	q := synKey(text)
	var out []Expansion
	for _, c := range s.concepts {
		i := c.named(q)
		if i < 0 {
			continue
		}
		for j, a := range c.aliases {
			if j == i || strings.Contains(q, c.keys[j]) {
				continue
			}
			out = append(out, Expansion{Text: a, Person: c.person})
			if len(out) == maxExpansions {
				return out
			}
		}
	}
	return out
}

// named returns the index of the longest alias of c that q contains, or -1.
func (c synConcept) named(q string) int {
	best := -1
	for i, k := range c.keys {
		if containsKey(q, k) && (best < 0 || len(k) > len(c.keys[best])) {
			best = i
		}
	}
	return best
}

// containsKey reports whether q contains k, on word boundaries when k is
// Latin script. A trailing plural s on the query word is allowed.
func containsKey(q, k string) bool {
	for off := 0; ; {
		i := strings.Index(q[off:], k)
		if i < 0 {
			return false
		}
		i += off
		end := i + len(k)
		first, _ := utf8.DecodeRuneInString(k)
		last, _ := utf8.DecodeLastRuneInString(k)
		if isCJK(first) || boundaryBefore(q, i) {
			if isCJK(last) || boundaryAt(q, end) || (q[end] == 's' && boundaryAt(q, end+1)) {
				return true
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
