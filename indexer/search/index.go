package search

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	index "github.com/blevesearch/bleve_index_api"
	"github.com/recaphq/recap/indexer/kb"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// ErrNotFound is returned when a post or talk is not in the index.
var ErrNotFound = errors.New("not found")

// Index is an open recap index.
type Index struct {
	b    bleve.Index
	opts options
}

type options struct {
	synonyms *Synonyms
}

// An Option configures how an Index answers searches.
type Option func(*options)

// WithSynonyms makes searches also find the other languages' names of the
// concepts a query names (see NewSynonyms), ranked below direct matches.
func WithSynonyms(s *Synonyms) Option { return func(o *options) { o.synonyms = s } }

func newOptions(opts []Option) options {
	var o options
	for _, f := range opts {
		f(&o)
	}
	return o
}

// Create makes a new, empty index in dir, which must not exist.
func Create(dir string, opts ...Option) (*Index, error) {
	m, err := NewMapping()
	if err != nil {
		return nil, fmt.Errorf("index mapping: %w", err)
	}
	b, err := bleve.NewUsing(dir, m, scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, fmt.Errorf("create index %s: %w", dir, err)
	}
	return &Index{b: b, opts: newOptions(opts)}, nil
}

// Open opens the index in dir.
func Open(dir string, opts ...Option) (*Index, error) {
	b, err := bleve.Open(dir)
	if err != nil {
		return nil, openError(dir, err)
	}
	return &Index{b: b, opts: newOptions(opts)}, nil
}

// Close closes the index.
func (ix *Index) Close() error { return ix.b.Close() }

// Count returns the number of documents, posts and talks together.
func (ix *Index) Count() (uint64, error) { return ix.b.DocCount() }

// Apply writes docs and deletes the documents with the IDs in remove, all in
// one batch: readers see the index before or after, never between.
func (ix *Index) Apply(docs []Doc, remove []string) error {
	return ix.ApplyInternal(docs, remove, nil)
}

// Search runs q. This is the one place where a query is normalised,
// validated (a *ParamError names the parameter at fault) and planned (see
// Plan); callers pass it as they read it. Search stops when ctx is done:
// the caller's deadline, or the client going away.
//
// The matching strategy never dead-ends: the first search wants every
// unit of the plan; while the hits found do not fill the page, a further
// search wants fewer units, the commonest dropped first (see Plan.tiers),
// and its new hits rank below all that came before. Result.Relaxed names
// the words that the hits shown may lack.
func (ix *Index) Search(ctx context.Context, q Query) (*Result, error) {
	p, err := ix.Plan(ctx, q)
	if err != nil {
		return nil, err
	}
	q = p.Query
	from := (q.Page - 1) * q.Size
	need := from + q.Size
	// More hits than the page shows are read, so that the page is still
	// full once a post's talks are grouped under it; deep pages are not
	// grouped beyond what was read.
	fetch := min(need*groupFactor, max(need, maxGrouped))
	tiers := p.tiers()
	var (
		hits  []tierHit
		seen  = map[string]bool{}
		total uint64
		took  time.Duration
		// counted is the search whose hits the total and the facets
		// count; none has every word when the first search found nothing.
		counted *bleve.SearchResult
		noneAll bool
		used    int
	)
	m := ix.b.Mapping()
	ans := []analysis.Analyzer{m.AnalyzerNamed(AnalyzerFolded), m.AnalyzerNamed(AnalyzerTitleBigrams), m.AnalyzerNamed(AnalyzerEnglish)}
	direct, all := p.unitTerms(false, ans...), p.unitTerms(true, ans...)
	rd, err := ix.reader()
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", q.Text, err)
	}
	defer rd.Close()
	// read runs one request and adds its hits that are new, as of tier k.
	read := func(req *bleve.SearchRequest, k int) (*bleve.SearchResult, error) {
		sr, err := ix.b.SearchInContext(ctx, req)
		if err != nil {
			return nil, fmt.Errorf("search %q: %w", q.Text, err)
		}
		took += sr.Took
		if err := loadDocValues(rd, sr.Hits, listFields); err != nil {
			return nil, fmt.Errorf("search %q: %w", q.Text, err)
		}
		for _, h := range sr.Hits {
			if !seen[h.ID] {
				seen[h.ID] = true
				hits = append(hits, tierHit{DocumentMatch: h, tier: k, alias: q.Text != "" && p.aliasOnly(h.Locations, direct, all)})
			}
		}
		return sr, nil
	}
	var cards []tierHit
	for k, tier := range tiers {
		// Facets count the hits the total counts (see below).
		sr, err := read(p.request(tier, fetch+len(hits), (k == 0 || noneAll) && !q.NoFacets), k)
		if err != nil {
			return nil, err
		}
		if k == 0 || noneAll {
			// The total counts the hits with every word, so that it
			// narrows as a query grows and as its last word is typed;
			// relaxed hits only fill the page. When no hit has every word,
			// it counts those of the loosest step searched, the hits the
			// reader can page through, rather than saying 0 above them.
			counted, total = sr, sr.Total
			noneAll = noneAll || sr.Total == 0
		}
		used = k
		cards = groupHits(hits, q, p.Lang)
		if q.Text == "" || len(cards) >= need {
			break
		}
	}
	if p.ownLangCrowded(cards[min(from, len(cards)):min(len(cards), need)]) && !noneAll {
		// The hits read are too few to hold those in the reader's
		// language that have the words typed, below which the hits found
		// through translations rank (see groupHits): read them too.
		if _, err := read(p.ownLangRequest(tiers[0], need), 0); err != nil {
			return nil, err
		}
		cards = groupHits(hits, q, p.Lang)
	}
	if from > len(cards) {
		from = len(cards)
	}
	cards = cards[from:min(len(cards), need)]
	if err := loadFields(rd, cards); err != nil {
		return nil, err
	}
	r := newResult(q, total, took, counted, cards, newOwnWords(p.Searched))
	r.Beyond = !noneAll && slices.ContainsFunc(cards, func(c tierHit) bool { return c.tier > 0 })
	if used > 0 || slices.ContainsFunc(p.Units, func(u Unit) bool { return u.Missing }) {
		lack := map[string]bool{}
		for i, c := range cards {
			for _, w := range p.lacking(c.Locations, all) {
				lack[w] = true
				r.Hits[i].Relaxed = true
			}
		}
		for _, u := range p.Units {
			if lack[u.Text] {
				r.Relaxed = append(r.Relaxed, u.Text)
			}
		}
	}
	if p.Searched != strings.Join(strings.Fields(p.Text.Free), " ") {
		r.Corrected = strings.TrimSpace(strings.Join(append(quoted(p.Text.Phrases), p.Searched), " "))
	}
	return r, nil
}

