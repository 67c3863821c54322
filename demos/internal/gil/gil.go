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
// # Waiting
//
// CPython's waiters sleep in pthread_cond_timedwait, a kernel timed wait
// that wakes when the lock is released or when the interval has passed,
// whichever comes first. Go's timers cannot stand in for it: on Linux they
// wake an otherwise idle core about a millisecond late at best, so a 50 µs
// interval would behave like one of a millisecond. So the lock is a word in
// memory and its waiters sleep on that word in the kernel, as the C library's
// condition variables do: a futex wait with a timeout on Linux (wait_linux.go).
// Elsewhere they fall back to Go's timers (wait_other.go) and a short
// interval is as coarse as those timers are.
//
// The kernel is not exact either: Linux lets a timed wait run late by the
// thread's timer slack, 50 µs by default, so a 50 µs wait lasts about
// 100 µs, for CPython as for this lock, and each hand-over adds a wake-up.
// A demo that asks for a short interval should report the interval it got
// (time / Switches).
//
// A goroutine in a kernel wait keeps its OS thread; when the wait ends it
// needs one of Go's Ps (GOMAXPROCS) to run again, and one is usually idle,
// since the holder uses one and the waiters sleep. On a busy machine the
// kernel may also wake a waiter late; either way the holder switches less
// often than asked, which is why demos report the interval achieved.
package gil

import (
	"sync/atomic"
	"time"
)

// DefaultInterval is CPython's default switch interval.
const DefaultInterval = 5 * time.Millisecond

// all is a count of goroutines to wake that wakes every one.
const all = 1<<31 - 1

// region gil

// GIL is one global lock shared by every "thread" of an interpreter.
type GIL struct {
	held     atomic.Uint32 // 1 while someone holds the lock: the word waiters sleep on
	takes    atomic.Uint32 // counts takes: the word a dropping holder sleeps on
	waiting  atomic.Int32  // goroutines waiting in Acquire
	dropping atomic.Int32  // holders in Check, waiting for another to take it
	drop     atomic.Bool   // a waiter asks the holder to let go
	switches atomic.Int64  // how many times the lock was taken
	interval time.Duration
}

// New returns an unheld GIL with the given switch interval.
func New(interval time.Duration) *GIL {
	return &GIL{interval: interval}
}

// Acquire blocks until the caller holds the lock. After each interval of
// waiting in which nobody else got the lock, it asks the holder to drop it.
func (g *GIL) Acquire() {
	if g.held.CompareAndSwap(0, 1) { // free: take it at once
		g.took()
		return
	}
	g.waiting.Add(1)
	for {
		seen := g.takes.Load()
		// CPython: pthread_cond_timedwait. Wakes on a release, or when
		// the interval has passed.
		timedOut := wait(&g.held, 1, g.interval)
		if g.held.CompareAndSwap(0, 1) {
			break
		}
		if timedOut && g.takes.Load() == seen { // a whole interval, and nobody got it
			g.drop.Store(true)
		}
	}
	g.waiting.Add(-1)
	g.took()
}

// took records that the caller has just taken the lock.
func (g *GIL) took() {
	g.switches.Add(1)
	g.drop.Store(false) // whoever asked has been served
	g.takes.Add(1)
	if g.dropping.Load() > 0 {
		wake(&g.takes, all) // the holder that let go waits for this
	}
}

// Release gives the lock up.
func (g *GIL) Release() {
	g.held.Store(0)
	if g.waiting.Load() > 0 {
		wake(&g.held, 1) // CPython: COND_SIGNAL, one waiter
	}
}

// Check is a bytecode boundary: if a waiter asked for the lock, the holder
// lets it go, waits until another goroutine has taken it (so that it cannot
// take it straight back) and queues up again.
func (g *GIL) Check() {
	if !g.drop.Load() {
		return
	}
	before := g.takes.Load()
	g.dropping.Add(1)
	g.Release()
	for g.takes.Load() == before { // a waiter exists: it asked
		wait(&g.takes, before, g.interval)
	}
	g.dropping.Add(-1)
	g.Acquire()
}

// endregion

// Requested reports whether a waiter has asked the holder to let go; the
// holder's next Check will.
func (g *GIL) Requested() bool { return g.drop.Load() }

// Switches returns how many times the lock has been taken.
func (g *GIL) Switches() int64 { return g.switches.Load() }
