package search

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2"
)

// maxTopics bounds the topic facet; the taxonomy has a few hundred at most.
const maxTopics = 2000

// TopicCounts counts the posts and the talks on each topic. The counts are
// computed from the documents at query time, so they follow every
// re-index without bookkeeping.
func (ix *Index) TopicCounts(ctx context.Context) (posts, talks map[string]int, err error) {
	count := func(typ string) (map[string]int, error) {
		req := bleve.NewSearchRequestOptions(termFilter(FieldType, typ), 0, 0, false)
		req.AddFacet(FieldTopics, bleve.NewFacetRequest(FieldTopics, maxTopics))
		sr, err := ix.b.SearchInContext(ctx, req)
		if err != nil {
			return nil, fmt.Errorf("count %s topics: %w", typ, err)
		}
		out := map[string]int{}
		for _, v := range facetValues(sr.Facets[FieldTopics]) {
			out[v.Value] = v.Count
		}
		return out, nil
	}
	if posts, err = count(TypePost); err != nil {
		return nil, nil, err
	}
	if talks, err = count(TypeTalk); err != nil {
		return nil, nil, err
	}
	return posts, talks, nil
}
