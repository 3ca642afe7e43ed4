package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// lockFile is the file in an index folder that every writer locks: the
// `recap index` command for the length of a run, and a server that
// re-indexes (serve --watch, or with the admin API) for as long as it runs.
const lockFile = "LOCK"

// ErrLocked is returned when another process holds the index lock.
var ErrLocked = errors.New("index is locked")

// Lock is a held writer lock on an index folder. It is an flock(2) lock, so
// the kernel releases it when its process dies, even by kill -9: a crash
// never leaves a stale lock behind.
type Lock struct {
	f *os.File
}

// lockRetry is how often AcquireLock tries again for a lock held elsewhere.
const lockRetry = 100 * time.Millisecond

// AcquireLock takes the writer lock of the index folder dir, creating the
// folder if needed. who says what holds it, for the message another
// process shows. When the lock is held elsewhere, AcquireLock retries until
// wait has passed and then fails with an error that wraps ErrLocked and
// names the holder; it gives up early with ctx's error when ctx is done,
// so that a Ctrl-C does not wait out a long --wait.
func AcquireLock(ctx context.Context, dir, who string, wait time.Duration) (*Lock, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("index folder: %w", err)
	}
	path := filepath.Join(dir, lockFile)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	deadline := time.Now().Add(wait)
	var retry *time.Timer
	for {
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			break
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) {
			f.Close()
			return nil, fmt.Errorf("lock %s: %w", path, err)
		}
		if !time.Now().Before(deadline) {
			holder, _ := os.ReadFile(path)
			f.Close()
			h := strings.TrimSpace(string(holder))
			if h == "" {
				h = "another process"
			}
			return nil, fmt.Errorf("%w by %s; %s", ErrLocked, h, lockAdvice(h))
		}
		if retry == nil {
			retry = time.NewTimer(lockRetry)
			defer retry.Stop()
		} else {
			retry.Reset(lockRetry)
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, fmt.Errorf("wait for the lock of %s: %w", dir, ctx.Err())
		case <-retry.C:
		}
	}
	// The holder's description is for people only; the lock is the flock.
	desc := fmt.Sprintf("pid %d (%s, since %s)\n", os.Getpid(), who, time.Now().Format(time.DateTime))
	if err := f.Truncate(0); err == nil {
		_, _ = f.WriteAt([]byte(desc), 0)
	}
	return &Lock{f: f}, nil
}

// lockAdvice tells what to do about the holder of the lock, described as
// AcquireLock writes it ("pid N (who, since …)"). Only a server has an
// admin API to ask for a run; a `recap index` run ends by itself, so the
// advice for it is to wait, which --wait does.
func lockAdvice(holder string) string {
	who := holder
	if _, rest, ok := strings.Cut(holder, "("); ok {
		who, _, _ = strings.Cut(rest, ",")
	}
	switch strings.TrimSpace(who) {
	case "recap index":
		return "wait for that run to finish, or give recap index --wait DURATION to wait for it"
	case "recap serve":
		return "that server re-indexes itself: ask it with POST /api/admin/reindex (or let --watch do it) instead of running recap index"
	}
	return "wait for it to finish"
}

// Release gives the lock up.
func (l *Lock) Release() error {
	if l == nil || l.f == nil {
		return nil
	}
	_ = l.f.Truncate(0)
	err := syscall.Flock(int(l.f.Fd()), syscall.LOCK_UN)
	if cerr := l.f.Close(); err == nil {
		err = cerr
	}
	l.f = nil
	return err
}
