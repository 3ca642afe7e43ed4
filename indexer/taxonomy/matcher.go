package taxonomy

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/recaphq/recap/indexer/textrule"
	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/width"
)

// Match is one occurrence of a concept's alias in a text.
type Match struct {
	Slug string
	// Start and End are byte offsets of the occurrence in the text (after
	// NFC normalisation, which recap's texts already have).
	Start, End int
	// IsTopic tells topics from terms.
	IsTopic bool
}

// MatchConcepts returns the occurrences of every concept's aliases in text,
// leftmost-longest and without overlaps, in text order. Latin-script aliases
// match case-insensitively on word boundaries (an English plural "s" is
// allowed after them); Japanese and other CJK aliases match as substrings.
// Full-width Latin letters match their ASCII forms, and hyphens, underscores
// and runs of spaces compare equal to one space.
func (t *Taxonomy) MatchConcepts(text string) []Match {
	if !norm.NFC.IsNormalString(text) {
		text = norm.NFC.String(text)
	}
	raw := t.matcher.scan(text)
	out := make([]Match, len(raw))
	for i, m := range raw {
		c := t.concepts[m.concept]
		out[i] = Match{Slug: c.Slug, Start: m.start, End: m.end, IsTopic: c.IsTopic}
	}
	return out
}

// MatchTopics counts the occurrences of each topic's aliases in text, by
// topic slug. Terms are not counted.
func (t *Taxonomy) MatchTopics(text string) map[string]int {
	counts := make(map[string]int)
	if !norm.NFC.IsNormalString(text) {
		text = norm.NFC.String(text)
	}
	for _, m := range t.matcher.scan(text) {
		c := &t.concepts[m.concept]
		if c.IsTopic {
			counts[c.Slug]++
		}
	}
	return counts
}

// fold maps a rune to the form the matcher compares: lower case, width
// folded, with separators turned into a space. It returns -1 for runes that
// are ignored (the katakana middle dot, so that サービス・メッシュ equals
// サービスメッシュ).
func fold(r rune) rune {
	if r < utf8.RuneSelf {
		switch {
		case r >= 'A' && r <= 'Z':
			return r + 'a' - 'A'
		case r == '-' || r == '_' || r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\v' || r == '\f':
			return ' '
		}
		return r
	}
	switch r {
	case '-', '_', '\u2010', '\u2011', '\t', '\n', '\r', '\u00a0', '\u3000':
		return ' '
	case '・', '･':
		return -1
	}
	if r >= 0xff00 && r <= 0xffef { // half- and full-width forms
		if f := width.LookupRune(r).Folded(); f != 0 {
			r = f
		}
		if r < utf8.RuneSelf {
			return fold(r)
		}
	}
	if unicode.IsSpace(r) {
		return ' '
	}
	return unicode.ToLower(r)
}

