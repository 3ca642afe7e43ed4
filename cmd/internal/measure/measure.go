// Package measure holds the small measurements the benchmark commands
// share: percentiles of latencies, the CPU time and peak memory of a
// finished child process, and the memory of a running one.
package measure

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Percentile returns the p-th percentile (0 < p <= 100) of latencies,
// which must be sorted, by the nearest-rank method: the smallest latency
// that at least p% of them do not exceed. It is 0 for no latencies.
func Percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(math.Ceil(p/100*float64(len(sorted)))) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

// Usage is what a process used: CPU time, user and system, and its peak
// resident memory in bytes.
type Usage struct {
	CPU    time.Duration
	MaxRSS int64
}

// FromRusage reads a Usage from the rusage of a process, whose ru_maxrss
// Linux counts in KiB.
func FromRusage(ru *syscall.Rusage) Usage {
	return Usage{
		CPU:    time.Duration(ru.Utime.Nano() + ru.Stime.Nano()),
		MaxRSS: ru.Maxrss * 1024,
	}
}

// OfProcess returns the Usage of a process that has exited.
func OfProcess(ps *os.ProcessState) (Usage, error) {
	ru, ok := ps.SysUsage().(*syscall.Rusage)
	if !ok || ru == nil {
		return Usage{}, fmt.Errorf("no rusage for process %d", ps.Pid())
	}
	return FromRusage(ru), nil
}

// Memory is the resident memory of a running process, in bytes: now
// (VmRSS) and at its peak so far (VmHWM), and of the resident memory now
// the anonymous part (RssAnon: the heap, stacks) and the part that maps
// files (RssFile: the program, and an index's mmapped segments), which
// the kernel may drop and read again.
type Memory struct {
	RSS, Peak, Anon, File int64
}

// String formats m in MiB.
func (m Memory) String() string {
	f := func(n int64) float64 { return float64(n) / (1 << 20) }
	return fmt.Sprintf("%.0f MiB (anon %.0f, file %.0f; peak %.0f)", f(m.RSS), f(m.Anon), f(m.File), f(m.Peak))
}

// ParseStatus reads the Memory of a process from its /proc/PID/status;
// VmRSS and VmHWM must be there, RssAnon and RssFile are read when they
// are (Linux 4.5 and later).
func ParseStatus(r io.Reader) (Memory, error) {
	var m Memory
	fields := map[string]*int64{"VmRSS": &m.RSS, "VmHWM": &m.Peak, "RssAnon": &m.Anon, "RssFile": &m.File}
	var seen int
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		key, val, ok := strings.Cut(sc.Text(), ":")
		dst := fields[key]
		if !ok || dst == nil {
			continue
		}
		f := strings.Fields(val)
		if len(f) != 2 || f[1] != "kB" {
			return Memory{}, fmt.Errorf("status line %q: want a number of kB", sc.Text())
		}
		n, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil {
			return Memory{}, fmt.Errorf("status line %q: %w", sc.Text(), err)
		}
		*dst = n * 1024
		if key == "VmRSS" || key == "VmHWM" {
			seen++
		}
	}
	if err := sc.Err(); err != nil {
		return Memory{}, err
	}
	if seen != 2 {
		return Memory{}, fmt.Errorf("status has no VmRSS and VmHWM lines")
	}
	return m, nil
}

// MemoryOf returns the Memory of the running process pid.
func MemoryOf(pid int) (Memory, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return Memory{}, err
	}
	defer f.Close()
	m, err := ParseStatus(f)
	if err != nil {
		return Memory{}, fmt.Errorf("process %d: %w", pid, err)
	}
	return m, nil
}

// DirSize returns the bytes of the files under dir.
func DirSize(dir string) (int64, error) {
	var n int64
	err := filepath.Walk(dir, func(_ string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		if fi.Mode().IsRegular() {
			n += fi.Size()
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("size of %s: %w", dir, err)
	}
	return n, nil
}
