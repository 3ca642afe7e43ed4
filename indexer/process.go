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
	"sync"
	"time"

	"github.com/recaphq/recap/data"
	"github.com/recaphq/recap/indexer/extract"
	"github.com/recaphq/recap/indexer/kb"
	"github.com/recaphq/recap/indexer/post"
	"github.com/recaphq/recap/indexer/search"
	"github.com/recaphq/recap/indexer/store"
	"github.com/recaphq/recap/indexer/taxonomy"
	"github.com/recaphq/recap/indexer/textfix"
)

// MaxPostBytes bounds the size of one post file; anything larger is not a
// recap post and would only slow the run down.
const MaxPostBytes = 8 << 20

// Pipeline turns the bytes of one post into its index entry: repair the
// text, parse the post, extract talks, event and topics. Each step is a
// pure function; processFile reads the file. A Pipeline is safe for
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

// Process turns the bytes of the post at rel into its entry. Bytes that
// are no text fail with textfix.ErrBinary, so the run skips the file with
// that reason rather than index noise as a post.
func (pl *Pipeline) Process(rel string, b []byte) (kb.Entry, error) {
	text, rep := textfix.Repair(b)
	if rep.Binary {
		return kb.Entry{}, textfix.ErrBinary
	}
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

// processed is the outcome of processing one candidate.
type processed struct {
	rel   string
	rec   *store.FileRecord // the file as read, with its documents
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
	rec := &store.FileRecord{Size: fi.Size(), ModTime: fi.ModTime().UnixNano(), Hash: sha256.Sum256(b), Indexed: time.Now().UnixNano()}
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
