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
	"strings"
	"sync"
	"time"
	"unicode/utf8"

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

// MaxIndexedText bounds the text of one post, front matter included, that
// is parsed, indexed and stored: the first 256 KiB of its repaired text,
// cut at a paragraph or line break. Indexing memory grows with the text of
// a document, some hundred times over for text of unique words, which
// bleve analyses into several fields and merges again with every segment
// it joins: at 512 KiB such a post made a full build of the corpus peak at
// 1.6 GB now and then, at 256 KiB it stays near the build without it. A
// recap is far shorter; the post page of a longer file says how much was
// left out.
const MaxIndexedText = 256 << 10

// MaxExtractedText bounds the text that talk, event and topic extraction
// read of a post's body, the first 128 KiB: the extractors compare lines
// with lines, and a long enough list of talk-like lines made them take
// minutes. The rest of the indexed text is searchable all the same.
const MaxExtractedText = 128 << 10

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
// that reason rather than index noise as a post. Only the first
// MaxIndexedText of the text is parsed and indexed, and only the first
// MaxExtractedText of its body is read for talks, event and topics, so
// that the time and memory a post costs are bounded whatever its size.
func (pl *Pipeline) Process(rel string, b []byte) (kb.Entry, error) {
	text, rep := textfix.Repair(b)
	if rep.Binary {
		return kb.Entry{}, textfix.ErrBinary
	}
	text, cut := cutText(text, MaxIndexedText)
	p, err := post.Parse(rel, text)
	if err != nil {
		return kb.Entry{}, err
	}
	p.Repair = kb.RepairSummary{Encoding: rep.Encoding, Chars: rep.Chars(), Kinds: kinds(rep)}
	p.Truncated = cut
	if len(p.Markdown) <= MaxExtractedText && len(p.Text) <= MaxExtractedText {
		return extract.Post(p, pl.Taxonomy), nil
	}
	short := p
	short.Markdown, _ = cutText(p.Markdown, MaxExtractedText)
	short.Text, _ = cutText(p.Text, MaxExtractedText)
	e := extract.Post(short, pl.Taxonomy)
	e.Post.Markdown, e.Post.Text, e.Markdown = p.Markdown, p.Text, p.Markdown
	return e, nil
}

// safeProcess is Process with a panic turned into the post's error, so
// that one post that trips a rule fails alone, reported, instead of
// ending the run or the server that runs it.
func (pl *Pipeline) safeProcess(rel string, b []byte) (e kb.Entry, err error) {
	defer func() {
		if r := recover(); r != nil {
			e, err = kb.Entry{}, fmt.Errorf("internal error: %v", r)
		}
	}()
	return pl.Process(rel, b)
}

// cutText returns the longest prefix of s of at most max bytes that ends
// at a paragraph break, or at a line break when the last paragraph break
// is in the first half, or else at a character boundary; and the number
// of bytes cut off.
func cutText(s string, max int) (string, int) {
	if len(s) <= max {
		return s, 0
	}
	head := s[:max]
	if i := strings.LastIndex(head, "\n\n"); i >= max/2 {
		head = head[:i+1]
	} else if i := strings.LastIndexByte(head, '\n'); i >= max/2 {
		head = head[:i+1]
	} else {
		for len(head) > 0 && !utf8.RuneStart(s[len(head)]) {
			head = head[:len(head)-1]
		}
	}
	return head, len(s) - len(head)
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
	e, err := pl.safeProcess(c.rel, b)
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
