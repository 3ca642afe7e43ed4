package search

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/recaphq/recap/indexer/kb"
	"github.com/recaphq/recap/indexer/textrule"

	"github.com/blevesearch/bleve/v2/analysis"
	bsearch "github.com/blevesearch/bleve/v2/search"
	index "github.com/blevesearch/bleve_index_api"
)

// Plan is a query worked out once, before anything is searched: the
// parameters normalised and validated, the text parsed (phrases, operators,
// the last word), its unknown words corrected, and its free words grouped
// into units, each of which a document must match as a whole (a word, a
// Vietnamese syllable pair, a run of CJK characters, a concept's name). The
// bleve requests are built from the plan (see Plan.request), one per tier
// of the matching strategy (see Plan.tiers).
type Plan struct {
	Query Query
	// Text is the parsed text, without its operators.
	Text Text
	// Units are the free words grouped, in query order.
	Units []Unit
	// Exclude holds the words typed with a leading minus: no hit has them.
	Exclude []string
	// fixes maps the folded unknown words to their corrections ("" when
	// there is none), as Index.spell found them.
	fixes map[string]string
	// Searched is the free text as searched, corrections applied.
	Searched string
	// Lang is the language the query is written in, when its letters or
	// words tell (see queryLang), and "" when they do not: a name or a
	// technical term reads the same in every language.
	Lang string
	syn  *Synonyms
}

// Unit is one part of a query that a document matches as a whole.
type Unit struct {
	// Text is the unit as searched (a correction replaces the word typed).
	Text string
	// Alts are the alternatives typed with OR ("grpc OR rest"): matching
	// any of Text and Alts matches the unit.
	Alts []string
	// Stop is true for stop and question words, which are never required.
	Stop bool
	// Missing is true for a word that no document has and that has no
	// correction: it cannot be required, and is reported as relaxed.
	Missing bool
	// Prefix is true for the last word of the query when it may be
	// unfinished: it also matches the words it begins.
	Prefix bool
	// typed is the word as typed, before any correction.
	typed string
	// word is true when the unit's text is an indexed word as it is, not
	// only the start of some.
	word bool
	// df is how many documents have the unit's rarest term: the fewer,
	// the more the unit says.
	df uint64
	// completions are the indexed words that a Prefix unit's text begins,
	// read once from the term dictionary (see readCompletions).
	completions *completions
	// short is true for a last word too short to be completed as a
	// prefix, which is not required while it may still be being typed.
	short bool
	// linked is true when the unit is matched in the accounts that posts
	// link to (FieldLinked): it is typed as a handle, or more posts link
	// to it than write it, as for a handle (spf13), not for a project
	// whose repository many posts link to (istio).
	linked bool
}

// orOperator joins alternatives: "grpc OR rest".
const orOperator = "OR"

// operators takes the operators out of t: words with a leading minus are
// excluded, and words joined by OR are alternatives. It returns t without
// them, the excluded words, and for each free word of the result its
// alternatives.
func operators(t Text) (Text, []string, map[int][]string) {
	var words, exclude []string
	alts := map[int][]string{}
	in := strings.Fields(t.Free)
	for i := 0; i < len(in); i++ {
		w := in[i]
		switch {
		case len(w) > 1 && w[0] == '-' && w[1] != '-':
			exclude = append(exclude, w[1:])
		case w == orOperator && len(words) > 0 && i+1 < len(in) && in[i+1] != orOperator:
			alts[len(words)-1] = append(alts[len(words)-1], in[i+1])
			i++
		default:
			words = append(words, w)
		}
	}
	if len(words) == 0 && len(t.Phrases) == 0 {
		// Nothing is left to look for: the minus was part of the words
		// ("-v"), not an operator.
		return t, nil, nil
	}
	out := Text{Phrases: t.Phrases, Free: strings.Join(words, " ")}
	if t.Last != "" && len(in) > 0 && in[len(in)-1] == t.Last && len(words) > 0 && words[len(words)-1] == t.Last && len(alts[len(words)-1]) == 0 {
		out.Last = t.Last
	}
	return out, exclude, alts
}

