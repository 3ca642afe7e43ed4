package server

import (
	"sync"
	"time"
)

// searchPace estimates how long the searches take that hold a place, so
// that a search can be turned away as soon as it arrives when the queue
// before it would not be through within its wait: answered 503 at once,
// its client can retry or go elsewhere, rather than wait out
// SearchQueueWait and then be turned away anyway, or time out first.
type searchPace struct {
	mu   sync.Mutex
	mean time.Duration // moving average of the searches' times
}

// paceWeight is the weight of the last search in the moving average: the
// estimate follows a change of load within a few dozen searches.
const paceWeight = 0.1

// observe adds the time a search held its place.
func (p *searchPace) observe(d time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.mean == 0 {
		p.mean = d
		return
	}
	p.mean += time.Duration(paceWeight * float64(d-p.mean))
}

// expectedWait is how long a search that finds queued searches waiting
// before it is likely to wait for one of the places.
func (p *searchPace) expectedWait(queued, places int) time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	return time.Duration(queued+1) * p.mean / time.Duration(places)
}