func quoted(ps []string) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = `"` + p + `"`
	}
	return out
}

// groupFactor is how many hits are read per hit shown, and maxGrouped the
// most hits read for grouping.
const (
	groupFactor = 2
	maxGrouped  = 300
)

// Plan works out q once (see Plan): normalised, validated, parsed,
// corrected and grouped into units, each unit rated by how many documents
// have it.
func (ix *Index) Plan(ctx context.Context, q Query) (*Plan, error) {
	q.Normalize()
	if err := q.Validate(); err != nil {
		return nil, err
	}
	p := &Plan{Query: q, syn: ix.opts.synonyms}
	t, exclude, alts := operators(ParseText(boundWords(q.Text)))
	p.Text, p.Exclude = t, exclude
	r, err := ix.reader()
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", q.Text, err)
	}
	defer r.Close()
	p.fixes = spell(ctx, r, t)
	p.Units = splitCompounds(ctx, r, planUnits(t, alts, p.fixes, p.syn), p.syn)
	keepTyping(ctx, r, p.Units, p.fixes)
	keepShortWords(ctx, r, p.Units)
	if an := ix.b.Mapping().AnalyzerNamed(AnalyzerFolded); an != nil {
		rankDF(ctx, r, an, p.Units, p.syn)
	}
	p.Searched = corrected(t.Free, p.fixes)
	p.Lang = queryLang(t.Free, p.Units)
	return p, nil
}

// loadFields reads the stored fields of the hits shown, which the search
// that found them did not read (see listFields); only talks need their
// stored source, which for a post is the whole post again.
func loadFields(r index.IndexReader, cards []tierHit) error {
	var posts, talks []*bsearch.DocumentMatch
	for _, c := range cards {
		if fieldString(c.Fields[FieldType]) == TypeTalk {
			talks = append(talks, c.DocumentMatch)
		} else {
			posts = append(posts, c.DocumentMatch)
		}
	}
	if err := loadStored(r, posts, pageFields); err != nil {
		return fmt.Errorf("load hits: %w", err)
	}
	if err := loadStored(r, talks, append(pageFields[:len(pageFields):len(pageFields)], FieldSource)); err != nil {
		return fmt.Errorf("load hits: %w", err)
	}
	return nil
}