// isWord reports whether r continues a word for boundary purposes: letters,
// digits and marks of scripts that separate words with spaces. CJK runes
// never do, so that "CNIプラグイン" contains the word "CNI".
func isWord(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
	}
	if textrule.IsCJK(r) {
		return false
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// matchKey is the folded form of an alias: what the matcher compares. It is
// the one alias key of recap; the search compares SearchKey, which is this
// with accents folded too.
func matchKey(s string) string {
	s = norm.NFC.String(s)
	var b strings.Builder
	space := true // drop leading spaces
	for _, r := range s {
		f := fold(r)
		if f < 0 {
			continue
		}
		if f == ' ' {
			if space {
				continue
			}
			space = true
		} else {
			space = false
		}
		b.WriteRune(f)
	}
	return strings.TrimRight(b.String(), " ")
}

// matcher is an Aho–Corasick automaton over the folded runes of every alias,
// so that one pass over a text finds all of them.
type matcher struct {
	edges map[uint64]int32 // node<<32 | rune → child, while building
	// The transitions again, compact for scanning: the root's in a dense
	// table for the Basic Multilingual Plane, the others' as sorted runs
	// (node n's are edgeRune[edgeOff[n]:edgeOff[n+1]]).
	rootBMP  []int32
	edgeOff  []int32
	edgeRune []rune
	edgeNode []int32

	fail     []int32
	dict     []int32 // nearest node on the fail chain that ends a pattern, or -1
	pattern  []int32 // pattern ending at this node, or -1
	patterns []pattern
	ring     int // a power of two above the longest pattern, in runes
}

type pattern struct {
	concept    int
	alias      int  // index of the name in its concept's list
	runes      int  // length in folded runes
	startBound bool // needs a word boundary before it
	endBound   bool // needs a word boundary after it
	endLetter  bool // ends with a letter, so a plural "s" may follow
}

// newMatcher builds the automaton over lists[i], the names of concept i,
// compared in the form that keyOf gives them. A key that two names share
// belongs to the first.
func newMatcher(lists [][]string, keyOf func(string) string) *matcher {
	m := &matcher{edges: make(map[uint64]int32), fail: []int32{0}, dict: []int32{-1}, pattern: []int32{-1}}
	for ci, names := range lists {
		for ai, a := range names {
			key := []rune(keyOf(a))
			if len(key) == 0 {
				continue
			}
			node := int32(0)
			for _, r := range key {
				k := uint64(node)<<32 | uint64(uint32(r))
				next, ok := m.edges[k]
				if !ok {
					next = int32(len(m.fail))
					m.edges[k] = next
					m.fail = append(m.fail, 0)
					m.dict = append(m.dict, -1)
					m.pattern = append(m.pattern, -1)
				}
				node = next
			}
			if m.pattern[node] >= 0 {
				continue // the same key twice in one concept
			}
			last := key[len(key)-1]
			m.pattern[node] = int32(len(m.patterns))
			m.patterns = append(m.patterns, pattern{
				concept:    ci,
				alias:      ai,
				runes:      len(key),
				startBound: isWord(key[0]),
				endBound:   isWord(last),
				endLetter:  unicode.IsLetter(last) && !textrule.IsCJK(last),
			})
		}
	}
	m.ring = 1
	for _, p := range m.patterns {
		for m.ring <= p.runes {
			m.ring *= 2
		}
	}
	m.link()
	m.compact()
	return m
}

func (m *matcher) compact() {
	type edge struct {
		node int32
		r    rune
		next int32
	}
	all := make([]edge, 0, len(m.edges))
	for k, next := range m.edges {
		all = append(all, edge{int32(k >> 32), rune(uint32(k)), next})
	}
	sort.Slice(all, func(i, j int) bool {
		if all[i].node != all[j].node {
			return all[i].node < all[j].node
		}
		return all[i].r < all[j].r
	})
	m.rootBMP = make([]int32, 0x10000)
	m.edgeOff = make([]int32, len(m.fail)+1)
	m.edgeRune = make([]rune, len(all))
	m.edgeNode = make([]int32, len(all))
	for i, e := range all {
		m.edgeRune[i], m.edgeNode[i] = e.r, e.next
		m.edgeOff[e.node+1]++
		if e.node == 0 && e.r < 0x10000 {
			m.rootBMP[e.r] = e.next
		}
	}
	for n := 1; n < len(m.edgeOff); n++ {
		m.edgeOff[n] += m.edgeOff[n-1]
	}
	m.edges = nil
}

// child returns the node reached from node by r, or -1.
func (m *matcher) child(node int32, r rune) int32 {
	if node == 0 && r < 0x10000 {
		if next := m.rootBMP[r]; next != 0 {
			return next
		}
		return -1
	}
	lo, hi := int(m.edgeOff[node]), int(m.edgeOff[node+1])
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		switch c := m.edgeRune[mid]; {
		case c == r:
			return m.edgeNode[mid]
		case c < r:
			lo = mid + 1
		default:
			hi = mid
		}
	}
	return -1
}

// link computes the failure and dictionary links breadth first.
func (m *matcher) link() {
	children := make([][]struct {
		r    rune
		node int32
	}, len(m.fail))
	for k, child := range m.edges {
		parent := int32(k >> 32)
		children[parent] = append(children[parent], struct {
			r    rune
			node int32
		}{rune(uint32(k)), child})
	}
	queue := []int32{0}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		for _, ch := range children[n] {
			queue = append(queue, ch.node)
			if n == 0 {
				m.fail[ch.node] = 0
			} else {
				f := m.fail[n]
				for {
					if next, ok := m.edges[uint64(f)<<32|uint64(uint32(ch.r))]; ok {
						m.fail[ch.node] = next
						break
					}
					if f == 0 {
						m.fail[ch.node] = 0
						break
					}
					f = m.fail[f]
				}
			}
			f := m.fail[ch.node]
			if m.pattern[f] >= 0 {
				m.dict[ch.node] = f
			} else {
				m.dict[ch.node] = m.dict[f]
			}
		}
	}
}

