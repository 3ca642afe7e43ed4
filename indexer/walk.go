// Package indexer turns a folder of recap posts into a search index: it
// walks the folder, repairs and parses every post, extracts what the post
// tells, and writes the documents into a new index generation that it then
// makes current in one step.
package indexer

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/recaphq/recap/indexer/post"
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
func Walk(dataDir string) (files []string, skipped []Skip, err error) {
	root, err := filepath.Abs(dataDir)
	if err != nil {
		return nil, nil, fmt.Errorf("data folder %s: %w", dataDir, err)
	}
	fi, err := os.Stat(root)
	if err != nil {
		return nil, nil, fmt.Errorf("data folder: %w", err)
	}
	if !fi.IsDir() {
		return nil, nil, fmt.Errorf("data folder %s is not a folder", dataDir)
	}
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		if err != nil {
			if path == root {
				return err
			}
			skipped = append(skipped, Skip{rel, err.Error()})
			return nil
		}
		if path == root {
			return nil
		}
		if strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		if !post.IsPostFile(d.Name()) {
			return nil
		}
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			skipped = append(skipped, Skip{rel, "symbolic link: not followed"})
		case !d.Type().IsRegular():
			skipped = append(skipped, Skip{rel, "not a regular file"})
		default:
			files = append(files, rel)
		}
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("walk %s: %w", dataDir, err)
	}
	sort.Strings(files)
	return uniqueSlugs(files, skipped)
}

// uniqueSlugs keeps the first of files that would share a post address
// (notes.md and notes.txt are both /posts/notes) and reports the others:
// two posts with one address would overwrite, and on deletion remove, each
// other's documents.
func uniqueSlugs(files []string, skipped []Skip) ([]string, []Skip, error) {
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
	return kept, skipped, nil
}
