// Package store keeps a recap index on disk. An index folder holds
// generations, each a complete bleve index in a folder of its own, a file
// CURRENT that names the live one, and a file LOCK that its one writer
// holds. Every write to the folder goes through a Store, whose one commit
// path keeps the folder safe across a crash at any point: CURRENT is
// replaced by an atomic rename, the manifest is written in the same batch
// as the documents it describes, and a generation that is not live is
// removed once the switch is made, or at the next start when a crash came
// first.
//
// The package knows indexes, not posts: it imports no extraction or
// parsing, so that a server can read a Live without pulling them in.
package store

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/recaphq/recap/indexer/search"
)

// Options configures a Store.
type Options struct {
	// Who says what holds the lock, for the message another process
	// shows when it finds the folder locked.
	Who string
	// LockWait is how long Open waits for another writer to finish before
	// it fails; zero fails at once.
	LockWait time.Duration
	// Serve keeps the live generation open for writing, as Live, for a
	// server that searches what it writes: changes are committed into it
	// in place, and a new generation is swapped into it. Without Serve the
	// store never writes the live generation, which readers in other
	// processes may have open; it writes clones and switches to them.
	Serve bool
	// Search configures the searches of Live (its synonyms).
	Search []search.Option
	// Logger receives the warnings of steps that do not fail a commit,
	// such as the removal of old generations; nil discards them.
	Logger *slog.Logger
	// BeforeBatch, when set, is called with the index each batch is about
	// to be written to, and an error it returns fails the batch as a write
	// error would. It lets a test fail a write as a full disk does, and
	// break the index the way such a failure leaves it.
	BeforeBatch func(ix *search.Index) error
}

// Store is the writer of an index folder: it holds the folder's lock from
// Open to Close. A Store is for one goroutine at a time; its Live is safe
// for concurrent use.
type Store struct {
	dir  string
	opts Options
	lock *Lock
	live *Live // nil unless opts.Serve
	// man is the manifest of the live generation once read or committed,
	// so that a run does not decode it again.
	man *Manifest
	// stale is true when the live generation was built by another version
	// of recap (search.ErrOtherMapping): it has no manifest to update.
	stale bool
}

// Open takes the writer lock of the index folder dir, creating the folder
// if needed, and removes the generations that runs killed before their
// switch left behind. It waits for another writer as opts.LockWait says,
// or until ctx is done. With opts.Serve it opens the live generation, if
// there is one, for writing.
func Open(ctx context.Context, dir string, opts Options) (*Store, error) {
	lock, err := AcquireLock(ctx, dir, opts.Who, opts.LockWait)
	if err != nil {
		return nil, err
	}
	s := &Store{dir: dir, opts: opts, lock: lock}
	// Every generation but the live one is left from a run killed before
	// its switch, and goes now rather than at the next success: a string
	// of killed --full runs must not fill the disk. Without CURRENT no
	// generation is live (the first Rebuild makes one); with a CURRENT
	// that cannot be read, which may be live is not known, and all stay.
	cur, curErr := currentGeneration(dir)
	live := ""
	if curErr == nil {
		live = filepath.Base(cur)
	}
	if curErr == nil || errors.Is(curErr, ErrNoIndex) {
		if err := removeStale(dir, live); err != nil {
			s.logger().Warn("remove unused generations", "err", err)
		}
	}
	if opts.Serve {
		s.live = NewLive(nil, opts.Search...)
		if curErr == nil {
			ix, err := openForWriting(cur, opts.Search)
			switch {
			case errors.Is(err, search.ErrOtherMapping):
				// Nothing this build can serve: the first run rebuilds it
				// (see Manifest), and Live holds no index until then.
				s.logger().Warn("the index was built by another version of recap and is rebuilt", "generation", cur)
				s.stale = true
			case err != nil:
				lock.Release()
				return nil, err
			default:
				s.live.Swap(ix)
			}
		}
	}
	return s, nil
}

func openForWriting(gen string, opts []search.Option) (*search.Index, error) {
	return search.OpenWith(gen, search.OpenOptions{LockTimeout: "10s"}, opts...)
}

func (s *Store) logger() *slog.Logger {
	if s.opts.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return s.opts.Logger
}

// Exists reports whether the folder holds an index yet.
func (s *Store) Exists() bool { return Exists(s.dir) }

// Live returns the index that a serving store's searches read, or nil for
// a store opened without Serve. It holds no index until there is one.
func (s *Store) Live() *Live { return s.live }

