package indexer

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/recaphq/recap/indexer/search"
)

// An index folder holds one or more generations, each a complete bleve
// index in a folder of its own, and a file CURRENT that names the live one.
// A full build writes a new generation and then replaces CURRENT by a
// rename, which is atomic: a reader, or a crash, sees the old generation or
// the new one, never a half-built index.
const currentFile = "CURRENT"

// ErrNoIndex is returned when an index folder holds no index yet.
var ErrNoIndex = errors.New("no index")

// currentGeneration returns the path of the live generation in dir.
func currentGeneration(dir string) (string, error) {
	b, err := os.ReadFile(filepath.Join(dir, currentFile))
	if errors.Is(err, os.ErrNotExist) {
		return "", fmt.Errorf("%s: %w (run recap index first)", dir, ErrNoIndex)
	}
	if err != nil {
		return "", err
	}
	name := strings.TrimSpace(string(b))
	if name == "" || strings.ContainsAny(name, `/\`) || name == "." || name == ".." {
		return "", fmt.Errorf("%s: CURRENT names no generation", dir)
	}
	return filepath.Join(dir, name), nil
}

// Exists reports whether dir holds an index.
func Exists(dir string) bool {
	_, err := currentGeneration(dir)
	return err == nil
}

// OpenIndex opens the live generation of the index in dir.
func OpenIndex(dir string) (*search.Index, error) {
	gen, err := currentGeneration(dir)
	if err != nil {
		return nil, err
	}
	return search.Open(gen)
}

// newGeneration returns the path for a new generation in dir.
func newGeneration(dir string) string {
	return filepath.Join(dir, "gen-"+time.Now().UTC().Format("20060102T150405.000000000"))
}

// makeCurrent makes gen the live generation of dir and removes the
// generations that are no longer live.
func makeCurrent(dir, gen string) error {
	tmp := filepath.Join(dir, currentFile+".tmp")
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	if _, err := f.WriteString(filepath.Base(gen) + "\n"); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, filepath.Join(dir, currentFile)); err != nil {
		return err
	}
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync() // make the rename durable where the file system allows
		d.Close()
	}
	return removeStale(dir, filepath.Base(gen))
}

// removeStale deletes every generation but live. A server that still has
// an old generation open keeps reading it: on Unix the files live on until
// they are closed.
func removeStale(dir, live string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	var errs []error
	for _, e := range entries {
		if e.IsDir() && strings.HasPrefix(e.Name(), "gen-") && e.Name() != live {
			if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
				errs = append(errs, err)
			}
		}
	}
	return errors.Join(errs...)
}
