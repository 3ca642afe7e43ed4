// Package search holds recap's side of bleve: the index mapping and its
// analyzers (one schema for the indexer and the server), the documents that
// posts and talks become, query building, facets and snippets.
//
// Every document has main fields (title, body, talk_titles, tag_text:
// Unicode words with technical tokens kept whole, width folding,
// lowercase, each word with its accents removed, and in titles also as
// written; CJK bigrams within one script, short katakana words whole
// instead and longer ones whole beside their bigrams) that find text of
// any language whatever the user types, and rank a word typed with its
// accents above its folded matches; English documents' titles and bodies
// also hold each word's stem at its position; and the accounts a post's
// profile links point to. A query
// is planned once (see Plan): parsed (quoted phrases, -word, OR), its
// unknown Latin words corrected to the nearest indexed word, its stop and
// question words of each language set apart (never required), and its
// words grouped into units (a word, a Vietnamese syllable pair, a CJK run,
// a concept's name, the katakana words of a compound typed as one). A hit
// must match every unit, each in any text field; when that does not fill
// the page, fewer (see Plan.tiers), below the hits with all. Titles weigh
// more than bodies, a phrase clause lifts words found together, the last
// word may be a prefix, and rewrites with the names of the concepts of
// data/topics.yaml in the other languages (see Synonyms) count below the
// user's own words; a hit in another language found only through them
// never outranks one in the query's language that has the words. The
// relevance benchmark in cmd/relevance and the speed table of
// cmd/benchtable measure the result against bleve's standard analyzer.
package search

import (
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"
)

// Field names of the index. The text fields (title, body, talk_titles,
// tag_text) hold every language, each word folded, and in the title, when
// folding changes it, as written too (see AnalyzerTitle); in English
// documents the title and the body also hold each word's stem (see
// AnalyzerFoldedEnglish).
const (
	FieldType       = "type"
	FieldLang       = "lang"
	FieldPost       = "post"
	FieldTitle      = "title"
	FieldBody       = "body"
	FieldTags       = "tags"
	FieldTagText    = "tag_text"
	FieldCategories = "categories"
	FieldTopics     = "topics"
	FieldSpeakers   = "speakers"
	FieldEvent      = "event"
	FieldYear       = "year"
	FieldDate       = "date"
	// FieldDateKey holds a document's date in UTC as a string whose order
	// is the dates' (see dateKey): what date order sorts by.
	FieldDateKey = "date_key"
	FieldSource  = "source"
	// FieldTalkTitles holds the titles of a post's talks, one a line, so
	// that a talk-title match ranks a post like a title match.
	FieldTalkTitles = "talk_titles"
	// FieldGroup holds a talk's group key (kb.TalkGroups) and its
	// kb.TitleGroupss: the talk documents of the recaps of one talk share
	// one of them.
	FieldGroup = "talk_group"
	// FieldHandles holds the handles of a talk's speakers, lowercased.
	FieldHandles = "speaker_handles"
	// FieldLinked holds the accounts a post's links point to
	// (kb.ProfileHandles): a recap often names a speaker only through a
	// link to their profile, and the handle is what people search for.
	FieldLinked = "linked_handles"
)

// Document types.
const (
	TypePost = "post"
	TypeTalk = "talk"
)

// MappingVersion names the current mapping and document layout. Change it
// whenever NewMapping, Documents or what the pipeline makes of a post (its
// title, say) change in a way that an existing index cannot serve or
// would serve inconsistently: the indexer then rebuilds such an index in
// full instead of adding documents that its stored mapping would index
// differently, or next to posts parsed by older rules.
const MappingVersion = "2026-12-03.2" // no English fields: English titles and bodies hold each word's stem at its position; CJK bigrams within one script, lone hiragana left out, short katakana runs whole only; dates sorted by one keyword term; doc values unchunked; keyword fields without term vectors; no exact fields and no Japanese title field: the main title field holds each word folded and as written at one position; katakana words whole beside their bigrams; posts carry the accounts their links point to; talks their title group

// NewMapping returns the index mapping shared by every recap index.
func NewMapping() (mapping.IndexMapping, error) {
	m := bleve.NewIndexMapping()
	if err := addAnalyzers(m); err != nil {
		return nil, err
	}
	m.DefaultAnalyzer = AnalyzerFolded
	m.ScoringModel = "bm25"

	doc := bleve.NewDocumentStaticMapping()
	keywordField := func(store bool) *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Analyzer = keyword.Name
		f.Store = store
		f.IncludeInAll = false
		f.DocValues = true
		// Keyword fields filter and count; no query reads where in a
		// field a value is (bleve keeps positions and offsets for
		// every term by default).
		f.IncludeTermVectors = false
		return f
	}
	// Term vectors (positions and offsets) are needed by phrase queries and
	// by snippets. The title and the body are stored and give the snippet
	// its text, where a word matched only through its stem is marked too.
	textField := func(analyzer string, store, vectors bool) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = analyzer
		f.Store = store
		f.IncludeTermVectors = vectors
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}
	for _, k := range []string{FieldType, FieldLang, FieldPost, FieldTags, FieldCategories, FieldTopics, FieldSpeakers, FieldEvent, FieldYear, FieldGroup, FieldHandles} {
		doc.AddFieldMappingsAt(k, keywordField(true))
	}
	// The analyzers named here are those of documents in languages other
	// than English (see englishFields).
	doc.AddFieldMappingsAt(FieldTitle, textField(AnalyzerTitle, true, true))
	doc.AddFieldMappingsAt(FieldBody, textField(AnalyzerFolded, true, true))
	doc.AddFieldMappingsAt(FieldTagText, textField(AnalyzerFolded, false, true))
	doc.AddFieldMappingsAt(FieldTalkTitles, textField(AnalyzerFolded, false, true))
	// Accounts are matched whole, as the handles of FieldHandles are:
	// firecracker-microvm names an account, not the words of a query.
	doc.AddFieldMappingsAt(FieldLinked, textField(keyword.Name, false, true))

	// A date is shown (FieldDate, stored only, with its zone) and sorted
	// by (FieldDateKey, one term), never searched: a year is filtered by
	// FieldYear. A bleve date field would index sixteen numeric prefix
	// terms a document, which the postings of a post's body barely
	// outnumbered in distinct terms.
	date := bleve.NewTextFieldMapping()
	date.Index = false
	date.Store = true
	date.IncludeInAll = false
	date.DocValues = false
	doc.AddFieldMappingsAt(FieldDate, date)
	doc.AddFieldMappingsAt(FieldDateKey, keywordField(false))

	src := bleve.NewTextFieldMapping()
	src.Index = false
	src.Store = true
	src.IncludeInAll = false
	src.DocValues = false
	doc.AddFieldMappingsAt(FieldSource, src)

	m.DefaultMapping = doc
	m.StoreDynamic = false
	m.IndexDynamic = false
	m.DocValuesDynamic = false
	return m, nil
}