// planUnits groups the free words of t (with alternatives alts, and
// corrections fixes) into units.
func planUnits(t Text, alts map[int][]string, fixes map[string]string, syn *Synonyms) []Unit {
	type piece struct {
		text   string
		stop   bool
		word   int // index of the free word it comes from
		last   bool
		single bool // stands alone: has alternatives
	}
	words := strings.Fields(t.Free)
	var pieces []piece
	for i, w := range words {
		ps := splitPieces(w)
		for j, p := range ps {
			pieces = append(pieces, piece{
				text: p, stop: isStopWord(p) && len(alts[i]) == 0, word: i,
				last:   i == len(words)-1 && j == len(ps)-1 && t.Last != "",
				single: len(alts[i]) > 0,
			})
		}
	}
	// A concept named in several pieces ("service mesh", "can bang tai")
	// is one unit: its other names stand in for all of it.
	groupEnd := map[int]int{}
	if syn != nil && len(pieces) > 1 {
		var b strings.Builder
		starts, ends := make([]int, len(pieces)), make([]int, len(pieces))
		for i, p := range pieces {
			if i > 0 {
				b.WriteByte(' ')
			}
			starts[i] = b.Len()
			b.WriteString(synKey(p.text))
			ends[i] = b.Len()
		}
		for _, f := range syn.names.Find(b.String()) {
			// The pieces the name starts and ends in: a name may be
			// written across a space the query has not ("大村 伸吾").
			a, z := -1, -1
			for i := range pieces {
				if a < 0 && f.Start < ends[i] {
					a = i
				}
				if starts[i] < f.End {
					z = i
				}
			}
			if a >= 0 && z > a {
				groupEnd[a] = z
			}
		}
	}
	var units []Unit
	// Consecutive Vietnamese-looking syllables are taken two by two (see
	// units), a stop word ending the run.
	for i := 0; i < len(pieces); i++ {
		p := pieces[i]
		u := Unit{Text: p.text, Stop: p.stop, typed: p.text}
		if z, ok := groupEnd[i]; ok {
			texts := make([]string, 0, z-i+1)
			for _, q := range pieces[i : z+1] {
				texts = append(texts, q.text)
			}
			u.Text, u.Stop = strings.Join(texts, " "), false
			units = append(units, u)
			i = z
			continue
		}
		if p.single {
			u.Alts = alts[p.word]
		} else if h, ok := strings.CutPrefix(p.text, "@"); ok && h != "" {
			// A handle is also written without its @ (in a link, a
			// speaker line).
			u.Alts = []string{h}
		} else if !p.stop && syllableLike(p.text) && i+1 < len(pieces) {
			n := pieces[i+1]
			if _, grouped := groupEnd[i+1]; !grouped && !n.stop && !n.single && syllableLike(n.text) && n.word == p.word+1 && !hasUnknown(fixes, p.text, n.text) {
				u.Text = p.text + " " + n.text
				units = append(units, u)
				i++
				continue
			}
		}
		if k := latinKey(u.Text); k != "" {
			if fix, unknown := fixes[k]; unknown {
				if fix != "" {
					u.Text = fix
				} else {
					u.Missing = true
				}
			}
		}
		u.Prefix = p.last && prefixKey(p.text) != ""
		if u.Prefix {
			// A word being typed matches what it begins: not missing.
			u.Missing = false
		} else if p.last && !p.stop && len(words) > 1 && latinKey(p.text) != "" && len([]rune(p.text)) < minPrefixRunes {
			// One or two letters after other words are a word being
			// typed, too short to complete: they rank but are not
			// required, so that the hits narrow as the word grows
			// ("service m", "service me", "service mes") rather than
			// jump. A short code that is whole ("F8", "S3") is required
			// again once the index says so (see keepShortWords).
			u.Stop, u.short = true, true
		}
		units = append(units, u)
	}
	if len(units) > 0 && !hasRequirable(units) {
		// A query of stop words only ("what is") asks for them.
		for i := range units {
			units[i].Stop = false
		}
	}
	return units
}

