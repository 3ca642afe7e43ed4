package indexer

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"sync"
	"time"

	"github.com/recaphq/recap/indexer/search"
)

// errNoManifest is returned by an incremental run on an index that has no
// manifest, which only a full build can give it.
var errNoManifest = errors.New("index has no manifest")

// candidate is a post file that may need processing: it is new, or its
// size or modification time differ from the manifest's.
type candidate struct {
	rel string
	old *FileRecord
}

// processed is the outcome of processing one candidate.
type processed struct {
	rel   string
	rec   *FileRecord // the file as read, with its documents
	entry search.Entry
	docs  []search.Doc
	same  bool // the bytes hash as before: only the stat changed
	err   error
}

// processFile reads, hashes and processes one file. The size and time
// recorded are those of the open file, so a file changed during the run is
// seen as changed again by the next one.
func processFile(pl *Pipeline, dataDir string, c candidate) processed {
	out := processed{rel: c.rel}
	f, err := os.Open(filepath.Join(dataDir, filepath.FromSlash(c.rel)))
	if err != nil {
		out.err = err
		return out
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		out.err = err
		return out
	}
	if !fi.Mode().IsRegular() {
		out.err = errors.New("not a regular file")
		return out
	}
	if fi.Size() > MaxPostBytes {
		out.err = fmt.Errorf("file is %d bytes, more than the %d a post may have", fi.Size(), MaxPostBytes)
		return out
	}
	b, err := io.ReadAll(io.LimitReader(f, MaxPostBytes+1))
	if err != nil {
		out.err = err
		return out
	}
	rec := &FileRecord{Size: fi.Size(), ModTime: fi.ModTime().UnixNano(), Hash: sha256.Sum256(b), Indexed: time.Now().UnixNano()}
	out.rec = rec
	if c.old != nil && c.old.Failure == "" && c.old.Hash == rec.Hash {
		out.same = true
		rec.Docs = c.old.Docs
		rec.Indexed = c.old.Indexed
		return out
	}
	e, err := pl.Process(c.rel, b)
	if err != nil {
		out.err = err
		return out
	}
	docs, err := search.Documents(e)
	if err != nil {
		out.err = err
		return out
	}
	out.entry, out.docs = e, docs
	rec.Docs = make([]string, len(docs))
	for i, d := range docs {
		rec.Docs[i] = d.ID
	}
	return out
}