// Manifest returns the manifest of the live generation, or nil, and no
// error, for an index built before manifests existed or with another
// mapping, or by a version of recap whose analyzers this one does not
// have: only a Rebuild can bring such an index up to date. The manifest
// is shared: the caller must not change it (Clone gives a copy that it may).
func (s *Store) Manifest() (*Manifest, error) {
	if s.man != nil {
		return s.man, nil
	}
	if s.stale {
		return nil, nil
	}
	cur, err := currentGeneration(s.dir)
	if err != nil {
		return nil, err
	}
	var m *Manifest
	if s.live != nil {
		err = s.live.With(func(ix *search.Index) error {
			m, err = loadManifest(ix)
			return err
		})
	} else {
		var ix *search.Index
		ix, err = search.OpenWith(cur, search.OpenOptions{ReadOnly: true, LockTimeout: "5s"})
		if errors.Is(err, search.ErrOtherMapping) {
			s.stale = true
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		m, err = loadManifest(ix)
		ix.Close()
	}
	if err != nil {
		return nil, fmt.Errorf("read manifest of %s: %w", cur, err)
	}
	s.man = m
	return m, nil
}

// Change is a prepared change to an index, computed without touching it:
// the documents to write, the IDs of the documents to delete, and the
// manifest of the index after the change.
type Change struct {
	Docs     []search.Doc
	Remove   []string
	Manifest *Manifest
}

// apply writes c to ix in one batch, the manifest included, so that the
// two never disagree: a crash leaves both as before the batch or both as
// after. The batch also deletes a manifest of version 1.
func (c *Change) apply(ix *search.Index) error {
	if c.Manifest == nil {
		return fmt.Errorf("commit: a change without a manifest")
	}
	enc, err := c.Manifest.encode()
	if err != nil {
		return err
	}
	return ix.ApplyInternal(c.Docs, c.Remove, map[string][]byte{manifestKey: enc, manifestKeyV1: nil})
}

// BatchBytes bounds the text of the documents that one batch writes when a
// change or a build is written in several: bleve analyses a batch in
// memory, many times the size of its text for text of unique words, so
// the batch is bounded by bytes, not by a count of documents, which may be
// of any size. A serving store writes an incremental change in place as
// one batch, so that searches see all of it or none; the indexer bounds
// the text of each post (indexer.MaxIndexedText).
const BatchBytes = 2 << 20

// DocBytes returns the size of the text of d's fields, which is what the
// memory of indexing d grows with.
func DocBytes(d search.Doc) int {
	n := len(d.ID)
	for _, v := range d.Fields {
		switch v := v.(type) {
		case string:
			n += len(v)
		case []string:
			for _, s := range v {
				n += len(s)
			}
		}
	}
	return n
}

// batches calls put with docs in runs of at most BatchBytes of text (a
// single larger document makes a run of its own), and returns the last
// run, which it does not put.
func batches(docs []search.Doc, put func([]search.Doc) error) ([]search.Doc, error) {
	start, size := 0, 0
	for i, d := range docs {
		n := DocBytes(d)
		if size > 0 && size+n > BatchBytes {
			if err := put(docs[start:i]); err != nil {
				return nil, err
			}
			start, size = i, 0
		}
		size += n
	}
	return docs[start:], nil
}

// applyBatched writes c to ix in batches of BatchBytes, the removals and
// the manifest in the last: until then the manifest lists none of the
// change, so a crash between batches leaves a clone that is never made
// current, or an index whose next run writes the change again.
func (c *Change) applyBatched(ix *search.Index) error {
	last, err := batches(c.Docs, func(docs []search.Doc) error { return ix.Apply(docs, nil) })
	if err != nil {
		return err
	}
	return (&Change{Docs: last, Remove: c.Remove, Manifest: c.Manifest}).apply(ix)
}

// A Fill writes a whole index: it puts documents in batches of the size it
// likes, and returns the change that completes the index, its last
// documents and its manifest, which the store commits as the last batch.
type Fill func(ctx context.Context, put func(docs []search.Doc) error) (*Change, error)

// Commit writes c into the index, which must exist (Rebuild makes the
// first). A serving store commits in place, into the index that searches
// read: bleve gives every search a snapshot, so a search sees the index
// before the batch or after it, never between. Any other store commits to
// a clone of the live generation, whose immutable segment files are
// hard-linked, and makes the clone current: the generation that readers
// in other processes have open is never written.
//
// A write that fails in place, as on a full disk, may leave bleve's open
// index unusable (its searches failed and its next batch panicked): the
// store then reopens the live generation from what was last committed to
// disk, so that searches go on with the index before the change, and the
// next Commit starts from there.
func (s *Store) Commit(ctx context.Context, c *Change) error {
	t, write := toClone, c.applyBatched
	if s.live != nil {
		t, write = inPlace, c.apply
	}
	if err := s.commit(ctx, t, write); err != nil {
		return err
	}
	s.man = c.Manifest
	return nil
}

// Rebuild writes a whole new generation with fill beside the live one and
// makes it current; a serving store swaps it into Live, which waits for
// the searches running on the generation it replaces. Until the switch the
// live generation serves as before, and stays live when fill fails.
func (s *Store) Rebuild(ctx context.Context, fill Fill) error {
	var m *Manifest
	err := s.commit(ctx, toFresh, func(ix *search.Index) error {
		last, err := fill(ctx, func(docs []search.Doc) error {
			return s.guard(ix, func(ix *search.Index) error { return ix.Apply(docs, nil) })
		})
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		m = last.Manifest
		return last.applyBatched(ix)
	})
	if err != nil {
		return err
	}
	s.man = m
	return nil
}

// target is where a commit writes.
type target uint8

const (
	inPlace target = iota // the live index a serving store has open
	toClone               // a clone of the live generation
	toFresh               // a new, empty generation
)

// commit is the one path by which anything is written to the index folder.
// write puts the change into the index it is given. In place, that is all.
// Otherwise commit then closes the new generation, which makes it durable,
// makes it current by an atomic rename of CURRENT, swaps it into Live when
// serving, and removes the generations before it. A failure before the
// switch removes the half-made generation and leaves the live one live.
func (s *Store) commit(ctx context.Context, t target, write func(*search.Index) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if t == inPlace {
		return s.commitInPlace(write)
	}
	gen := newGeneration(s.dir)
	ix, err := s.create(t, gen)
	if err == nil {
		err = s.guard(ix, write)
		if cerr := closeIndex(ix); err == nil {
			err = cerr
		}
	}
	if err != nil {
		os.RemoveAll(gen)
		return err
	}
	var served *search.Index
	if s.live != nil {
		// Opened before the switch, so that a failure leaves CURRENT and
		// Live on the generation before.
		if served, err = openForWriting(gen, s.opts.Search); err != nil {
			os.RemoveAll(gen)
			return err
		}
	}
	if err := switchCurrent(s.dir, gen); err != nil {
		if served != nil {
			served.Close()
		}
		return fmt.Errorf("switch to new index: %w", err)
	}
	if served != nil {
		if err := s.live.Swap(served); err != nil {
			s.logger().Warn("close replaced index", "err", err)
		}
	}
	if err := removeStale(s.dir, filepath.Base(gen)); err != nil {
		s.logger().Warn("remove old generations", "err", err)
	}
	return nil
}

// commitInPlace writes into the index that Live serves. After a failed
// write it reopens the live generation from disk, whose last committed
// state is the index before the write; the manifest is then read again
// from it.
func (s *Store) commitInPlace(write func(*search.Index) error) error {
	// Searches see the write as soon as bleve has applied it, and the
	// results of the index before it go then; a search that ran across
	// the write keeps its result to itself.
	defer s.live.invalidate()
	err := s.live.With(func(ix *search.Index) error { return s.guard(ix, write) })
	if errors.Is(err, errClosed) {
		// A reopen after an earlier failure did not succeed: try again,
		// then write.
		if err = s.reopen(); err == nil {
			err = s.live.With(func(ix *search.Index) error { return s.guard(ix, write) })
		}
	}
	if err == nil {
		return nil
	}
	s.man = nil
	if rerr := s.reopen(); rerr != nil {
		return errors.Join(err, fmt.Errorf("reopen the index after a failed write: %w", rerr))
	}
	return err
}

// reopen replaces the index Live serves by the live generation opened
// again from disk. Live holds its searches off meanwhile, so none sees a
// closed index; if the open fails, Live serves nothing until a later
// reopen succeeds.
func (s *Store) reopen() error {
	cur, err := currentGeneration(s.dir)
	if err != nil {
		return err
	}
	return s.live.replace(func(old *search.Index) (*search.Index, error) {
		if old != nil {
			if err := closeIndex(old); err != nil {
				s.logger().Warn("close the index that a write failed on", "err", err)
			}
		}
		return openForWriting(cur, s.opts.Search)
	})
}

// guard runs write on ix, after the test hook BeforeBatch, and turns a
// panic of bleve's into an error: a batch on an index that an earlier
// failure broke panics in bleve's code, and a server must not die of it.
func (s *Store) guard(ix *search.Index, write func(*search.Index) error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("index write failed: panic: %v", r)
		}
	}()
	if s.opts.BeforeBatch != nil {
		if err := s.opts.BeforeBatch(ix); err != nil {
			return err
		}
	}
	return write(ix)
}

// closeIndex closes ix, with a panic of bleve's on an index that a failed
// write broke turned into an error.
func closeIndex(ix *search.Index) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("close index: panic: %v", r)
		}
	}()
	return ix.Close()
}

// create makes the generation gen for a commit to t and opens it for
// writing.
func (s *Store) create(t target, gen string) (*search.Index, error) {
	if t == toFresh {
		return search.Create(gen)
	}
	cur, err := currentGeneration(s.dir)
	if err != nil {
		return nil, err
	}
	if err := cloneGeneration(cur, gen); err != nil {
		return nil, fmt.Errorf("clone %s: %w", filepath.Base(cur), err)
	}
	return search.OpenWith(gen, search.OpenOptions{LockTimeout: "5s"})
}

// Close closes Live, if the store serves, and releases the lock.
func (s *Store) Close() error {
	var err error
	if s.live != nil {
		err = s.live.Close()
	}
	if lerr := s.lock.Release(); err == nil {
		err = lerr
	}
	return err
}
