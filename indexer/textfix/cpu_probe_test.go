package textfix

import (
	"syscall"
	"testing"
	"time"
)

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func TestCPUProbe(t *testing.T) {
	clean, damaged := benchText(t, benchSize)
	for _, c := range []struct {
		name string
		b    []byte
	}{{"clean", clean}, {"damaged", damaged}} {
		Repair(c.b)
		t0, w0 := cpuTime(), time.Now()
		const n = 10
		for range n {
			Repair(c.b)
		}
		cpu, wall := cpuTime()-t0, time.Since(w0)
		t.Logf("%s: %.1f MB/s by CPU time, %.1f MB/s by wall time", c.name, float64(n*len(c.b))/cpu.Seconds()/1e6, float64(n*len(c.b))/wall.Seconds()/1e6)
	}
}
