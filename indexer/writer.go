package indexer

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"time"

	"github.com/recaphq/recap/indexer/store"
)

// ErrBusy is returned when a re-index run is asked for while one is going.
var ErrBusy = errors.New("a re-index run is already going")

// Run states.
const (
	StateRunning = "running"
	StateDone    = "done"
	StateFailed  = "failed"
)

// RunStatus is what a Writer tells of its current or last re-index run.
// The server shows it in a JSON form of its own.
type RunStatus struct {
	ID        string
	State     string
	Full      bool
	Trigger   string
	Started   time.Time
	Finished  *time.Time // nil while running
	Added     int
	Updated   int
	Removed   int
	Unchanged int
	Failures  []Failure
	Error     string
	// FailedRuns counts the runs in a row that failed, this one included
	// when it failed; zero after a success.
	FailedRuns int
	// RetryAt is when a failed run is tried again, nil when none is due.
	RetryAt *time.Time
}

// Failure is a file a run could not index, and why.
type Failure struct {
	Path   string
	Reason string
}

// Writer is the one writer of an index inside a server. It holds the index
// lock for as long as it is open, so `recap index` fails with a message
// naming the server instead of writing at the same time, and it runs one
// re-index at a time on the live index, through a serving store.Store:
//
//   - an incremental run commits one batch to the index that searches
//     read. Bleve gives every search a snapshot, so a search sees the
//     index before the batch or after it, never between and never empty;
//   - a full run builds a new generation beside the live one and then
//     swaps it in (Live.Swap waits for the searches running on the old).
//
// The Writer owns the goroutines it starts, its runs and its watcher
// (Watch): Close cancels them and waits for them.
type Writer struct {
	opts Options
	// store is only used by runs, one at a time.
	store *store.Store

	mu      sync.Mutex
	running bool
	again   bool // a Trigger or Changed arrived during a run
	// changed are the paths (relative to the data folder) that Changed
	// reported since the last run started; scanAll is set when a change
	// was not tied to paths, so the next run scans the whole folder.
	changed map[string]struct{}
	scanAll bool
	seq     int
	status  *RunStatus
	// failed counts the runs in a row that failed, and lastErr is the
	// error of the last; retryFull asks the next run to be a full one,
	// since the full run asked for failed; cancelRetry stops the wait for
	// the retry that is due.
	failed      int
	lastErr     string
	retryFull   bool
	cancelRetry context.CancelFunc
	wg          sync.WaitGroup // runs
	watchWG     sync.WaitGroup // watchers
	retryWG     sync.WaitGroup // waits for retries
	ctx         context.Context
	cancel      context.CancelFunc
}

// DefaultRetryBackoff is how long a Writer waits before it tries a failed
// run again; the wait doubles with every failure in a row, up to
// maxRetryBackoff.
const DefaultRetryBackoff = 2 * time.Second

// maxRetryBackoff bounds the wait between tries of a failing run, so
// that an operator who frees the disk sees the index catch up within
// minutes.
const maxRetryBackoff = 5 * time.Minute

// retryDelay is the wait after the n-th failed run in a row.
func retryDelay(first time.Duration, n int) time.Duration {
	d := first
	for i := 1; i < n && d < maxRetryBackoff; i++ {
		d *= 2
	}
	return min(d, maxRetryBackoff)
}

// OpenWriter takes the index lock of opts.IndexDir, building the index
// first if there is none, and opens it for writing. ctx bounds the
// opening, the wait for the lock and that first build included, so that a
// Ctrl-C stops them; the runs that follow belong to the Writer and end
// with Close. The caller serves searches from Live and closes the Writer
// at the end.
func OpenWriter(ctx context.Context, opts Options) (*Writer, error) {
	st, err := openStore(ctx, opts, "recap serve", true)
	if err != nil {
		return nil, err
	}
	if !st.Exists() {
		opts.logger().Info("building index", "data", opts.DataDir, "index", opts.IndexDir)
		if _, err := build(ctx, st, opts); err != nil {
			st.Close()
			return nil, err
		}
	}
	w := &Writer{opts: opts, store: st}
	w.ctx, w.cancel = context.WithCancel(context.WithoutCancel(ctx))
	return w, nil
}

