package main

import (
	"context"
	"sync"
	"sync/atomic"

	"github.com/concurrency-primer/site/demos/internal/gil"
	"github.com/concurrency-primer/site/demos/internal/measure"
)

// gate runs f in d.workers goroutines, released together so that they
// overlap, and waits for them all.
func (d *raceDemo) gate(r *measure.Run, f func()) {
	start := make(chan struct{})
	var wg sync.WaitGroup
	for w := range d.workers {
		wg.Go(func() {
			<-start
			defer r.Span(w, w, "run")()
			f()
		})
	}
	close(start)
	wg.Wait()
}

func (d *raceDemo) sequential(ctx context.Context, r *measure.Run) (any, error) {
	var counter int64
	defer r.Span(0, 0, "run")()
	for range d.want() {
		counter++
	}
	return d.record(r, counter)
}

// region plain
func (d *raceDemo) plain(ctx context.Context, r *measure.Run) (any, error) {
	var counter int64
	d.gate(r, func() {
		for range d.increments {
			counter++ // load, add, store: another core may store in between
		}
	})
	return d.record(r, counter)
}

// endregion

// region atomic
func (d *raceDemo) atomic(ctx context.Context, r *measure.Run) (any, error) {
	var counter atomic.Int64
	d.gate(r, func() {
		for range d.increments {
			counter.Add(1) // one indivisible read-modify-write
		}
	})
	return d.record(r, counter.Load())
}

// endregion

// region mutex
func (d *raceDemo) mutex(ctx context.Context, r *measure.Run) (any, error) {
	var mu sync.Mutex
	var counter int64
	d.gate(r, func() {
		for range d.increments {
			mu.Lock()
			counter++
			mu.Unlock()
		}
	})
	return d.record(r, counter)
}

// endregion

// region gil
func (d *raceDemo) gil(ctx context.Context, r *measure.Run) (any, error) {
	g := gil.New(d.switchInterval())
	var counter int64
	d.gate(r, func() {
		g.Acquire()
		defer g.Release()
		for range d.increments {
			v := counter // LOAD_NAME counter
			g.Check()    // a bytecode boundary: the GIL may change hands here
			counter = v + 1
			g.Check() // STORE_NAME counter, then the next bytecode
		}
	})
	return d.record(r, counter)
}

// endregion