// reader opens a snapshot of the index for reading.
func (ix *Index) reader() (index.IndexReader, error) {
	adv, err := ix.b.Advanced()
	if err != nil {
		return nil, err
	}
	return adv.Reader()
}

// source returns the stored source of the document with the given ID.
func (ix *Index) source(ctx context.Context, id string) ([]byte, error) {
	req := bleve.NewSearchRequest(bleve.NewDocIDQuery([]string{id}))
	req.Fields = []string{FieldSource}
	sr, err := ix.b.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", id, err)
	}
	if len(sr.Hits) == 0 {
		return nil, fmt.Errorf("%s: %w", id, ErrNotFound)
	}
	return []byte(fieldString(sr.Hits[0].Fields[FieldSource])), nil
}

// Entry returns the stored entry of the post with the given slug.
func (ix *Index) Entry(ctx context.Context, slug string) (*kb.Entry, error) {
	src, err := ix.source(ctx, PostID(slug))
	if err != nil {
		return nil, err
	}
	var e kb.Entry
	if err := json.Unmarshal(src, &e); err != nil {
		return nil, fmt.Errorf("decode post %s: %w", slug, err)
	}
	e.Post.Markdown = e.Markdown
	return &e, nil
}

// Talk returns the stored talk with the given ID.
func (ix *Index) Talk(ctx context.Context, id string) (*kb.TalkEntry, error) {
	src, err := ix.source(ctx, TalkID(id))
	if err != nil {
		return nil, err
	}
	var t kb.TalkEntry
	if err := json.Unmarshal(src, &t); err != nil {
		return nil, fmt.Errorf("decode talk %s: %w", id, err)
	}
	return &t, nil
}

// spell looks up the words of the query text t that typo tolerance or
// prefix matching apply to (see typoKey and prefixKey) and returns those
// that no document contains, each with its correction: the indexed word
// nearest to it (one edit away, a swap of two letters being one, or two
// edits for words of eight letters or more), the commonest among equals;
// "" when there is none. A word that is in the index is taken as meant,
// which keeps a correctly spelled word from matching its neighbours
// (Vietnamese syllables typed without accents, "huong", "truong", have
// many); so is a word without a correction whose other English forms are
// (see stemDocs). A correction stands in for the word in every clause, so
// "kubernets ingress" is searched as "kubernetes ingress", phrase and all,
// rather than as a fuzzy query whose many neighbours each cost a pass over
// their postings.
func spell(ctx context.Context, r index.IndexReader, t Text) map[string]string {
	var words []string
	for _, w := range strings.Fields(t.Free) {
		if k := typoKey(w); k != "" {
			words = append(words, k)
		}
	}
	last := prefixKey(t.Last)
	if last != "" {
		words = append(words, last)
	}
	if len(words) == 0 {
		return nil
	}
	out := map[string]string{}
	for _, w := range words {
		if _, done := out[w]; done {
			continue
		}
		if textDocs(ctx, r, w) > 0 || docCount(ctx, r, w, FieldLinked) > 0 {
			continue
		}
		out[w] = ""
		if w == last && beginsWord(r, w) {
			// The last word is being typed: it matches the words it
			// begins, which keepTyping puts in the place of any
			// correction.
			continue
		}
		if typoKey(w) != "" {
			out[w] = nearest(ctx, r, w)
		}
		if out[w] == "" && stemDocs(ctx, r, w) > 0 {
			// Not a typo of any word, but a form of an English word that
			// posts have in other forms: meant as typed.
			delete(out, w)
		}
	}
	return out
}

// nearest returns the commonest indexed body word at the smallest edit
// distance from w, within maxEdits(w), or "". The fuzzy dictionary gives
// the candidates and their distances but no document counts; only the
// candidates at the smallest distance are counted, and none when there is
// one. Words one edit away are looked for first: walking the dictionary
// with a two-edit automaton costs several times more, and is needed only
// when there are none.
func nearest(ctx context.Context, r index.IndexReader, w string) string {
	fr, ok := r.(index.IndexReaderFuzzy)
	if !ok {
		return ""
	}
	for edits := 1; edits <= maxEdits(w); edits++ {
		if fix := nearestWithin(ctx, fr, r, w, edits); fix != "" {
			return fix
		}
	}
	return ""
}

