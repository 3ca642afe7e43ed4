package search

import (
	"errors"
	"fmt"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/recaphq/recap/indexer/kb"
)

// OpenOptions tells how to open an index.
type OpenOptions struct {
	// ReadOnly opens the index for searching only. Several processes may
	// hold an index open read-only at once; a process that opens it for
	// writing excludes all others.
	ReadOnly bool
	// LockTimeout bounds the wait for another process that holds the index
	// open; zero waits forever.
	LockTimeout string
}

// OpenWith opens the index in dir as opts say; search options (synonyms,
// timeout) come after, as for Open.
func OpenWith(dir string, opts OpenOptions, search ...Option) (*Index, error) {
	cfg := map[string]any{}
	if opts.ReadOnly {
		cfg["read_only"] = true
	}
	if opts.LockTimeout != "" {
		cfg["bolt_timeout"] = opts.LockTimeout
	}
	b, err := bleve.OpenUsing(dir, cfg)
	if err != nil {
		return nil, openError(dir, err)
	}
	return &Index{b: b, opts: newOptions(search)}, nil
}

// ErrOtherMapping is the error of opening an index whose mapping names
// analyzers that this build of recap does not have: one built by another
// version, which only a rebuild can bring up to date.
var ErrOtherMapping = errors.New("the index was built by another version of recap, whose analyzers this one does not have")

// openError wraps an error of bleve's open. bleve reports a mapping it
// cannot build with the whole mapping appended (kilobytes of JSON): the
// error keeps its first line.
func openError(dir string, err error) error {
	msg := err.Error()
	if !strings.HasPrefix(msg, "error parsing mapping JSON") {
		return fmt.Errorf("open index %s: %w", dir, err)
	}
	if i := strings.IndexByte(msg, '\n'); i >= 0 {
		msg = msg[:i]
	}
	return fmt.Errorf("open index %s: %w (%s)", dir, ErrOtherMapping, msg)
}

// ApplyInternal is Apply that also sets the internal (non-document) values
// in set, in the same batch: the documents and the values are committed
// together or not at all, also across a crash. A nil value deletes its key.
func (ix *Index) ApplyInternal(docs []Doc, remove []string, set map[string][]byte) error {
	batch := ix.b.NewBatch()
	for _, id := range remove {
		batch.Delete(id)
	}
	m := ix.b.Mapping()
	for _, d := range docs {
		doc := document.NewDocument(d.ID)
		if err := m.MapDocument(doc, d.Fields); err != nil {
			return fmt.Errorf("index %s: %w", d.ID, err)
		}
		unchunkDocValues(doc)
		if d.Fields[FieldLang] == kb.LangEN {
			englishFields(doc, m)
		}
		countPositions(doc)
		if err := batch.IndexAdvanced(doc); err != nil {
			return fmt.Errorf("index %s: %w", d.ID, err)
		}
	}
	for k, v := range set {
		if v == nil {
			batch.DeleteInternal([]byte(k))
		} else {
			batch.SetInternal([]byte(k), v)
		}
	}
	if err := ix.b.Batch(batch); err != nil {
		return fmt.Errorf("write batch: %w", err)
	}
	return nil
}

// Internal returns the internal value stored under key, or nil.
func (ix *Index) Internal(key string) ([]byte, error) {
	v, err := ix.b.GetInternal([]byte(key))
	if err != nil {
		return nil, fmt.Errorf("read internal %s: %w", key, err)
	}
	return v, nil
}

// unchunkDocValues stores the doc values of doc's fields one document a
// chunk and uncompressed, as bleve does for geo points. Facets read them
// for every matching document, scattered over the index, as sorting by
// date does; in the default layout each read decodes and decompresses a
// chunk of 1,024 documents' values, which made counting facets two thirds
// of a search's time on 100,000 posts. Writing them so is cheaper too:
// chunking and compressing the values of keyword fields was a tenth of
// the baseline's indexing time, for values of a few bytes a document.
func unchunkDocValues(doc *document.Document) {
	for i, f := range doc.Fields {
		t, ok := f.(*document.TextField)
		if !ok || !t.Options().IncludeDocValues() {
			continue
		}
		doc.Fields[i] = document.NewTextFieldCustom(t.Name(), t.ArrayPositions(), t.Value(),
			t.Options()|index.SkipDVChunking|index.SkipDVCompression, t.Analyzer())
	}
}

// englishAnalyzers are the analyzers of the text fields of an English
// document that differ from those of the mapping.
var englishAnalyzers = map[string]string{FieldTitle: AnalyzerTitleEnglish, FieldBody: AnalyzerFoldedEnglish}

// englishFields analyses the title and the body of doc, an English
// document, with the analyzers that add the stem of each word (see
// AnalyzerFoldedEnglish). bleve's mapping gives a field one analyzer for
// every document; a second pair of fields for English documents would
// analyse and index their text twice.
func englishFields(doc *document.Document, m mapping.IndexMapping) {
	for i, f := range doc.Fields {
		t, ok := f.(*document.TextField)
		if !ok {
			continue
		}
		if an, ok := englishAnalyzers[t.Name()]; ok {
			doc.Fields[i] = document.NewTextFieldCustom(t.Name(), t.ArrayPositions(), t.Value(), t.Options(), m.AnalyzerNamed(an))
		}
	}
}

// countPositions makes the length of doc's main text fields, which BM25
// weighs a match by, the number of their positions rather than of their
// tokens: a word and its folded form, or a katakana word and its first
// bigram, share a position (see AnalyzerFolded), and a Vietnamese text,
// most of whose words have both forms, would otherwise count as about
// twice as long as the same text in English.
func countPositions(doc *document.Document) {
	for i, f := range doc.Fields {
		if t, ok := f.(*document.TextField); ok && foldedFields[t.Name()] && t.Options().IncludeTermVectors() {
			doc.Fields[i] = &positionField{TextField: t}
		}
	}
}

// positionField is a text field whose analysed length is its number of
// positions (see countPositions).
type positionField struct {
	*document.TextField
	length int
}

func (f *positionField) Analyze() {
	f.TextField.Analyze()
	n := 0
	for _, tf := range f.AnalyzedTokenFrequencies() {
		for _, l := range tf.Locations {
			n = max(n, l.Position)
		}
	}
	if n == 0 {
		n = f.TextField.AnalyzedLength()
	}
	f.length = n
}

func (f *positionField) AnalyzedLength() int { return f.length }
