package indexer

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/recaphq/recap/indexer/post"
)

// DefaultDebounce is how long a watcher waits after the last change before it
// re-indexes: long enough that an editor's save (write a temporary file,
// rename it over the post) or a copy of many files makes one run.
const DefaultDebounce = 300 * time.Millisecond

// watcher watches a data folder and every folder below it, and reports
// the paths that changed once the changes have settled for debounce.
// Editors' temporary and backup files, hidden files and files that are not
// posts are ignored.
type watcher struct {
	fs       *fsnotify.Watcher
	debounce time.Duration
	// changed receives the post files created, written, removed or
	// renamed, and the folders created, removed or renamed, which stand
	// for every file below them, each as the data folder joined with the
	// path below it; nil when the kernel has dropped events and anything
	// may have changed.
	changed func(paths []string)
	log     *slog.Logger
}

// newWatcher starts watching dataDir and every folder below it that is not
// hidden.
func newWatcher(dataDir string, debounce time.Duration, changed func([]string), log *slog.Logger) (*watcher, error) {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, fmt.Errorf("watch %s: %w", dataDir, err)
	}
	if err := addTree(fw, dataDir); err != nil {
		fw.Close()
		return nil, err
	}
	return &watcher{fs: fw, debounce: debounce, changed: changed, log: log}, nil
}

// run reports changes until ctx is done, and then stops watching.
//
// A folder created is watched from its event on; the files created in it
// before are found because the folder itself is among the paths.
func (w *watcher) run(ctx context.Context) {
	defer w.fs.Close()
	var timer *time.Timer
	var fire <-chan time.Time
	pending := map[string]struct{}{}
	for {
		select {
		case <-ctx.Done():
			return
		case err, ok := <-w.fs.Errors:
			if !ok {
				return
			}
			// An overflow loses events: re-index everything to be sure.
			w.log.Warn("watch", "err", err)
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				clear(pending)
				if timer != nil {
					timer.Stop()
				}
				fire = nil
				w.changed(nil)
			}
		case ev, ok := <-w.fs.Events:
			if !ok {
				return
			}
			if ev.Has(fsnotify.Create) {
				if fi, err := os.Lstat(ev.Name); err == nil && fi.IsDir() && !ignoredName(filepath.Base(ev.Name)) {
					if err := addTree(w.fs, ev.Name); err != nil {
						w.log.Warn("watch new folder", "err", err)
					}
					pending[ev.Name] = struct{}{}
					fire = restart(&timer, w.debounce)
					continue
				}
			}
			if !relevant(ev) {
				continue
			}
			pending[ev.Name] = struct{}{}
			fire = restart(&timer, w.debounce)
		case <-fire:
			fire = nil
			paths := make([]string, 0, len(pending))
			for p := range pending {
				paths = append(paths, p)
			}
			clear(pending)
			w.changed(paths)
		}
	}
}

// Watch starts watching the writer's data folder and every folder below
// it, and re-indexes the paths that change once the changes have settled
// for debounce (DefaultDebounce suits editors and copies): a run over a
// few paths costs what they cost, not what the folder does. The Writer
// owns the watcher: Close stops it and waits for it. Watch fails when the
// folder cannot be watched; later trouble is logged.
func (w *Writer) Watch(debounce time.Duration) error {
	dataDir := w.opts.DataDir
	fw, err := newWatcher(dataDir, debounce, func(paths []string) {
		if paths == nil {
			w.Trigger("watch")
			return
		}
		for i, p := range paths {
			paths[i] = dataRel(dataDir, p)
		}
		w.changedRel("watch", paths)
	}, w.opts.logger())
	if err != nil {
		return err
	}
	w.watchWG.Go(func() { fw.run(w.ctx) })
	return nil
}

// restart (re)arms the debounce timer.
func restart(t **time.Timer, d time.Duration) <-chan time.Time {
	if *t == nil {
		*t = time.NewTimer(d)
	} else {
		(*t).Reset(d)
	}
	return (*t).C
}

// relevant reports whether ev may change what is indexed. A removed or
// renamed path may have been a folder of posts, so those always count
// unless the name is an editor's.
func relevant(ev fsnotify.Event) bool {
	name := filepath.Base(ev.Name)
	if ignoredName(name) {
		return false
	}
	if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
		return true
	}
	if ev.Op == fsnotify.Chmod {
		return false
	}
	return post.IsPostFile(name)
}

// ignoredName reports names that are never posts: hidden files and the
// temporary and backup files of common editors (vim's .swp and 4913, emacs'
// #name# and name~, and the .tmp of atomic savers).
func ignoredName(name string) bool {
	switch {
	case hidden(name),
		strings.HasPrefix(name, "#"),
		strings.HasSuffix(name, "~"),
		strings.HasSuffix(name, ".swp"),
		strings.HasSuffix(name, ".swx"),
		strings.HasSuffix(name, ".tmp"),
		strings.HasSuffix(name, ".part"),
		name == "4913":
		return true
	}
	return false
}

// addTree watches root and every folder below it that is not hidden.
func addTree(w *fsnotify.Watcher, root string) error {
	return filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if path == root {
				return fmt.Errorf("watch %s: %w", root, err)
			}
			return nil
		}
		if !d.IsDir() {
			return nil
		}
		if path != root && ignoredName(d.Name()) {
			return filepath.SkipDir
		}
		if err := w.Add(path); err != nil {
			return fmt.Errorf("watch %s: %w", path, err)
		}
		return nil
	})
}
