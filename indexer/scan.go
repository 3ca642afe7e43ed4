// Package indexer turns a folder of recap posts into a search index, in
// three steps that its files are named for: scan finds the post files and
// compares them with the manifest of the index, process repairs, parses
// and extracts every post that changed, and plan turns the outcome into a
// store.Change. Run (for `recap index`) and the Writer (for a server that
// re-indexes) commit the change through the one commit path of
// indexer/store, which keeps the index folder safe across crashes.
package indexer

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/recaphq/recap/indexer/post"
	"github.com/recaphq/recap/indexer/store"
)

// Skip is a file that was not indexed, and why.
type Skip struct {
	Path   string
	Reason string
}

// Walk lists the post files under dataDir as slash-separated paths relative
// to it, sorted. Hidden folders and files are passed over. Symbolic links
// and other non-regular files are skipped and reported, so that nothing
// outside dataDir is ever read.
//
// Walk also returns unseen: the folders it could not read and the post
// files that are not regular files. A run cannot tell what is at or below
// them, so it keeps what the index has there rather than removing it; a
// folder made unreadable by mistake must not empty the index.
func Walk(dataDir string) (files []string, skipped []Skip, unseen []string, err error) {
	root, err := filepath.Abs(dataDir)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("data folder %s: %w", dataDir, err)
	}
	fi, err := os.Stat(root)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("data folder: %w", err)
	}
	if !fi.IsDir() {
		return nil, nil, nil, fmt.Errorf("data folder %s is not a folder", dataDir)
	}
	files, skipped, unseen, err = walkFS(dataFS(root))
	if err != nil {
		return nil, nil, nil, fmt.Errorf("walk %s: %w", dataDir, err)
	}
	return files, skipped, unseen, nil
}

// dataFS opens a data folder for Walk. It is a variable so that tests can
// make a folder fail to read, which chmod 000 cannot do when they run as
// root.
var dataFS = os.DirFS

// walkFS is Walk over the data folder as fsys.
func walkFS(fsys fs.FS) (files []string, skipped []Skip, unseen []string, err error) {
	err = fs.WalkDir(fsys, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if path == "." {
				return err
			}
			skipped = append(skipped, Skip{path, "unreadable: " + err.Error() + "; what was indexed below it is kept"})
			unseen = append(unseen, path)
			return nil
		}
		if path == "." {
			return nil
		}
		if d.IsDir() {
			if hidden(d.Name()) {
				return filepath.SkipDir
			}
			return nil
		}
		switch isPost, reason := classify(d.Name(), d.Type()); {
		case reason != "":
			skipped = append(skipped, Skip{path, reason + "; the version indexed before, if any, is kept"})
			unseen = append(unseen, path)
		case isPost:
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		return nil, nil, nil, err
	}
	sort.Strings(files)
	files, skipped = uniqueSlugs(files, skipped)
	return files, skipped, unseen, nil
}

// classify tells what a walk does with a file that is not a folder, named
// name, whose type bits are typ (fs.DirEntry.Type or FileInfo.Mode): index
// it as a post, skip it and report the reason, or pass over it, which is
// what becomes of hidden files and files that are not posts. Symbolic
// links and other files that are not regular are skipped, so that nothing
// outside the data folder is ever read.
func classify(name string, typ fs.FileMode) (isPost bool, skip string) {
	switch {
	case hidden(name), !post.IsPostFile(name):
		return false, ""
	case typ&fs.ModeSymlink != 0:
		return false, "symbolic link: not followed"
	case !typ.IsRegular():
		return false, "not a regular file"
	}
	return true, ""
}

// hidden reports whether a file or folder name is hidden. A walk passes
// over hidden files and does not enter hidden folders; a watcher ignores
// them.
func hidden(name string) bool { return strings.HasPrefix(name, ".") }

// hiddenPath reports whether a component of rel is hidden, which puts it
// out of what Walk lists.
func hiddenPath(rel string) bool {
	for part := range strings.SplitSeq(rel, "/") {
		if hidden(part) {
			return true
		}
	}
	return false
}

