package search

import (
	"fmt"

	"github.com/blevesearch/bleve/v2/index/scorch"
	bsearch "github.com/blevesearch/bleve/v2/search"
	index "github.com/blevesearch/bleve_index_api"
)

// loadStored sets the Fields of hits to their stored values of the named
// fields, as bleve's SearchRequest.Fields would. bleve loads a hit's
// fields through IndexReader.Document, which copies every stored field of
// the document, the whole body and its JSON source included, into objects
// of their own before it picks the few asked for: under load that was a
// fifth of the memory a search allocated. Here each segment's stored
// fields are visited in place and only the named ones are copied, once,
// as strings. A hit whose document is gone keeps no fields.
func loadStored(r index.IndexReader, hits []*bsearch.DocumentMatch, fields []string) error {
	if len(hits) == 0 {
		return nil
	}
	want := make(map[string]bool, len(fields))
	for _, f := range fields {
		want[f] = true
	}
	is, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return fmt.Errorf("stored fields: index reader %T is not scorch's", r)
	}
	byID := make(map[string]*bsearch.DocumentMatch, len(hits))
	ids := make([]string, 0, len(hits))
	for _, h := range hits {
		h.Fields = nil
		byID[h.ID] = h
		ids = append(ids, h.ID)
	}
	for _, seg := range is.Segments() {
		nums, err := seg.DocNumbers(ids)
		if err != nil {
			return fmt.Errorf("stored fields: %w", err)
		}
		for it := nums.Iterator(); it.HasNext(); {
			num := uint64(it.Next())
			id, err := seg.DocID(num)
			if err != nil {
				return fmt.Errorf("stored fields: %w", err)
			}
			h := byID[string(id)]
			if h == nil {
				continue
			}
			err = seg.VisitDocument(num, func(name string, typ byte, val []byte, _ []uint64) bool {
				if want[name] {
					if v := storedValue(typ, val); v != nil {
						h.AddFieldValue(name, v)
					}
				}
				return true
			})
			if err != nil {
				return fmt.Errorf("stored fields of %s: %w", h.ID, err)
			}
		}
	}
	return nil
}

// loadDocValues sets the Fields of hits to the values of the named
// keyword fields, read from their doc values: what grouping the hits
// needs of each (see listFields). Stored fields are compressed by
// document, the body and the source with the rest, so reading a slug
// from them decompresses the whole post; doc values are read in place.
func loadDocValues(r index.IndexReader, hits []*bsearch.DocumentMatch, fields []string) error {
	if len(hits) == 0 {
		return nil
	}
	dvr, err := r.DocValueReader(fields)
	if err != nil {
		return fmt.Errorf("doc values: %w", err)
	}
	for _, h := range hits {
		h.Fields = nil
		err := dvr.VisitDocValues(h.IndexInternalID, func(field string, term []byte) {
			h.AddFieldValue(field, string(term))
		})
		if err != nil {
			return fmt.Errorf("doc values of %s: %w", h.ID, err)
		}
	}
	return nil
}

// storedValue decodes a stored value of the types recap's mapping stores:
// text only (a date is stored as RFC 3339 text, see FieldDate).
func storedValue(typ byte, val []byte) any {
	if typ == 't' {
		return string(val)
	}
	return nil
}
