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

// DefaultDebounce is how long Watch waits after the last change before it
// re-indexes: long enough that an editor's save (write a temporary file,
// rename it over the post) or a copy of many files makes one run.
const DefaultDebounce = 300 * time.Millisecond

// Watch watches the post folder dataDir and every folder below it, and
// calls trigger once the changes to post files have settled for debounce.
// Editors' temporary and backup files, hidden files and files that are not
// posts are ignored. It returns when ctx is done.
//
// Watch does not tell what changed, so the run it triggers must compare the
// whole folder with the manifest; WatchPaths tells, which makes a run on a
// large folder cost only what changed.
func Watch(ctx context.Context, dataDir string, debounce time.Duration, trigger func(), log *slog.Logger) error {
	return WatchPaths(ctx, dataDir, debounce, func([]string) { trigger() }, log)
}

// WatchPaths is Watch that passes the changed paths to changed: the post
// files created, written, removed or renamed, and the folders created,
// removed or renamed, which stand for every file below them. The paths are
// dataDir joined with the path below it. When the kernel has dropped
// events, changed is called with nil: anything may have changed.
//
// A folder created is watched from its event on; the files created in it
// before are found because the folder itself is among the paths.
func WatchPaths(ctx context.Context, dataDir string, debounce time.Duration, changed func(paths []string), log *slog.Logger) error {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("watch %s: %w", dataDir, err)
	}
	defer w.Close()
	if err := addTree(w, dataDir); err != nil {
		return err
	}
	var timer *time.Timer
	var fire <-chan time.Time
	pending := map[string]struct{}{}
	for {
		select {
		case <-ctx.Done():
			return nil
		case err, ok := <-w.Errors:
			if !ok {
				return nil
			}
			// An overflow loses events: re-index everything to be sure.
			log.Warn("watch", "err", err)
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				clear(pending)
				if timer != nil {
					timer.Stop()
				}
				fire = nil
				changed(nil)
			}
		case ev, ok := <-w.Events:
			if !ok {
				return nil
			}
			if ev.Has(fsnotify.Create) {
				if fi, err := os.Lstat(ev.Name); err == nil && fi.IsDir() && !ignoredName(filepath.Base(ev.Name)) {
					if err := addTree(w, ev.Name); err != nil {
						log.Warn("watch new folder", "err", err)
					}
					pending[ev.Name] = struct{}{}
					fire = restart(&timer, debounce)
					continue
				}
			}
			if !relevant(ev) {
				continue
			}
			pending[ev.Name] = struct{}{}
			fire = restart(&timer, debounce)
		case <-fire:
			fire = nil
			paths := make([]string, 0, len(pending))
			for p := range pending {
				paths = append(paths, p)
			}
			clear(pending)
			changed(paths)
		}
	}
}

// Watch runs WatchPaths on the writer's data folder and re-indexes the
// paths it reports, until ctx is done.
func (w *Writer) Watch(ctx context.Context, debounce time.Duration) error {
	dataDir := w.opts.DataDir
	return WatchPaths(ctx, dataDir, debounce, func(paths []string) {
		for i, p := range paths {
			rel, err := filepath.Rel(dataDir, p)
			if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
				rel = "." // outside: look at everything
			}
			paths[i] = rel
		}
		w.Changed("watch", paths)
	}, w.opts.logger())
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
	case strings.HasPrefix(name, "."),
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