func (m *matcher) step(node int32, r rune) int32 {
	for {
		if next := m.child(node, r); next >= 0 {
			return next
		}
		if node == 0 {
			return 0
		}
		node = m.fail[node]
	}
}

type rawMatch struct {
	concept, alias, start, end int
}

// scan returns the leftmost-longest, non-overlapping matches in text.
func (m *matcher) scan(text string) []rawMatch {
	var cands []rawMatch
	// A ring of the byte offsets where the last fed runes start and end,
	// long enough for the longest pattern.
	starts := make([]int, m.ring)
	ends := make([]int, m.ring)
	mask := m.ring - 1
	fed := 0
	node := int32(0)
	space := false
	for i, r := range text {
		f := fold(r)
		if f < 0 {
			continue
		}
		if f == ' ' {
			if space {
				// Extend the fed space over the run.
				ends[(fed-1)&mask] = i + utf8.RuneLen(r)
				continue
			}
			space = true
		} else {
			space = false
		}
		starts[fed&mask] = i
		ends[fed&mask] = i + utf8.RuneLen(r)
		fed++
		node = m.step(node, f)
		for n := node; n > 0; n = m.dict[n] {
			pi := m.pattern[n]
			if pi < 0 {
				continue
			}
			p := &m.patterns[pi]
			start, end := starts[(fed-p.runes)&mask], ends[(fed-1)&mask]
			if p.startBound && start > 0 {
				prev, _ := utf8.DecodeLastRuneInString(text[:start])
				if isWord(fold(prev)) {
					continue
				}
			}
			if p.endBound && end < len(text) {
				next, size := utf8.DecodeRuneInString(text[end:])
				if isWord(fold(next)) {
					if !p.endLetter || fold(next) != 's' {
						continue
					}
					after, _ := utf8.DecodeRuneInString(text[end+size:])
					if end+size < len(text) && isWord(fold(after)) {
						continue
					}
					end += size
				}
			}
			cands = append(cands, rawMatch{concept: p.concept, alias: p.alias, start: start, end: end})
		}
	}
	if len(cands) < 2 {
		return cands
	}
	sort.Slice(cands, func(i, j int) bool {
		if cands[i].start != cands[j].start {
			return cands[i].start < cands[j].start
		}
		return cands[i].end > cands[j].end
	})
	out := cands[:0]
	last := -1
	for _, c := range cands {
		if c.start >= last {
			out = append(out, c)
			last = c.end
		}
	}
	return out
}

// Names is the concept matcher of MatchConcepts over lists of names that
// the caller chooses, compared without accents: the search finds with it
// the concepts and speakers that a query names, so that a query and a post
// name a concept by one rule. A query is often typed without accents
// ("can bang tai" for cân bằng tải), hence the folding.
type Names struct {
	m *matcher
}

// NewNames builds the matcher over lists[i], the names of item i.
func NewNames(lists [][]string) *Names {
	return &Names{m: newMatcher(lists, SearchKey)}
}

// SearchKey returns s in the form that Names compares: the alias key of
// MatchConcepts (NFC, lower case, width folded, separators one space, ・
// dropped) with its accents folded by textrule.Fold.
func SearchKey(s string) string {
	return textrule.Fold(matchKey(s))
}

// NameMatch is where a text names an item: key[Start:End] is its name
// Name (an index into the item's list), an English plural s included.
type NameMatch struct {
	Item, Name int
	Start, End int
}

// Find returns where key, a SearchKey, names the items: leftmost-longest
// and without overlaps, in text order, on the word boundaries of
// MatchConcepts. Offsets are into key, the form in which a query is
// rewritten with other names.
func (n *Names) Find(key string) []NameMatch {
	raw := n.m.scan(key)
	out := make([]NameMatch, len(raw))
	for i, m := range raw {
		out[i] = NameMatch{Item: m.concept, Name: m.alias, Start: m.start, End: m.end}
	}
	return out
}
