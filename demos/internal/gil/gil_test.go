package gil

import (
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestMutualExclusion(t *testing.T) {
	for _, interval := range []time.Duration{time.Microsecond, 50 * time.Microsecond, DefaultInterval} {
		t.Run(interval.String(), func(t *testing.T) {
			g := New(interval)
			var inside, clashes atomic.Int32
			counter := 0 // guarded by g alone: the race detector checks it too
			var wg sync.WaitGroup
			for range 4 {
				wg.Go(func() {
					for range 200 {
						g.Acquire()
						for range 50 {
							// Between two boundaries the holder runs alone.
							if inside.Add(1) != 1 {
								clashes.Add(1)
							}
							counter++
							inside.Add(-1)
							g.Check() // may hand the lock over and take it back
						}
						g.Release()
					}
				})
			}
			wg.Wait()
			if clashes.Load() != 0 {
				t.Errorf("%d times another goroutine ran while one held the lock", clashes.Load())
			}
			if counter != 4*200*50 {
				t.Errorf("counter = %d, want %d", counter, 4*200*50)
			}
		})
	}
}

// TestForcedSwitch shows that a holder that never releases on its own still
// lets a waiter in: the waiter asks, the holder's Check hands over. Without
// forced switching the holder would spin here until the test's deadline.
func TestForcedSwitch(t *testing.T) {
	g := New(100 * time.Microsecond)
	g.Acquire()
	var ran atomic.Bool
	done := make(chan struct{})
	go func() {
		defer close(done)
		g.Acquire()
		ran.Store(true)
		g.Release()
	}()
	deadline := time.Now().Add(10 * time.Second)
	for !ran.Load() {
		if time.Now().After(deadline) {
			t.Fatal("the waiter never got the lock from a holder calling Check")
		}
		g.Check()
	}
	g.Release()
	<-done
	if g.Requested() {
		t.Error("a drop request is left after the waiter was served")
	}
	if s := g.Switches(); s < 3 {
		t.Errorf("Switches() = %d, want at least 3 (holder, waiter, holder again)", s)
	}
}

// TestNoStaleRequest: a request served by a voluntary release must not make
// the next holder give the lock away to nobody (which would block it forever).
func TestNoStaleRequest(t *testing.T) {
	g := New(50 * time.Microsecond)
	g.Acquire()
	waiting := make(chan struct{})
	got := make(chan struct{})
	go func() {
		close(waiting)
		g.Acquire()
		close(got)
	}()
	<-waiting
	deadline := time.Now().Add(10 * time.Second)
	for !g.Requested() {
		if time.Now().After(deadline) {
			t.Fatal("the waiter never asked for the lock")
		}
		runtime.Gosched()
	}
	g.Release() // voluntarily, not through Check
	<-got
	if g.Requested() {
		t.Error("the request is still set after the waiter took the lock")
	}
}
