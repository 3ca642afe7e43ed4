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
	"strings"
	"sync"
	"time"

	"github.com/recaphq/recap/indexer/kb"
	"github.com/recaphq/recap/indexer/post"
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
	entry kb.Entry
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
//
// The walk reads directories only; the one stat per file that tells its
// size and time is made on every core, since on a large folder those
// system calls are most of a run that finds nothing to do.
func scan(dataDir string, m *Manifest) (cands []candidate, unchanged int, gone []string, skipped []Skip, err error) {
	files, skipped, err := Walk(dataDir)
	if err != nil {
		return nil, 0, nil, nil, err
	}
	states := make([]fileState, len(files))
	statFiles(dataDir, files, m, states)
	seen := 0
	for i, rel := range files {
		if m.Files[rel] != nil {
			seen++
		}
		switch states[i] {
		case fileUnchanged:
			unchanged++
		case fileChanged:
			cands = append(cands, candidate{rel: rel, old: m.Files[rel]})
		}
	}
	if seen < len(m.Files) {
		inWalk := make(map[string]struct{}, len(files))
		for _, rel := range files {
			inWalk[rel] = struct{}{}
		}
		for rel := range m.Files {
			if _, ok := inWalk[rel]; !ok {
				gone = append(gone, rel)
			}
		}
		sort.Strings(gone)
	}
	return cands, unchanged, gone, skipped, nil
}

// scanPaths is scan limited to the paths rels (slash-separated, relative
// to dataDir) that a watcher saw change: a post file, or a folder, which
// stands for every file below it. A path that no longer exists removes
// what the manifest has at it or below it. It returns, besides what scan
// returns, the number of manifest files outside the paths, which a run
// leaves unchanged without looking at them.
func scanPaths(dataDir string, m *Manifest, rels []string) (cands []candidate, unchanged int, gone []string, skipped []Skip, err error) {
	var files []string
	listed := map[string]bool{}
	var prefixes []string // folders, gone or not, whose manifest files are in scope
	exact := map[string]bool{}
	for _, rel := range rels {
		rel = strings.Trim(rel, "/")
		if rel == "" || hiddenPath(rel) {
			continue
		}
		exact[rel] = true
		prefixes = append(prefixes, rel+"/")
		full := filepath.Join(dataDir, filepath.FromSlash(rel))
		fi, err := os.Lstat(full)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			continue
		case err != nil:
			skipped = append(skipped, Skip{rel, err.Error()})
			continue
		case fi.IsDir():
			sub, subSkipped, err := Walk(full)
			if err != nil {
				skipped = append(skipped, Skip{rel, err.Error()})
				continue
			}
			for _, f := range sub {
				if f = rel + "/" + f; !listed[f] {
					listed[f] = true
					files = append(files, f)
				}
			}
			for _, sk := range subSkipped {
				skipped = append(skipped, Skip{rel + "/" + sk.Path, sk.Reason})
			}
		case !post.IsPostFile(fi.Name()):
		case fi.Mode()&fs.ModeSymlink != 0:
			skipped = append(skipped, Skip{rel, "symbolic link: not followed"})
		case !fi.Mode().IsRegular():
			skipped = append(skipped, Skip{rel, "not a regular file"})
		case !listed[rel]:
			listed[rel] = true
			files = append(files, rel)
		}
	}
	inScope := 0
	for rel := range m.Files {
		if !exact[rel] && !hasAnyPrefix(rel, prefixes) {
			continue
		}
		inScope++
		if !listed[rel] {
			gone = append(gone, rel)
		}
	}
	sort.Strings(files)
	sort.Strings(gone)
	states := make([]fileState, len(files))
	statFiles(dataDir, files, m, states)
	for i, rel := range files {
		switch states[i] {
		case fileUnchanged:
			unchanged++
		case fileChanged:
			cands = append(cands, candidate{rel: rel, old: m.Files[rel]})
		}
	}
	return cands, unchanged + len(m.Files) - inScope, gone, skipped, nil
}

