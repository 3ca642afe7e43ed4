package indexer

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/recaphq/recap/data"
	"github.com/recaphq/recap/indexer/extract"
	"github.com/recaphq/recap/indexer/kb"
	"github.com/recaphq/recap/indexer/post"
	"github.com/recaphq/recap/indexer/taxonomy"
	"github.com/recaphq/recap/indexer/textfix"
)

// MaxPostBytes bounds the size of one post file; anything larger is not a
// recap post and would only slow the run down.
const MaxPostBytes = 8 << 20

// Pipeline turns the bytes of one post into its index entry: repair the
// text, parse the post, extract talks, event and topics. Each step is a
// pure function; only Load reads a file. A Pipeline is safe for
// concurrent use.
type Pipeline struct {
	// Taxonomy names topics and merges speakers; nil finds no topics.
	Taxonomy *taxonomy.Taxonomy
}

// NewPipeline returns the pipeline for the posts in dataDir: with the
// taxonomy of dataDir/topics.yaml (and speakers.yaml), or recap's default
// taxonomy when the folder has none.
func NewPipeline(dataDir string) (*Pipeline, error) {
	tax, err := LoadTaxonomy(dataDir)
	if err != nil {
		return nil, err
	}
	return &Pipeline{Taxonomy: tax}, nil
}

// LoadTaxonomy loads dataDir's taxonomy, or the default one when dataDir
// is empty or has no topics.yaml.
func LoadTaxonomy(dataDir string) (*taxonomy.Taxonomy, error) {
	if dataDir == "" {
		return taxonomy.Load(data.Taxonomy)
	}
	tax, err := taxonomy.Load(os.DirFS(dataDir))
	if errors.Is(err, fs.ErrNotExist) {
		tax, err = taxonomy.Load(data.Taxonomy)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", dataDir, err)
	}
	return tax, nil
}

// Load reads and processes the post at rel inside dataDir.
func (pl *Pipeline) Load(dataDir, rel string) (kb.Entry, error) {
	path := filepath.Join(dataDir, filepath.FromSlash(rel))
	fi, err := os.Lstat(path)
	if err != nil {
		return kb.Entry{}, err
	}
	if fi.Size() > MaxPostBytes {
		return kb.Entry{}, fmt.Errorf("file is %d bytes, more than the %d a post may have", fi.Size(), MaxPostBytes)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return kb.Entry{}, err
	}
	return pl.Process(rel, b)
}

// Process turns the bytes of the post at rel into its entry.
func (pl *Pipeline) Process(rel string, b []byte) (kb.Entry, error) {
	text, rep := textfix.Repair(b)
	p, err := post.Parse(rel, text)
	if err != nil {
		return kb.Entry{}, err
	}
	p.Repair = kb.RepairSummary{Encoding: rep.Encoding, Chars: rep.Chars(), Kinds: kinds(rep)}
	return extract.Post(p, pl.Taxonomy), nil
}

func kinds(r textfix.Report) map[string]int {
	if len(r.Counts) == 0 {
		return nil
	}
	out := make(map[string]int, len(r.Counts))
	for k, n := range r.Counts {
		if k != textfix.KindNewline {
			out[string(k)] = n
		}
	}
	return out
}