// dataRel returns p, a path at or below dataDir (both absolute, or both
// relative to the same folder), as a slash-separated path relative to
// dataDir. A path outside dataDir gives ".", which stands for the whole
// folder: a run asked to look at it looks at everything.
func dataRel(dataDir, p string) string {
	rel, err := filepath.Rel(dataDir, p)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "."
	}
	return filepath.ToSlash(rel)
}

// uniqueSlugs keeps the first of files that would share a post address
// (notes.md and notes.txt are both /posts/notes) and reports the others:
// two posts with one address would overwrite, and on deletion remove, each
// other's documents.
func uniqueSlugs(files []string, skipped []Skip) ([]string, []Skip) {
	owner := make(map[string]string, len(files))
	kept := files[:0]
	for _, f := range files {
		slug := post.Slug(f)
		if first, ok := owner[slug]; ok {
			skipped = append(skipped, Skip{f, "same address /posts/" + slug + " as " + first + ": rename one of them"})
			continue
		}
		owner[slug] = f
		kept = append(kept, f)
	}
	return kept, skipped
}

// candidate is a post file that may need processing: it is new, or its
// size or modification time differ from the manifest's.
type candidate struct {
	rel string
	old *store.FileRecord
}

// scan walks dataDir and compares every post file's size and modification
// time with the manifest. It returns the files to process, the number whose
// stat is unchanged, and the manifest paths that are gone. A manifest path
// at or below what the walk could not see (an unreadable folder, a post
// replaced by a pipe) is not gone: it counts as unchanged and keeps its
// record, and the walk's skip reports why.
//
// The walk reads directories only; the one stat per file that tells its
// size and time is made on every core, since on a large folder those
// system calls are most of a run that finds nothing to do.
func scan(dataDir string, m *store.Manifest) (cands []candidate, unchanged int, gone []string, skipped []Skip, err error) {
	files, skipped, unseen, err := Walk(dataDir)
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
			if _, ok := inWalk[rel]; ok {
				continue
			}
			if atOrBelow(rel, unseen) {
				unchanged++
			} else {
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
// what the manifest has at it or below it; one that cannot be read, or is
// not a regular file, keeps it, as in scan. It returns, besides what scan
// returns, the number of manifest files outside the paths, which a run
// leaves unchanged without looking at them.
func scanPaths(dataDir string, m *store.Manifest, rels []string) (cands []candidate, unchanged int, gone []string, skipped []Skip, err error) {
	var files []string
	listed := map[string]bool{}
	var prefixes []string // folders, gone or not, whose manifest files are in scope
	exact := map[string]bool{}
	var unseen []string // paths whose manifest files are kept, as in scan
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
			skipped = append(skipped, Skip{rel, err.Error() + "; what was indexed at it is kept"})
			unseen = append(unseen, rel)
			continue
		case fi.IsDir():
			sub, subSkipped, subUnseen, err := Walk(full)
			if err != nil {
				skipped = append(skipped, Skip{rel, err.Error() + "; what was indexed below it is kept"})
				unseen = append(unseen, rel)
				continue
			}
			for _, u := range subUnseen {
				unseen = append(unseen, rel+"/"+u)
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
		default:
			switch isPost, reason := classify(fi.Name(), fi.Mode()); {
			case reason != "":
				skipped = append(skipped, Skip{rel, reason + "; the version indexed before, if any, is kept"})
				unseen = append(unseen, rel)
			case isPost && !listed[rel]:
				listed[rel] = true
				files = append(files, rel)
			}
		}
	}
	inScope := 0
	for rel := range m.Files {
		if !exact[rel] && !hasAnyPrefix(rel, prefixes) {
			continue
		}
		inScope++
		switch {
		case listed[rel]:
		case atOrBelow(rel, unseen):
			unchanged++
		default:
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

// atOrBelow reports whether the slash-separated path rel is one of paths
// or lies below one of them.
func atOrBelow(rel string, paths []string) bool {
	for _, p := range paths {
		if rel == p || strings.HasPrefix(rel, p+"/") {
			return true
		}
	}
	return false
}

// hasAnyPrefix reports whether s starts with one of prefixes.
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
func statFiles(dataDir string, files []string, m *store.Manifest, states []fileState) {
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
func statFile(dataDir, rel string, old *store.FileRecord) fileState {
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
