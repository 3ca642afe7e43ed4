package search

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2"
)

// maxCounted bounds the values Counts returns: far more speakers or events
// than a meetup knowledge base has, while keeping a damaged index from
// asking for an unbounded facet.
const maxCounted = 100_000

// Counts counts, for each value of the keyword field (FieldSpeakers,
// FieldEvent), the documents of type typ that have it: the talks of each
// speaker, the posts of each event. Like TopicCounts it reads the
// documents at query time, so it follows every re-index.
func (ix *Index) Counts(ctx context.Context, typ, field string) (map[string]int, error) {
	req := bleve.NewSearchRequestOptions(termFilter(FieldType, typ), 0, 0, false)
	req.AddFacet(field, bleve.NewFacetRequest(field, maxCounted))
	sr, err := ix.b.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("count %s by %s: %w", typ, field, err)
	}
	out := map[string]int{}
	for _, v := range facetValues(sr.Facets[field]) {
		out[v.Value] = v.Count
	}
	return out, nil
}
