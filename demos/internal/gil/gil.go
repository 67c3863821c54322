// Package gil is a literal global interpreter lock, modelled on CPython's
// (Python/ceval_gil.c), so that CPython's threads can be watched in Go.
//
// A goroutine must hold the lock to compute and releases it around its
// waits. A goroutine that has waited a whole switch interval (5 ms by
// default, CPython's sys.getswitchinterval) without the lock changing hands
// sets a drop request; the holder checks for one at its "bytecode
// boundaries" (Check), hands the lock over and waits until another goroutine
// has taken it, so that it cannot take it straight back (CPython's
// FORCE_SWITCHING). Taking the lock clears the drop request.
//
// The waiters time their interval with Go's timers. On Linux these wake an
// otherwise idle core about a millisecond late at best, so an interval
// shorter than that behaves like one of about a millisecond; a demo that
// asks for less reports the interval it got (time held / switches).
package gil

import (
	"sync/atomic"
	"time"
)

// DefaultInterval is CPython's default switch interval.
const DefaultInterval = 5 * time.Millisecond

// region gil

// GIL is one global lock shared by every "thread" of an interpreter.
type GIL struct {
	token    chan struct{} // holds the lock's one token while nobody holds it
	taken    chan struct{} // signalled each time the lock is taken
	drop     atomic.Bool   // a waiter asks the holder to let go
	switches atomic.Int64  // how many times the lock was taken
	interval time.Duration
}

// New returns an unheld GIL with the given switch interval.
func New(interval time.Duration) *GIL {
	g := &GIL{token: make(chan struct{}, 1), taken: make(chan struct{}, 1), interval: interval}
	g.token <- struct{}{}
	return g
}

// Acquire blocks until the caller holds the lock. After each interval of
// waiting in which nobody else got the lock, it asks the holder to drop it.
func (g *GIL) Acquire() {
	select {
	case <-g.token: // free: take it at once
		g.took()
		return
	default:
	}
	timer := time.NewTimer(g.interval) // CPython: pthread_cond_timedwait
	defer timer.Stop()
	for {
		seen := g.switches.Load()
		select {
		case <-g.token:
			g.took()
			return
		case <-timer.C:
			if g.switches.Load() == seen {
				g.drop.Store(true)
			}
			timer.Reset(g.interval)
		}
	}
}

// took records that the caller has just taken the lock.
func (g *GIL) took() {
	g.switches.Add(1)
	g.drop.Store(false) // whoever asked has been served
	select {
	case g.taken <- struct{}{}:
	default:
	}
}

// Release gives the lock up.
func (g *GIL) Release() {
	g.token <- struct{}{}
}

// Check is a bytecode boundary: if a waiter asked for the lock, the holder
// lets it go, waits until another goroutine has taken it (so that it cannot
// take it straight back) and queues up again.
func (g *GIL) Check() {
	if !g.drop.Load() {
		return
	}
	select {
	case <-g.taken: // forget earlier takes
	default:
	}
	g.Release()
	<-g.taken // a waiter exists: it asked
	g.Acquire()
}

// endregion

// Requested reports whether a waiter has asked the holder to let go; the
// holder's next Check will.
func (g *GIL) Requested() bool { return g.drop.Load() }

// Switches returns how many times the lock has been taken.
func (g *GIL) Switches() int64 { return g.switches.Load() }

// Interval returns the switch interval.
func (g *GIL) Interval() time.Duration { return g.interval }
