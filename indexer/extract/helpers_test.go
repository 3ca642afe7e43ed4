package extract

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/recaphq/recap/indexer/kb"
	"github.com/recaphq/recap/indexer/post"
	"github.com/recaphq/recap/indexer/taxonomy"
	"github.com/recaphq/recap/indexer/textfix"
)

// Paths of the inputs, relative to this package.
const (
	dataDir   = "../../data"
	sharedDir = "../../../shared"
)

// loadTaxonomy loads data/topics.yaml and data/speakers.yaml, or skips the
// test when they are not there.
func loadTaxonomy(t testing.TB) *taxonomy.Taxonomy {
	t.Helper()
	tax, err := taxonomy.Load(os.DirFS(dataDir))
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("no taxonomy in %s", dataDir)
	}
	if err != nil {
		t.Fatalf("load taxonomy: %v", err)
	}
	return tax
}

// readPost reads a file through the same steps as the indexer: repair,
// then parse. rel is the path the post gets inside the data folder.
func readPost(t testing.TB, file, rel string) kb.Post {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("read %s: %v", file, err)
	}
	text, _ := textfix.Repair(b)
	p, err := post.Parse(filepath.ToSlash(rel), text)
	if err != nil {
		t.Fatalf("parse %s: %v", file, err)
	}
	return p
}
