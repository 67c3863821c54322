package main

import (
	"context"
	"runtime"
	"sync"
	"time"

	"github.com/concurrency-primer/site/demos/internal/eventloop"
	"github.com/concurrency-primer/site/demos/internal/gil"
	"github.com/concurrency-primer/site/demos/internal/measure"
	"github.com/concurrency-primer/site/demos/internal/worker"
)

// Each strategy returns every task's result, in task order: all must agree.

// region sequential
func (d *cpuDemo) sequential(ctx context.Context, r *measure.Run) (any, error) {
	out := make([]uint64, len(d.tasks))
	for i, t := range d.tasks {
		end := r.Span(0, i, "run")
		out[i] = work(t, nop)
		end()
	}
	return out, nil
}

// endregion

// region threads-gil
func (d *cpuDemo) threadsGIL(ctx context.Context, r *measure.Run) (any, error) {
	g := gil.New(gil.DefaultInterval)
	out := make([]uint64, len(d.tasks))
	var wg sync.WaitGroup
	for i, t := range d.tasks {
		wg.Go(func() {
			runtime.LockOSThread() // an OS thread per task, as threads below: only the lock differs
			defer runtime.UnlockOSThread()
			g.Acquire()
			held := time.Now()
			out[i] = work(t, func() {
				if g.Requested() { // hand the lock over, and note when we held it
					r.Event(i, i, "run", held, time.Now())
					g.Check()
					held = time.Now()
				}
			})
			r.Event(i, i, "run", held, time.Now())
			g.Release()
		})
	}
	wg.Wait()
	return out, nil
}

// endregion

// region threads
func (d *cpuDemo) threads(ctx context.Context, r *measure.Run) (any, error) {
	out := make([]uint64, len(d.tasks))
	var wg sync.WaitGroup
	for i, t := range d.tasks {
		wg.Go(func() {
			runtime.LockOSThread() // this goroutine now has an OS thread to itself
			defer runtime.UnlockOSThread()
			defer r.Span(i, i, "run")()
			out[i] = work(t, nop)
		})
	}
	wg.Wait()
	return out, nil
}

// endregion

// region goroutines
func (d *cpuDemo) goroutines(ctx context.Context, r *measure.Run) (any, error) {
	out := make([]uint64, len(d.tasks))
	var wg sync.WaitGroup
	for i, t := range d.tasks {
		wg.Go(func() {
			defer r.Span(i, i, "run")()
			out[i] = work(t, nop)
		})
	}
	wg.Wait()
	return out, nil
}

// endregion

// region processes
func (d *cpuDemo) processes(ctx context.Context, r *measure.Run) (any, error) {
	return worker.Map(ctx, working, d.procs, d.tasks, func(w, i int, t worker.Timing) {
		r.Event(w, i, "run", t.Start, t.End)
	})
}

// endregion

// region event-loop
func (d *cpuDemo) eventLoop(ctx context.Context, r *measure.Run) (any, error) {
	loop, err := eventloop.New()
	if err != nil {
		return nil, err
	}
	defer loop.Close()
	out := make([]uint64, len(d.tasks))
	for i, t := range d.tasks {
		loop.Go(func(yield func(eventloop.Wait) bool) {
			// A coroutine yields at its waits; CPU-bound work has none, so
			// once started it runs to the end while the others wait.
			defer r.Span(0, i, "run")()
			out[i] = work(t, nop)
		})
	}
	if err := loop.Run(ctx); err != nil { // Run holds one OS thread throughout
		return nil, err
	}
	return out, nil
}

// endregion