// Live returns the index that searches read.
func (w *Writer) Live() *store.Live { return w.store.Live() }

// Start begins a run in the background and returns its ID, or ErrBusy.
func (w *Writer) Start(full bool, trigger string) (string, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.running {
		return "", ErrBusy
	}
	w.scanAll = true // what was asked for is a look at everything
	return w.startLocked(full, trigger), nil
}

// Trigger asks for an incremental run that scans the whole data folder: at
// once when none is going, else right after the one going, whose scan may
// have missed the change.
func (w *Writer) Trigger(trigger string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.scanAll = true
	if w.running {
		w.again = true
		return
	}
	w.startLocked(false, trigger)
}

// Changed asks for an incremental run that looks only at paths: files or
// folders under the data folder, absolute or relative to it, that were
// created, written, removed or renamed. A run over a few paths costs what
// they cost, not what the folder does. A nil paths is Trigger.
func (w *Writer) Changed(trigger string, paths []string) {
	if paths == nil {
		w.Trigger(trigger)
		return
	}
	rels := make([]string, len(paths))
	for i, p := range paths {
		rels[i] = w.relPath(p)
	}
	w.changedRel(trigger, rels)
}

// changedRel is Changed given paths relative to the data folder.
func (w *Writer) changedRel(trigger string, rels []string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.changed == nil {
		w.changed = map[string]struct{}{}
	}
	for _, rel := range rels {
		w.changed[rel] = struct{}{}
	}
	if w.running {
		w.again = true
		return
	}
	w.startLocked(false, trigger)
}

// relPath returns p relative to the data folder, slash-separated; a path
// outside it stands for the whole folder.
func (w *Writer) relPath(p string) string {
	if !filepath.IsAbs(p) {
		return filepath.ToSlash(filepath.Clean(p))
	}
	root, err := filepath.Abs(w.opts.DataDir)
	if err != nil {
		return "."
	}
	return dataRel(root, p)
}

// takePaths returns what the next incremental run must look at, nil
// meaning the whole folder, and forgets it.
func (w *Writer) takePaths() []string {
	all := w.scanAll
	paths := make([]string, 0, len(w.changed))
	for p := range w.changed {
		if p == "." {
			all = true
		}
		paths = append(paths, p)
	}
	w.changed, w.scanAll = nil, false
	if all {
		return nil
	}
	return paths
}

func (w *Writer) startLocked(full bool, trigger string) string {
	// This run does what a retry would have done.
	if w.cancelRetry != nil {
		w.cancelRetry()
		w.cancelRetry = nil
	}
	full = full || w.retryFull
	w.retryFull = false
	w.seq++
	st := &RunStatus{
		ID:      fmt.Sprintf("%s-%d", time.Now().UTC().Format("20060102T150405"), w.seq),
		State:   StateRunning,
		Full:    full,
		Trigger: trigger,
		Started: time.Now().UTC(),
	}
	w.status = st
	w.running = true
	paths := w.takePaths()
	w.wg.Add(1)
	go w.run(st, paths)
	return st.ID
}