// processAll processes the candidates on every core. The channel it
// returns closes when all are done or ctx is.
func processAll(ctx context.Context, pl *Pipeline, dataDir string, cands []candidate) <-chan processed {
	jobs := make(chan candidate)
	out := make(chan processed)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range jobs {
				out <- processFile(pl, dataDir, c)
			}
		}()
	}
	go func() {
		defer close(jobs)
		for _, c := range cands {
			select {
			case jobs <- c:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(out) }()
	return out
}

// scan walks dataDir and compares every post file's size and modification
// time with the manifest. It returns the files to process, the number whose
// stat is unchanged, and the manifest paths that are gone.
func scan(dataDir string, m *Manifest) (cands []candidate, unchanged int, gone []string, skipped []Skip, err error) {
	files, skipped, err := Walk(dataDir)
	if err != nil {
		return nil, 0, nil, nil, err
	}
	seen := make(map[string]bool, len(files))
	for _, rel := range files {
		seen[rel] = true
		old := m.Files[rel]
		if old != nil && old.Failure == "" {
			fi, err := os.Lstat(filepath.Join(dataDir, filepath.FromSlash(rel)))
			if err == nil && fi.Size() == old.Size && fi.ModTime().UnixNano() == old.ModTime {
				unchanged++
				continue
			}
			if errors.Is(err, fs.ErrNotExist) {
				continue // deleted since the walk: gone below
			}
		}
		cands = append(cands, candidate{rel: rel, old: old})
	}
	for rel := range m.Files {
		if !seen[rel] {
			gone = append(gone, rel)
		}
	}
	sort.Strings(gone)
	return cands, unchanged, gone, skipped, nil
}

// update is an incremental run's change to the index, computed without
// touching it: the documents to write, those to delete, and the new
// manifest.
type update struct {
	docs     []search.Doc
	remove   []string
	manifest *Manifest
	// dirty is set when the manifest differs from the one in the index,
	// even if no document does (a file touched but not changed).
	dirty bool
}

// prepare computes the update that brings an index whose manifest is m up
// to date with the files in opts.DataDir. m is not modified.
func prepare(ctx context.Context, m *Manifest, opts Options) (*update, *Summary, error) {
	sum := &Summary{ByLang: map[string]int{}}
	pl, err := opts.pipeline()
	if err != nil {
		return nil, nil, err
	}
	cands, unchanged, gone, skipped, err := scan(opts.DataDir, m)
	if err != nil {
		return nil, nil, err
	}
	sum.Skipped = skipped
	sum.Unchanged = unchanged
	next := &Manifest{Files: make(map[string]*FileRecord, len(m.Files)+len(cands))}
	for rel, r := range m.Files {
		next.Files[rel] = r
	}
	u := &update{manifest: next}
	for _, rel := range gone {
		u.remove = append(u.remove, m.Files[rel].Docs...)
		delete(next.Files, rel)
		sum.Removed++
		u.dirty = true
	}
	done := 0
	for p := range processAll(ctx, pl, opts.DataDir, cands) {
		done++
		opts.progress(done, len(cands))
		old := m.Files[p.rel]
		switch {
		case p.err != nil:
			sum.Skipped = append(sum.Skipped, Skip{p.rel, p.err.Error()})
			if old != nil {
				// Keep the version before searchable until a good one
				// arrives, and note why the new one is not.
				kept := *old
				kept.Failure = p.err.Error()
				next.Files[p.rel] = &kept
				u.dirty = true
			}
		case p.same:
			sum.Unchanged++
			next.Files[p.rel] = p.rec
			u.dirty = true
		default:
			if old != nil {
				sum.Updated++
				keep := make(map[string]bool, len(p.rec.Docs))
				for _, id := range p.rec.Docs {
					keep[id] = true
				}
				for _, id := range old.Docs {
					if !keep[id] {
						u.remove = append(u.remove, id)
					}
				}
			} else {
				sum.Added++
			}
			sum.count(p.entry)
			u.docs = append(u.docs, p.docs...)
			next.Files[p.rel] = p.rec
			u.dirty = true
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	sortSkips(sum.Skipped)
	sum.Files = len(next.Files)
	return u, sum, nil
}

// apply writes the update to ix in one batch, manifest included.
func (u *update) apply(ix *search.Index) error {
	if !u.dirty {
		return nil
	}
	enc, err := u.manifest.encode()
	if err != nil {
		return err
	}
	return ix.ApplyInternal(u.docs, u.remove, map[string][]byte{manifestKey: enc})
}

// Update brings ix, an index open for writing, up to date with the files in
// opts.DataDir: it processes only new and changed files, deletes the
// documents of deleted ones, and commits everything, manifest included, as
// one batch. The caller must hold the index lock.
func Update(ctx context.Context, ix *search.Index, opts Options) (*Summary, error) {
	start := time.Now()
	m, err := loadManifest(ix)
	if err != nil {
		return nil, err
	}
	if m == nil {
		return nil, errNoManifest
	}
	u, sum, err := prepare(ctx, m, opts)
	if err != nil {
		return nil, err
	}
	if err := u.apply(ix); err != nil {
		return nil, err
	}
	sum.Took = time.Since(start)
	return sum, nil
}

// Run is what `recap index` does: under the index lock, a full build when
// opts.Full is set or there is no usable index, and otherwise an
// incremental run.
//
// The incremental run never writes the live generation, which a server may
// have open: it clones the generation (hard links for the immutable
// segment files, a copy of the small root file), applies its one batch to
// the clone and makes the clone current by the same atomic rename as a full
// build. A kill -9 at any point leaves CURRENT naming the generation before
// the run; the next run removes the half-made clone and starts again.
func Run(ctx context.Context, opts Options) (*Summary, error) {
	lock, err := AcquireLock(opts.IndexDir, "recap index", opts.LockWait)
	if err != nil {
		return nil, err
	}
	defer lock.Release()
	if opts.Full || !Exists(opts.IndexDir) {
		return Build(ctx, opts)
	}
	start := time.Now()
	cur, err := currentGeneration(opts.IndexDir)
	if err != nil {
		return nil, err
	}
	// Runs killed before they switched leave generations nobody uses.
	if err := removeStale(opts.IndexDir, filepath.Base(cur)); err != nil {
		opts.logger().Warn("remove unused generations", "err", err)
	}
	ix, err := search.OpenWith(cur, search.OpenOptions{ReadOnly: true, LockTimeout: "5s"})
	if err != nil {
		return nil, err
	}
	m, err := loadManifest(ix)
	ix.Close()
	if err != nil {
		return nil, err
	}
	if m == nil {
		opts.logger().Info("index has no manifest: rebuilding it in full")
		return Build(ctx, opts)
	}
	u, sum, err := prepare(ctx, m, opts)
	if err != nil {
		return nil, err
	}
	if u.dirty {
		if err := commitClone(opts.IndexDir, cur, u); err != nil {
			return nil, err
		}
	}
	sum.Took = time.Since(start)
	return sum, nil
}

// commitClone applies u to a clone of the generation cur and makes the
// clone current.
func commitClone(dir, cur string, u *update) error {
	gen := newGeneration(dir)
	if err := cloneGeneration(cur, gen); err != nil {
		os.RemoveAll(gen)
		return err
	}
	ix, err := search.OpenWith(gen, search.OpenOptions{LockTimeout: "5s"})
	if err != nil {
		os.RemoveAll(gen)
		return err
	}
	err = u.apply(ix)
	if cerr := ix.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.RemoveAll(gen)
		return err
	}
	if err := switchCurrent(dir, gen); err != nil {
		return fmt.Errorf("switch to new index: %w", err)
	}
	return removeStale(dir, filepath.Base(gen))
}
