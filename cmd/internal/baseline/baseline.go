// Package baseline is the yardstick for recap's search: a bleve index of the
// same documents with bleve's standard analyzer on every text field and a
// plain match query, as an application gets from bleve out of the box. The
// relevance and speed benchmarks run it side by side with recap's index.
package baseline

import (
	"context"
	"fmt"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/standard"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/recaphq/recap/indexer/search"
)

// Index is a baseline index.
type Index struct {
	b bleve.Index
}

// Create makes an empty baseline index in dir, which must not exist.
func Create(dir string) (*Index, error) {
	b, err := bleve.NewUsing(dir, newMapping(), scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, fmt.Errorf("create baseline index %s: %w", dir, err)
	}
	return &Index{b: b}, nil
}

// Open opens the baseline index in dir.
func Open(dir string) (*Index, error) {
	b, err := bleve.Open(dir)
	if err != nil {
		return nil, fmt.Errorf("open baseline index %s: %w", dir, err)
	}
	return &Index{b: b}, nil
}

func newMapping() mapping.IndexMapping {
	m := bleve.NewIndexMapping()
	m.DefaultAnalyzer = standard.Name
	m.ScoringModel = "bm25"
	doc := bleve.NewDocumentStaticMapping()
	for _, f := range []string{search.FieldType, search.FieldLang, search.FieldPost, search.FieldTags, search.FieldYear} {
		k := bleve.NewKeywordFieldMapping()
		k.Analyzer = keyword.Name
		k.Store = true
		k.IncludeInAll = false
		k.DocValues = true
		doc.AddFieldMappingsAt(f, k)
	}
	for _, f := range []string{search.FieldTitle, search.FieldBody} {
		t := bleve.NewTextFieldMapping()
		t.Analyzer = standard.Name
		t.Store = true
		t.IncludeTermVectors = true
		t.IncludeInAll = false
		doc.AddFieldMappingsAt(f, t)
	}
	m.DefaultMapping = doc
	m.IndexDynamic = false
	m.StoreDynamic = false
	m.DocValuesDynamic = false
	return m
}

// Close closes the index.
func (ix *Index) Close() error { return ix.b.Close() }

// fields are the fields of a recap document that the baseline keeps.
var fields = []string{search.FieldType, search.FieldLang, search.FieldPost, search.FieldTags, search.FieldYear, search.FieldTitle, search.FieldBody}

// Apply indexes recap's documents, keeping the fields the baseline maps.
func (ix *Index) Apply(docs []search.Doc) error {
	batch := ix.b.NewBatch()
	for _, d := range docs {
		f := make(map[string]any, len(fields))
		for _, k := range fields {
			if v, ok := d.Fields[k]; ok {
				f[k] = v
			}
		}
		if err := batch.Index(d.ID, f); err != nil {
			return fmt.Errorf("index %s: %w", d.ID, err)
		}
	}
	if err := ix.b.Batch(batch); err != nil {
		return fmt.Errorf("write batch: %w", err)
	}
	return nil
}

// Mode is how a baseline search matches the words of its text.
type Mode int

// The modes of matching: whole words, as bleve's match query does, or the
// equivalent of recap's prefix expansion and spelling correction that an
// application gets from bleve without more work.
const (
	Match  Mode = iota
	Prefix      // the last word is a prefix (bleve's prefix query)
	Fuzzy       // every word within one edit (fuzziness 1, transpositions included)
)

// Request is what a baseline search asks for.
type Request struct {
	Text string
	Type string // search.TypePost, search.TypeTalk or ""
	Size int
	Mode Mode
	// Facets and Highlight ask for the same facets and body highlighting
	// as recap's searches, for a like-for-like speed comparison.
	Facets, Highlight bool
}

// Search runs a match query on title (boosted) and body and returns the IDs
// of the hits, best first.
func (ix *Index) Search(ctx context.Context, r Request) ([]string, error) {
	sr, err := ix.SearchResult(ctx, r)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(sr.Hits))
	for i, h := range sr.Hits {
		ids[i] = h.ID
	}
	return ids, nil
}

// SearchResult runs the search of Search and returns bleve's whole result:
// the hits with their titles and fragments, and the facets asked for.
func (ix *Index) SearchResult(ctx context.Context, r Request) (*bleve.SearchResult, error) {
	var q query.Query = bleve.NewDisjunctionQuery(fieldQuery(r, search.FieldTitle, 3), fieldQuery(r, search.FieldBody, 1))
	if r.Type != "" {
		t := bleve.NewTermQuery(r.Type)
		t.SetField(search.FieldType)
		q = bleve.NewConjunctionQuery(q, t)
	}
	req := bleve.NewSearchRequestOptions(q, r.Size, 0, false)
	req.Fields = []string{search.FieldTitle}
	if r.Highlight {
		req.Highlight = bleve.NewHighlightWithStyle("html")
		req.Highlight.AddField(search.FieldBody)
	}
	if r.Facets {
		req.AddFacet("lang", bleve.NewFacetRequest(search.FieldLang, 4))
		req.AddFacet("tags", bleve.NewFacetRequest(search.FieldTags, 15))
		req.AddFacet("year", bleve.NewFacetRequest(search.FieldYear, 20))
		req.AddFacet("type", bleve.NewFacetRequest(search.FieldType, 2))
	}
	sr, err := ix.b.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("baseline search %q: %w", r.Text, err)
	}
	return sr, nil
}

// fieldQuery is the query of r's text on one field.
func fieldQuery(r Request, field string, boost float64) query.Query {
	var q interface {
		query.Query
		SetField(string)
		SetBoost(float64)
	}
	switch words := strings.Fields(strings.ToLower(r.Text)); {
	case r.Mode == Prefix && len(words) == 1:
		q = bleve.NewPrefixQuery(words[0])
	case r.Mode == Prefix && len(words) > 1:
		rest := bleve.NewMatchQuery(strings.Join(words[:len(words)-1], " "))
		rest.SetField(field)
		last := bleve.NewPrefixQuery(words[len(words)-1])
		last.SetField(field)
		d := bleve.NewDisjunctionQuery(rest, last)
		d.SetBoost(boost)
		return d
	default:
		m := bleve.NewMatchQuery(r.Text)
		if r.Mode == Fuzzy {
			m.SetFuzziness(1)
		}
		q = m
	}
	q.SetField(field)
	q.SetBoost(boost)
	return q
}