// hiddenPath reports whether a component of rel is hidden, which puts it
// out of what Walk lists.
func hiddenPath(rel string) bool {
	for part := range strings.SplitSeq(rel, "/") {
		if strings.HasPrefix(part, ".") {
			return true
		}
	}
	return false
}

func hasAnyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// fileState is what a stat tells of a file the walk found.
type fileState uint8

const (
	fileUnchanged fileState = iota
	fileChanged             // new, failed last time, or another size or time
	fileVanished            // deleted since the walk: the next run sees it gone
)

// statFiles sets states[i] to the state of files[i].
func statFiles(dataDir string, files []string, m *Manifest, states []fileState) {
	workers := min(runtime.GOMAXPROCS(0)*2, 8)
	const chunk = 512
	var next sync.Mutex
	pos := 0
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				next.Lock()
				lo := pos
				pos += chunk
				next.Unlock()
				if lo >= len(files) {
					return
				}
				for i := lo; i < min(lo+chunk, len(files)); i++ {
					states[i] = statFile(dataDir, files[i], m.Files[files[i]])
				}
			}
		}()
	}
	wg.Wait()
}

// statFile tells the state of the file rel, given what the manifest knows
// of it (nil for a new file).
func statFile(dataDir, rel string, old *FileRecord) fileState {
	if old == nil || old.Failure != "" {
		return fileChanged
	}
	fi, err := os.Lstat(filepath.Join(dataDir, filepath.FromSlash(rel)))
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fileVanished
	case err == nil && fi.Size() == old.Size && fi.ModTime().UnixNano() == old.ModTime:
		return fileUnchanged
	}
	return fileChanged
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
// to date with the files in opts.DataDir: with all of them when paths is
// nil, else with those at or below paths (see scanPaths). m is not
// modified.
func prepare(ctx context.Context, m *Manifest, opts Options, paths []string) (*update, *Summary, error) {
	sum := &Summary{ByLang: map[string]int{}}
	pl, err := opts.pipeline()
	if err != nil {
		return nil, nil, err
	}
	scanner := scan
	if paths != nil {
		scanner = func(dataDir string, m *Manifest) ([]candidate, int, []string, []Skip, error) {
			return scanPaths(dataDir, m, paths)
		}
	}
	cands, unchanged, gone, skipped, err := scanner(opts.DataDir, m)
	if err != nil {
		return nil, nil, err
	}
	sum.Skipped = skipped
	sum.Unchanged = unchanged
	next := m.clone()
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
	return ix.ApplyInternal(u.docs, u.remove, map[string][]byte{manifestKey: enc, manifestKeyV1: nil})
}

// Update brings ix, an index open for writing, up to date with the files in
// opts.DataDir: it processes only new and changed files, deletes the
// documents of deleted ones, and commits everything, manifest included, as
// one batch. The caller must hold the index lock.
func Update(ctx context.Context, ix *search.Index, opts Options) (*Summary, error) {
	sum, _, err := update1(ctx, ix, nil, opts, nil)
	return sum, err
}

// update1 is Update given the manifest m that ix holds (nil: read it from
// ix) and, when paths is not nil, only for the files at or below paths. It
// returns the manifest that ix holds after the run, which is m when the run
// failed.
func update1(ctx context.Context, ix *search.Index, m *Manifest, opts Options, paths []string) (*Summary, *Manifest, error) {
	start := time.Now()
	if m == nil {
		var err error
		if m, err = loadManifest(ix); err != nil {
			return nil, nil, err
		}
		if m == nil {
			return nil, nil, errNoManifest
		}
	}
	u, sum, err := prepare(ctx, m, opts, paths)
	if err != nil {
		return nil, m, err
	}
	if err := u.apply(ix); err != nil {
		return nil, m, err
	}
	sum.Took = time.Since(start)
	return sum, u.manifest, nil
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
	u, sum, err := prepare(ctx, m, opts, nil)
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