func hasUnknown(fixes map[string]string, words ...string) bool {
	for _, w := range words {
		if _, ok := fixes[latinKey(w)]; ok {
			return true
		}
	}
	return false
}

func hasRequirable(units []Unit) bool {
	for _, u := range units {
		if !u.Stop && !u.Missing {
			return true
		}
	}
	return false
}

// completionRatio is how many times more documents a completion must have
// than the last word itself for the word to be taken as being typed.
const completionRatio = 10

// keepTyping treats the last word as being typed when it begins indexed
// words but is none itself, or a much rarer one than its commonest
// completion (see completionRatio): it is not corrected (that would make the hits
// jump as letters are added: "commun" is not "common"), and it ranks as
// its commonest completion would, which also stands in for it in the
// clauses that weigh the words together ("kubernetes ingres" ranks as
// "kubernetes ingress" while it matches every word ingres begins).
func keepTyping(ctx context.Context, r index.IndexReader, units []Unit, fixes map[string]string) {
	for i := range units {
		u := &units[i]
		k := prefixKey(u.typed)
		if !u.Prefix || k == "" {
			continue
		}
		u.completions = readCompletions(r, k)
		own := textDocs(ctx, r, k)
		c, n := u.completions.best, u.completions.most
		if c == "" || c == k || own*completionRatio >= n {
			continue
		}
		u.Text, u.Missing = u.typed, false
		u.Alts = append(u.Alts, c)
		fixes[k] = c
	}
}

// splitCompounds splits each unit that is a katakana compound no document
// has whole (オラクルクラウド, typed without the space or the middle dot a
// post would write) into the katakana words of the index it is made of
// (オラクル, クラウド), read longest first from its start, and the runs
// between them that are no indexed word: a query whose words the index has
// never finds nothing because they were typed as one. A compound that
// some document has whole, or that names a concept (ブロックチェーン,
// found through its other names), is left whole.
func splitCompounds(ctx context.Context, r index.IndexReader, units []Unit, syn *Synonyms) []Unit {
	known := func(w string) bool {
		return textDocs(ctx, r, w) > 0
	}
	var out []Unit
	for _, u := range units {
		rs := []rune(u.Text)
		if u.Stop || len(u.Alts) > 0 || len(rs) < 2*minCJKWord || !allKatakana(rs) || known(u.Text) || len(syn.Expand(u.Text)) > 0 {
			out = append(out, u)
			continue
		}
		var parts []string
		rest := 0 // start of the runes not yet in a part
		for i := 0; i < len(rs); {
			n := 0
			for l := min(maxCJKWord, len(rs)-i); l >= minCJKWord; l-- {
				if known(string(rs[i : i+l])) {
					n = l
					break
				}
			}
			if n == 0 {
				i++
				continue
			}
			if rest < i {
				parts = append(parts, string(rs[rest:i]))
			}
			parts = append(parts, string(rs[i:i+n]))
			i += n
			rest = i
		}
		if rest < len(rs) {
			parts = append(parts, string(rs[rest:]))
		}
		if len(parts) < 2 {
			out = append(out, u)
			continue
		}
		for _, t := range parts {
			out = append(out, Unit{Text: t, typed: t})
		}
		if u.Prefix {
			out[len(out)-1].Prefix = true
		}
	}
	return out
}

func allKatakana(rs []rune) bool {
	for _, r := range rs {
		if !textrule.IsKatakanaWordRune(r) {
			return false
		}
	}
	return true
}

