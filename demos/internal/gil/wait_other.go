//go:build !linux

package gil

import (
	"sync"
	"sync/atomic"
	"time"
)

// Without a futex the waiters sleep on Go's timers, whose resolution on an
// idle core is about a millisecond: a shorter interval is that coarse here.

var (
	mu      sync.Mutex
	changed = make(chan struct{}) // closed and replaced by every wake
)

// wait sleeps while *word == val, for at most d, or until a wake, and
// reports whether d passed; it may return early.
func wait(word *atomic.Uint32, val uint32, d time.Duration) (timedOut bool) {
	mu.Lock()
	c := changed
	mu.Unlock()
	if word.Load() != val {
		return false
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-c:
		return false
	case <-t.C:
		return true
	}
}

// wake wakes every goroutine asleep in wait, on any word: more than n, which
// the callers allow.
func wake(*atomic.Uint32, int) {
	mu.Lock()
	close(changed)
	changed = make(chan struct{})
	mu.Unlock()
}