// nearestWithin is nearest for words at most edits away.
func nearestWithin(ctx context.Context, fr index.IndexReaderFuzzy, r index.IndexReader, w string, edits int) string {
	d, err := fr.FieldDictFuzzy(FieldBody, w, edits, "")
	if err != nil {
		return ""
	}
	var best []string
	bestDist := uint8(0)
	for {
		e, err := d.Next()
		if err != nil || e == nil {
			break
		}
		if !isFolded(e.Term) || isStem(e.Term) || len(best) > 0 && e.EditDistance > bestDist {
			continue
		}
		if len(best) == 0 || e.EditDistance < bestDist {
			best, bestDist = best[:0], e.EditDistance
		}
		best = append(best, e.Term)
	}
	d.Close()
	if len(best) <= 1 {
		if len(best) == 0 {
			return ""
		}
		return best[0]
	}
	fix, most := "", uint64(0)
	for _, t := range best {
		if n := docCount(ctx, r, t, FieldBody); fix == "" || n > most {
			fix, most = t, n
		}
	}
	return fix
}

// beginsWord reports whether some folded body word begins with prefix.
func beginsWord(r index.IndexReader, prefix string) bool {
	d, err := r.FieldDictPrefix(FieldBody, []byte(prefix))
	if err != nil {
		return false
	}
	defer d.Close()
	for range maxPrefixTerms {
		e, err := d.Next()
		if err != nil || e == nil {
			return false
		}
		if isFolded(e.Term) {
			return true
		}
	}
	return false
}

// docCount returns how many documents have term in field.
func docCount(ctx context.Context, r index.IndexReader, term, field string) uint64 {
	tfr, err := r.TermFieldReader(ctx, []byte(term), field, false, false, false)
	if err != nil {
		return 0
	}
	defer tfr.Close()
	return tfr.Count()
}

// maxEdits is how far a word may be from its correction.
func maxEdits(w string) int {
	if utf8.RuneCountInString(w) >= 8 {
		return 2
	}
	return 1
}

// TalkFilter selects talk documents by their keyword fields: a talk
// matches when it has one of the values of every field that is set.
type TalkFilter struct {
	Event    string
	Groups   []string
	Speakers []string // speaker slugs
	Handles  []string // speaker handles, compared lowercased
}

// maxTalks bounds the talks one lookup returns: the talks of an event, of
// a speaker or of a page's groups are far fewer.
const maxTalks = 2000

// Talks returns the stored talks that f selects, in ID order, at most
// maxTalks of them. The server builds its event, speaker and talk pages
// from them: they are the recaps of the talks it shows.
func (ix *Index) Talks(ctx context.Context, f TalkFilter) ([]kb.TalkEntry, error) {
	must := []query.Query{termFilter(FieldType, TypeTalk)}
	anyOf := func(field string, values []string, fold func(string) string) bool {
		var qs []query.Query
		for _, v := range values {
			if v = fold(v); v != "" {
				qs = append(qs, termFilter(field, v))
			}
		}
		if len(qs) == 0 {
			return false
		}
		must = append(must, bleve.NewDisjunctionQuery(qs...))
		return true
	}
	keep := func(s string) string { return s }
	set := false
	if f.Event != "" {
		must = append(must, termFilter(FieldEvent, f.Event))
		set = true
	}
	for _, c := range []struct {
		field  string
		values []string
		fold   func(string) string
	}{{FieldGroup, f.Groups, keep}, {FieldSpeakers, f.Speakers, keep}, {FieldHandles, f.Handles, strings.ToLower}} {
		if len(c.values) > 0 {
			if !anyOf(c.field, c.values, c.fold) {
				return nil, nil
			}
			set = true
		}
	}
	if !set {
		return nil, errors.New("talk lookup: no filter")
	}
	req := bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(must...), maxTalks, 0, false)
	req.Fields = []string{FieldSource}
	req.SortBy([]string{"_id"})
	sr, err := ix.b.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("look up talks: %w", err)
	}
	out := make([]kb.TalkEntry, 0, len(sr.Hits))
	for _, h := range sr.Hits {
		var t kb.TalkEntry
		if err := json.Unmarshal([]byte(fieldString(h.Fields[FieldSource])), &t); err != nil {
			return nil, fmt.Errorf("decode %s: %w", h.ID, err)
		}
		out = append(out, t)
	}
	return out, nil
}
