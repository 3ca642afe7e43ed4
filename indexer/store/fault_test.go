package store

import (
	"errors"
	"fmt"
	"path/filepath"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/recaphq/recap/indexer/search"
)

// TestCommitInPlaceFailure fails in-place commits the ways a full disk
// does: with ENOSPC, on an index the failure left unusable, and with a
// panic inside bleve. After each, searches answer from the index before
// the change, the manifest is the one before, and the next commit, with
// the fault gone, writes.
func TestCommitInPlaceFailure(t *testing.T) {
	enospc := fmt.Errorf("write segment: %w", syscall.ENOSPC)
	faults := []struct {
		name  string
		fault func(ix *search.Index) error
	}{
		{"ENOSPC", func(*search.Index) error { return enospc }},
		{"ENOSPC on an index left unusable", func(ix *search.Index) error {
			ix.Close() // what bleve's index is worth after the failed batch
			return enospc
		}},
		{"panic in bleve", func(*search.Index) error { panic("assignment to entry in nil map") }},
	}
	for _, f := range faults {
		t.Run(f.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "index")
			var armed atomic.Bool
			s, err := Open(t.Context(), dir, Options{Who: "test", Serve: true, BeforeBatch: func(ix *search.Index) error {
				if armed.Load() {
					return f.fault(ix)
				}
				return nil
			}})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if err := s.Rebuild(t.Context(), fillWith(t, map[string]string{"a": "aardvark"})); err != nil {
				t.Fatal(err)
			}
			armed.Store(true)
			for range 2 { // a second failure on the reopened index too
				err := s.Commit(t.Context(), &Change{Docs: docs(t, "b", "buffalo"), Manifest: manifestOf("a", "b")})
				if err == nil {
					t.Fatal("commit with a fault: no error")
				}
				if f.name != "panic in bleve" && !errors.Is(err, syscall.ENOSPC) {
					t.Errorf("commit error %v does not wrap ENOSPC", err)
				}
				for q, want := range map[string]int{"aardvark": 1, "buffalo": 0} {
					r, err := s.Live().Search(t.Context(), search.Query{Text: q})
					if err != nil || int(r.Total) != want {
						t.Fatalf("search %q after a failed commit: %v, %v; want %d hits", q, r, err, want)
					}
				}
			}
			m, err := s.Manifest()
			if err != nil || m == nil || len(m.Files) != 1 {
				t.Fatalf("manifest after failed commits: %+v, %v; want the one before", m, err)
			}
			armed.Store(false)
			if err := s.Commit(t.Context(), &Change{Docs: docs(t, "b", "buffalo"), Manifest: manifestOf("a", "b")}); err != nil {
				t.Fatalf("commit once the fault is gone: %v", err)
			}
			if r, err := s.Live().Search(t.Context(), search.Query{Text: "buffalo"}); err != nil || r.Total != 1 {
				t.Errorf("search after the commit that succeeded: %v, %v", r, err)
			}
		})
	}
}

// TestCommitBatchesByBytes checks that a clone commit larger than
// BatchBytes is written in several batches, the manifest in the last, and
// holds every document.
func TestCommitBatchesByBytes(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	s := openStore(t, dir, false)
	if err := s.Rebuild(t.Context(), fillWith(t, map[string]string{"a": "aardvark"})); err != nil {
		t.Fatal(err)
	}
	var c Change
	c.Manifest = NewManifest()
	big := make([]byte, BatchBytes/3)
	for i := range big {
		big[i] = 'a' + byte(i%26)
		if i%8 == 7 {
			big[i] = ' '
		}
	}
	for i := range 5 {
		slug := fmt.Sprintf("big%d", i)
		d := docs(t, slug, "walrus")
		d[0].Fields[search.FieldBody] = string(big) + " walrus"
		c.Docs = append(c.Docs, d...)
		c.Manifest.Files[slug+".md"] = &FileRecord{Size: 1}
	}
	var puts []int
	last, err := batches(c.Docs, func(d []search.Doc) error { puts = append(puts, len(d)); return nil })
	if err != nil || len(puts) != 2 || len(last) != 1 {
		t.Errorf("batches of 5 documents of a third of BatchBytes: put %v, last %d, %v; want [2 2], 1", puts, len(last), err)
	}
	if err := s.Commit(t.Context(), &c); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if got := countHits(t, dir, "walrus"); got != 5 {
		t.Errorf("walrus: %d hits, want 5", got)
	}
}
