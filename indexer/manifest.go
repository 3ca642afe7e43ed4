package indexer

import (
	"bytes"
	"compress/gzip"
	"encoding/gob"
	"fmt"

	"github.com/recaphq/recap/indexer/search"
)

// manifestKey is the internal key of the index under which the manifest is
// stored. Keeping the manifest inside the index, written in the same batch
// as the documents it describes, means the two can never disagree: a crash
// leaves both as they were before the batch or both as after.
const manifestKey = "recap.manifest.v1"

// Manifest records, for every post file indexed, what it was and what it
// produced, so that the next run re-processes only what changed and removes
// exactly the documents of deleted files.
type Manifest struct {
	Files map[string]*FileRecord
}

// FileRecord is what the manifest knows of one file.
type FileRecord struct {
	// Size and ModTime (Unix nanoseconds) let a run skip reading a file
	// that has not been touched; Hash (SHA-256 of the bytes) tells a file
	// that was touched but not changed.
	Size    int64
	ModTime int64
	Hash    [32]byte
	// Indexed is when (Unix nanoseconds) the file was last processed.
	Indexed int64
	// Docs are the IDs of the documents the file produced: its post and
	// its talks. Events, speakers and topics have no documents of their
	// own: their counts are computed at query time from these.
	Docs []string
	// Failure is why the newest version of the file could not be
	// processed; the documents of the version before stay in the index.
	Failure string
}

func newManifest() *Manifest { return &Manifest{Files: map[string]*FileRecord{}} }

// encode writes the manifest as gzipped gob: a 100,000-file manifest is a
// few megabytes and decodes in a fraction of a second.
func (m *Manifest) encode() ([]byte, error) {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
	if err != nil {
		return nil, err
	}
	if err := gob.NewEncoder(zw).Encode(m); err != nil {
		return nil, fmt.Errorf("encode manifest: %w", err)
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("encode manifest: %w", err)
	}
	return buf.Bytes(), nil
}

func decodeManifest(b []byte) (*Manifest, error) {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("decode manifest: %w", err)
	}
	m := newManifest()
	if err := gob.NewDecoder(zr).Decode(m); err != nil {
		return nil, fmt.Errorf("decode manifest: %w", err)
	}
	if m.Files == nil {
		m.Files = map[string]*FileRecord{}
	}
	return m, nil
}

// loadManifest reads the manifest stored in ix; it returns nil, and no
// error, for an index built before manifests existed.
func loadManifest(ix *search.Index) (*Manifest, error) {
	b, err := ix.Internal(manifestKey)
	if err != nil || b == nil {
		return nil, err
	}
	return decodeManifest(b)
}
