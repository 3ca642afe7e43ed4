package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/recaphq/recap/indexer"
	"github.com/recaphq/recap/indexer/kb"
)

// Source is a folder of posts and the name its files are judged under:
// a judged file is Prefix + its path inside Dir, e.g. "corpus/vi/x.md".
type Source struct {
	Prefix string
	Dir    string
}

// Sources lists the folders the benchmark reads: the repository's posts,
// and the shared corpus and seeds when shared is not empty.
func Sources(data, shared string) []Source {
	s := []Source{{Prefix: "data/posts/", Dir: filepath.Join(data, "posts")}}
	if shared != "" {
		s = append(s,
			Source{Prefix: "corpus/", Dir: filepath.Join(shared, "corpus")},
			Source{Prefix: "seeds/", Dir: filepath.Join(shared, "seeds")})
	}
	return s
}

// Doc is one judged post: its name and its entry from the real pipeline.
type Doc struct {
	Name  string
	Entry kb.Entry
}

// LoadCorpus runs every .md and .txt file of the sources through the
// indexer's pipeline. A missing source folder is an error, so that a
// benchmark never silently runs on half its corpus.
//
// A folder with a SOURCES.tsv (the shared corpus) lists where each of its
// files came from; a file is then given to the pipeline under that path
// (owner/repo/path/in/repo.md), as recap sees it when it indexes a clone
// of the repository, rather than under the flattened name it is stored as.
func LoadCorpus(sources []Source) ([]Doc, error) {
	var docs []Doc
	var pl indexer.Pipeline
	for _, src := range sources {
		origin, err := loadOrigins(filepath.Join(src.Dir, "SOURCES.tsv"))
		if err != nil {
			return nil, err
		}
		err = filepath.WalkDir(src.Dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			ext := strings.ToLower(path.Ext(p))
			if d.IsDir() || (ext != ".md" && ext != ".txt") {
				return nil
			}
			rel, err := filepath.Rel(src.Dir, p)
			if err != nil {
				return err
			}
			name := src.Prefix + filepath.ToSlash(rel)
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			as := strings.TrimPrefix(name, "data/")
			if o, ok := origin[filepath.ToSlash(rel)]; ok {
				as = o
			}
			e, err := pl.Process(as, b)
			if err != nil {
				// The indexer skips such files too (an empty post, say);
				// judgements that name one fail the judgement test.
				fmt.Fprintf(os.Stderr, "skip %s: %v\n", name, err)
				return nil
			}
			docs = append(docs, Doc{Name: name, Entry: e})
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", src.Dir, err)
		}
	}
	sort.Slice(docs, func(i, j int) bool { return docs[i].Name < docs[j].Name })
	return docs, nil
}

// loadOrigins reads a SOURCES.tsv (columns file, lang, repo, path, ...)
// into a map from file to repo/path. A folder without one has no origins.
func loadOrigins(path string) (map[string]string, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for i, line := range strings.Split(string(b), "\n") {
		f := strings.Split(line, "\t")
		if i == 0 || len(f) < 4 || f[0] == "" {
			continue
		}
		out[f[0]] = f[2] + "/" + f[3]
	}
	return out, nil
}