// keepShortWords requires a short last word with a digit (see
// Unit.short) after all when it is a code of its own rather than the start
// of a word: as many documents have it as have its commonest completion,
// or more than a completionRatio-th of them. "sự kiện Facebook F8" wants
// F8; "service m" does not want m, nor "cân bằng tả" tả, which letters
// may still make tải.
func keepShortWords(ctx context.Context, r index.IndexReader, units []Unit) {
	for i := range units {
		u := &units[i]
		if !u.short || !strings.ContainsAny(u.typed, "0123456789") {
			continue
		}
		k := latinKey(u.typed)
		own := textDocs(ctx, r, k)
		if own == 0 {
			continue
		}
		if n := readCompletions(r, k).most; own*completionRatio >= n {
			u.Stop = false
		}
	}
}

// textDocs is about how many documents have term in their text: the more
// of its body and title counts.
func textDocs(ctx context.Context, r index.IndexReader, term string) uint64 {
	return max(docCount(ctx, r, term, FieldBody), docCount(ctx, r, term, FieldTitle))
}

// stemDocs is about how many English documents hold another form of the
// word w (see stemFilter): "talking" is a word of posts that have only
// "talked", which its stem finds (see stemQuery), not a typo to correct.
func stemDocs(ctx context.Context, r index.IndexReader, w string) uint64 {
	toks := englishAnalyzer().Analyze([]byte(w))
	if len(toks) != 1 {
		return 0
	}
	s := stemMark + string(toks[0].Term)
	return max(docCount(ctx, r, s, FieldBody), docCount(ctx, r, s, FieldTitle))
}

// maxCompletions bounds the words a prefix is matched with: the
// commonest of those it begins. A short prefix begins hundreds, each a
// pass over its postings, and the rare ones add few documents that the
// common ones have not.
const maxCompletions = 32

// completions are the folded words of the titles and bodies that begin
// with a prefix, as far as the term dictionaries were read.
type completions struct {
	prefix string
	// terms are the commonest words, at most maxCompletions, in the
	// order of the dictionary.
	terms []string
	// docs is the sum of the body words' document counts.
	docs uint64
	// best is the body word in the most documents, and most their number.
	best string
	most uint64
}

// readCompletions reads the first maxPrefixTerms folded words of the body
// and of the title that begin with prefix, once for the plan: the prefix
// clauses match them (see Plan.unitQuery) instead of having bleve expand
// the prefix again in each field.
func readCompletions(r index.IndexReader, prefix string) *completions {
	c := &completions{prefix: prefix}
	counts := map[string]uint64{}
	for _, field := range []string{FieldBody, FieldTitle} {
		d, err := r.FieldDictPrefix(field, []byte(prefix))
		if err != nil {
			continue
		}
		for range maxPrefixTerms {
			e, err := d.Next()
			if err != nil || e == nil {
				break
			}
			if !isFolded(e.Term) {
				// A word as written, which has its folded form beside it.
				continue
			}
			if field == FieldBody {
				c.docs += e.Count
				if e.Count > c.most {
					c.best, c.most = e.Term, e.Count
				}
			}
			counts[e.Term] += e.Count
		}
		d.Close()
	}
	for t := range counts {
		c.terms = append(c.terms, t)
	}
	slices.SortFunc(c.terms, func(a, b string) int {
		if n := cmp.Compare(counts[b], counts[a]); n != 0 {
			return n
		}
		return strings.Compare(a, b)
	})
	c.terms = c.terms[:min(len(c.terms), maxCompletions)]
	slices.Sort(c.terms)
	return c
}

