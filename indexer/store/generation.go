package store

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	bolterrors "go.etcd.io/bbolt/errors"

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

// OpenIndex opens the live generation of the index in dir for reading.
// Any number of processes can do so at once. A server that re-indexes
// holds its generation open for writing, which excludes readers in other
// processes; OpenIndex then fails after a short wait instead of hanging.
// opts configure its searches (synonyms).
func OpenIndex(dir string, opts ...search.Option) (*search.Index, error) {
	gen, err := currentGeneration(dir)
	if err != nil {
		return nil, err
	}
	ix, err := search.OpenWith(gen, search.OpenOptions{ReadOnly: true, LockTimeout: "3s"}, opts...)
	if errors.Is(err, bolterrors.ErrTimeout) {
		return nil, fmt.Errorf("%w: another process has the index open for writing (a recap serve --watch?); ask it with its API instead", err)
	}
	return ix, err
}

// cloneGeneration makes gen a copy of the generation src that can be
// written without changing src. Scorch never changes a segment file once
// written, so segments are hard-linked; only the small files that change
// in place (the bolt root, the index metadata) are copied.
func cloneGeneration(src, gen string) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		dst := filepath.Join(gen, rel)
		switch {
		case d.IsDir():
			return os.MkdirAll(dst, 0o755)
		case strings.HasSuffix(d.Name(), ".zap"):
			if err := os.Link(path, dst); err == nil {
				return nil
			}
			return copyFile(path, dst) // file systems without hard links
		default:
			return copyFile(path, dst)
		}
	})
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return fmt.Errorf("copy %s: %w", src, err)
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// newGeneration returns the path for a new generation in dir.
func newGeneration(dir string) string {
	return filepath.Join(dir, "gen-"+time.Now().UTC().Format("20060102T150405.000000000"))
}

// switchCurrent makes gen the live generation of dir.
func switchCurrent(dir, gen string) error {
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
	return nil
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