// run runs one re-index. A failed run is tried again after a backoff,
// over what it was to look at, and the index stays as it was before it:
// searches go on with the last good index. The failure is logged once,
// not at every try, until the error changes or a run succeeds.
func (w *Writer) run(st *RunStatus, paths []string) {
	defer w.wg.Done()
	sum, err := w.reindex(w.ctx, st.Full, paths)
	log := w.opts.logger()

	w.mu.Lock()
	defer w.mu.Unlock()
	now := time.Now().UTC()
	st.Finished = &now
	if err != nil {
		st.State, st.Error = StateFailed, err.Error()
		w.running = false
		w.again = false // the retry looks at everything that was asked for
		if w.ctx.Err() != nil {
			return // closing: no retry
		}
		w.failed++
		st.FailedRuns = w.failed
		w.requeueLocked(st.Full, paths)
		delay := retryDelay(w.opts.retryBackoff(), w.failed)
		at := now.Add(delay)
		st.RetryAt = &at
		if w.failed == 1 || err.Error() != w.lastErr {
			log.Error("re-index failed; the index stays as it was", "id", st.ID, "err", err, "retry_in", delay)
		}
		w.lastErr = err.Error()
		w.scheduleRetryLocked(delay)
		return
	}
	if w.failed > 0 {
		log.Info("re-index succeeded after failures", "id", st.ID, "failed_runs", w.failed)
		w.failed, w.lastErr = 0, ""
	}
	st.State = StateDone
	st.Added, st.Updated, st.Removed, st.Unchanged = sum.Added, sum.Updated, sum.Removed, sum.Unchanged
	st.Failures = make([]Failure, len(sum.Skipped))
	for i, f := range sum.Skipped {
		st.Failures[i] = Failure(f)
	}
	if sum.Added+sum.Updated+sum.Removed+len(sum.Skipped) > 0 {
		log.Info("re-indexed", "id", st.ID, "added", sum.Added, "updated", sum.Updated, "removed", sum.Removed,
			"unchanged", sum.Unchanged, "failed", len(sum.Skipped), "took", sum.Took)
	}
	for _, f := range sum.Skipped {
		log.Warn("post not indexed", "path", f.Path, "reason", f.Reason)
	}
	w.running = false
	if w.again && w.ctx.Err() == nil {
		w.again = false
		w.startLocked(false, "watch")
	}
}

// requeueLocked asks the next run to look again at what a failed run was
// to look at: its paths, or everything.
func (w *Writer) requeueLocked(full bool, paths []string) {
	if full {
		w.retryFull = true
	}
	if paths == nil {
		w.scanAll = true
		return
	}
	if w.changed == nil {
		w.changed = map[string]struct{}{}
	}
	for _, p := range paths {
		w.changed[p] = struct{}{}
	}
}

// scheduleRetryLocked starts a run after delay, unless one starts before
// or the Writer closes.
func (w *Writer) scheduleRetryLocked(delay time.Duration) {
	if w.cancelRetry != nil {
		w.cancelRetry()
	}
	ctx, cancel := context.WithCancel(w.ctx)
	w.cancelRetry = cancel
	w.retryWG.Go(func() {
		t := time.NewTimer(delay)
		defer t.Stop()
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		w.mu.Lock()
		defer w.mu.Unlock()
		if ctx.Err() != nil {
			return
		}
		if w.running {
			w.again = true
			return
		}
		w.startLocked(false, "retry")
	})
}

// reindex runs one re-index: a full one, or an incremental one over the
// paths given, nil meaning all. Only run calls it, one at a time. A panic
// in the run becomes its error: the server goes on serving the index it
// has.
func (w *Writer) reindex(ctx context.Context, full bool, paths []string) (sum *Summary, err error) {
	defer func() {
		if r := recover(); r != nil {
			sum, err = nil, fmt.Errorf("re-index: panic: %v", r)
		}
	}()
	return reindex(ctx, w.store, w.opts, full, paths)
}

// Status returns the current or last run, or nil before the first.
func (w *Writer) Status() *RunStatus {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.status == nil {
		return nil
	}
	st := *w.status
	st.Failures = append([]Failure{}, w.status.Failures...)
	if st.RetryAt != nil {
		at := *st.RetryAt
		st.RetryAt = &at
	}
	return &st
}

// Wait waits for the run going, and any it triggers, to end. It does not
// wait for the retry of a failed run, which is due later.
func (w *Writer) Wait() { w.wg.Wait() }

// Close stops the watchers, the retries due and a run going, waits for
// them, closes the index and releases the lock. The watchers and the
// retries are waited for first: each may start a run.
func (w *Writer) Close() error {
	w.cancel()
	w.watchWG.Wait()
	w.retryWG.Wait()
	w.wg.Wait()
	return w.store.Close()
}