// rankDF sets each unit's df from the index: the document count of its
// rarest term in the folded body or title, summed over its alternatives
// and other names.
func rankDF(ctx context.Context, r index.IndexReader, an analysis.Analyzer, units []Unit, syn *Synonyms) {
	for i := range units {
		u := &units[i]
		if u.Stop || u.Missing {
			continue
		}
		var best uint64
		first := true
		texts := append([]string{u.Text}, u.Alts...)
		for _, e := range syn.Expand(u.Text) {
			texts = append(texts, e.Text)
		}
		for _, text := range texts {
			// The rarest position counts, each position by its commonest
			// term: a word's folded form rather than its accented one, a
			// long katakana word's bigram rather than the word whole,
			// which a longer word holds only as bigrams. A short katakana
			// word is whole in short runs and bigrams in longer ones.
			pos := analyzedPositions(an, text)
			n := rarestDocs(ctx, r, pos)
			if a := analyses(text); a.twoForms() {
				n += rarestDocs(ctx, r, a.bigrams)
			}
			if h := handleTerm(text); h != "" {
				// A handle typed as one (@spf13), shaped as one (puku0x),
				// or linked to more than written is matched in the
				// accounts posts link to; a project's name (istio), which
				// many posts link to on GitHub, is matched in their text.
				l := docCount(ctx, r, h, FieldLinked)
				if l > 0 && (strings.HasPrefix(u.typed, "@") || handleShaped(h) || l >= n) {
					u.linked = true
					n = max(n, l)
				}
			}
			// Alternatives and other names add up: the unit matches any
			// of them.
			if first {
				best, first = n, false
			} else {
				best += n
			}
		}
		if best == 0 {
			// A form of an English word that no post has as typed.
			best = stemDocs(ctx, r, u.Text)
		}
		u.word = best > 0
		if u.Prefix {
			// A word being typed stands for every word it begins.
			k := prefixKey(u.Text)
			if u.completions == nil || u.completions.prefix != k {
				u.completions = readCompletions(r, k)
			}
			best = max(best, u.completions.docs)
		}
		u.df = best
		if best == 0 {
			// No document has it: requiring it would find nothing.
			u.Missing = true
		}
	}
}

// rarestDocs is about how many documents have the terms of every
// position of pos: the count of the rarest position, each by its
// commonest term.
func rarestDocs(ctx context.Context, r index.IndexReader, pos [][]string) uint64 {
	var n uint64
	for j, terms := range pos {
		var c uint64
		for _, t := range terms {
			c = max(c, textDocs(ctx, r, t))
		}
		if j == 0 || c < n {
			n = c
		}
	}
	return n
}

// analyzedPositions returns the terms an analyzes text to, grouped by
// position.
func analyzedPositions(an analysis.Analyzer, text string) [][]string {
	var out [][]string
	last := -1
	for _, tok := range an.Analyze([]byte(text)) {
		if tok.Position != last || len(out) == 0 {
			out = append(out, nil)
			last = tok.Position
		}
		out[len(out)-1] = append(out[len(out)-1], string(tok.Term))
	}
	return out
}

// isFolded reports whether term is a folded form, not a word as written
// with its accents (see AnalyzerFolded), which the main fields hold beside
// its folded form.
func isFolded(term string) bool {
	for i := 0; i < len(term); i++ {
		if term[i] >= 0x80 {
			return textrule.Fold(term) == term
		}
	}
	return true
}

// maxPrefixTerms bounds the terms readCompletions reads in each field.
const maxPrefixTerms = 200

// maxTiers bounds how many searches one query may take: the first wants
// every unit, the second all but one, the last any one. Each step of one
// word more costs a search and, on the dev set, ranks no better than
// letting BM25 weigh the words a hit has.
const maxTiers = 3

// Tier is one step of the matching strategy: of the units Units, a hit
// must match at least Min.
type Tier struct {
	Units []int
	Min   int
}

// tiers returns the steps of the matching strategy, in order: every unit
// that can be required, then any all but one of them, then all but two,
// down to any one, as Elasticsearch's minimum_should_match lets a share
// of the words be missing and Meilisearch's "last" matching strategy drops
// words until enough documents match. Whichever words a document lacks,
// those it has count by how informative they are (BM25 weighs a rare word
// above a common one), so the least informative words are in effect the
// first to go. Stop and missing words are in none. When there are more
// steps than maxTiers allows, the last step jumps to any one unit.
func (p *Plan) tiers() []Tier {
	var req []int
	for i, u := range p.Units {
		if !u.Stop && !u.Missing {
			req = append(req, i)
		}
	}
	if len(req) == 0 {
		return []Tier{{}}
	}
	var out []Tier
	for m := len(req); m >= 1; m-- {
		out = append(out, Tier{Units: req, Min: m})
	}
	if len(out) > maxTiers {
		out = append(out[:maxTiers-1], Tier{Units: req, Min: 1})
	}
	return out
}

// unitTerms returns, for each unit, the terms that show a hit matched it
// (see lacking): its words and alternatives, and with aliases its other
// names, as the analyzers ans index them.
func (p *Plan) unitTerms(aliases bool, ans ...analysis.Analyzer) []map[string]bool {
	out := make([]map[string]bool, len(p.Units))
	for i, u := range p.Units {
		terms := map[string]bool{}
		texts := append([]string{u.Text}, u.Alts...)
		if aliases {
			for _, e := range p.syn.Expand(u.Text) {
				texts = append(texts, e.Text)
			}
		}
		for _, an := range ans {
			for _, t := range texts {
				for _, tok := range an.Analyze([]byte(t)) {
					terms[string(tok.Term)] = true
				}
			}
		}
		out[i] = terms
	}
	return out
}

// aliasOnly reports whether the hit with the match locations locs matched
// some unit only through another name of it: such a hit ranks below the
// hits that have the words typed (see groupHits).
func (p *Plan) aliasOnly(locs bsearch.FieldTermLocationMap, direct, all []map[string]bool) bool {
	return len(p.lacking(locs, direct)) > len(p.lacking(locs, all))
}

// lacking returns the words of the units, stop words left out, of which
// the hit with the match locations locs has no term: the words it was
// found without. A unit matched as a prefix counts as matched by any term
// it begins.
func (p *Plan) lacking(locs bsearch.FieldTermLocationMap, terms []map[string]bool) []string {
	var out []string
	for i, u := range p.Units {
		if u.Stop {
			continue
		}
		found := false
		k := prefixKey(u.Text)
	fields:
		for _, ts := range locs {
			for t := range ts {
				if terms[i][t] || terms[i][strings.TrimPrefix(t, stemMark)] || terms[i][textrule.Fold(strings.ToLower(t))] || u.Prefix && k != "" && strings.HasPrefix(t, k) {
					found = true
					break fields
				}
			}
		}
		if !found {
			out = append(out, u.Text)
		}
	}
	return out
}

// handleTerm returns text as an account of FieldLinked: without its @,
// lowercased; "" when it cannot be one.
func handleTerm(text string) string {
	h := strings.ToLower(strings.TrimPrefix(text, "@"))
	if !kb.IsAccountName(h) {
		return ""
	}
	return h
}

// handleShaped reports whether an account name mixes letters with digits
// or underscores, as handles do and words seldom do (spf13, puku0x).
func handleShaped(h string) bool {
	return strings.ContainsAny(h, "0123456789_") && strings.ContainsFunc(h, func(r rune) bool { return r >= 'a' && r <= 'z' })
}

// queryLang returns the language a query's text is written in: Japanese
// for kana or kanji, Vietnamese for its letters (ư, đ, tone marks) or for
// a pair of syllables typed without accents in a query without English
// stop words ("kien truc", "hoc lap trinh"), and "" otherwise.
func queryLang(free string, units []Unit) string {
	switch {
	case strings.ContainsFunc(free, textrule.IsCJK):
		return kb.LangJA
	case strings.ContainsFunc(free, textrule.IsVietnameseLetter):
		return kb.LangVI
	}
	pair := false
	for _, u := range units {
		w := strings.Fields(u.Text)
		if len(w) == 2 && syllableLike(w[0]) && syllableLike(w[1]) && !englishStop[strings.ToLower(w[0])] && !englishStop[strings.ToLower(w[1])] {
			pair = true
		}
	}
	for _, w := range strings.Fields(free) {
		if englishStop[strings.ToLower(w)] {
			return ""
		}
	}
	if pair {
		return kb.LangVI
	}
	return ""
}
