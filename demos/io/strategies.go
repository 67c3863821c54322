package main

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/concurrency-primer/site/demos/internal/eventloop"
	"github.com/concurrency-primer/site/demos/internal/gil"
	"github.com/concurrency-primer/site/demos/internal/measure"
	"github.com/concurrency-primer/site/demos/internal/worker"
)

// Each strategy starts its own server, runs every task and returns the sum
// of the replies: all must agree.

// do is one task as a goroutine does it: Go's timer, then Go's net package.
func do(t task, addr string) (uint64, error) {
	time.Sleep(t.Sleep)
	return ask(addr, t.ID)
}

// region sequential
func (d *ioDemo) sequential(ctx context.Context, r *measure.Run) (any, error) {
	srv, err := startServer(d.wait / 2)
	if err != nil {
		return nil, err
	}
	defer srv.Close()
	var sum uint64
	for _, t := range d.tasks() {
		end := r.Span(0, int(t.ID), "wait")
		v, err := do(t, srv.Addr())
		end()
		if err != nil {
			return nil, err
		}
		sum += v
	}
	return sum, nil
}

// endregion

// region goroutines
func (d *ioDemo) goroutines(ctx context.Context, r *measure.Run) (any, error) {
	srv, err := startServer(d.wait / 2)
	if err != nil {
		return nil, err
	}
	defer srv.Close()
	return fanOut(d.tasks(), r, func(t task) (uint64, error) { return do(t, srv.Addr()) })
}

// endregion

// region threads
func (d *ioDemo) threads(ctx context.Context, r *measure.Run) (any, error) {
	srv, err := startServer(d.wait / 2)
	if err != nil {
		return nil, err
	}
	defer srv.Close()
	return fanOut(d.tasks(), r, func(t task) (uint64, error) {
		// The goroutine keeps this OS thread to itself, and the thread ends
		// with it. Every wait below is a system call that blocks the thread.
		lockThread()
		return blockingDo(t, srv.Addr(), func(wait func()) { wait() })
	})
}

// endregion

// region threads-gil
func (d *ioDemo) threadsGIL(ctx context.Context, r *measure.Run) (any, error) {
	srv, err := startServer(d.wait / 2)
	if err != nil {
		return nil, err
	}
	defer srv.Close()
	g := gil.New(gil.DefaultInterval)
	defer func() { r.Metric("switches", float64(g.Switches())) }()
	return fanOut(d.tasks(), r, func(t task) (uint64, error) {
		lockThread()
		g.Acquire() // a Python thread runs its code holding the lock
		defer g.Release()
		return blockingDo(t, srv.Addr(), func(wait func()) {
			g.Release() // Py_BEGIN_ALLOW_THREADS: another thread may run
			wait()
			g.Acquire() // Py_END_ALLOW_THREADS
		})
	})
}

// endregion

// fanOut runs each task on its own goroutine and sums the answers.
func fanOut(tasks []task, r *measure.Run, do func(task) (uint64, error)) (uint64, error) {
	vals := make([]uint64, len(tasks))
	errs := make([]error, len(tasks))
	var wg sync.WaitGroup
	for i, t := range tasks {
		wg.Go(func() {
			defer r.Span(i, i, "wait")()
			vals[i], errs[i] = do(t)
		})
	}
	wg.Wait()
	var sum uint64
	for _, v := range vals {
		sum += v
	}
	return sum, errors.Join(errs...)
}

// job is a task as a worker process receives it.
type job struct {
	Task task
	Addr string
}

func bind(tasks []task, addr string) []job {
	jobs := make([]job, len(tasks))
	for i, t := range tasks {
		jobs[i] = job{t, addr}
	}
	return jobs
}

// doing is a task as a worker process does it.
var doing = worker.Handle("io", func(j job) (uint64, error) { return do(j.Task, j.Addr) })

// region processes
func (d *ioDemo) processes(ctx context.Context, r *measure.Run) (any, error) {
	srv, err := startServer(d.wait / 2)
	if err != nil {
		return nil, err
	}
	defer srv.Close()
	vals, err := worker.Map(ctx, doing, procs, bind(d.tasks(), srv.Addr()), func(w, i int, t worker.Timing) {
		r.Event(w, i, "wait", t.Start, t.End)
	})
	var sum uint64
	for _, v := range vals {
		sum += v
	}
	return sum, err
}

// endregion

// region event-loop
func (d *ioDemo) eventLoop(ctx context.Context, r *measure.Run) (any, error) {
	srv, err := startServer(d.wait / 2)
	if err != nil {
		return nil, err
	}
	defer srv.Close()
	loop, err := eventloop.New()
	if err != nil {
		return nil, err
	}
	defer loop.Close()
	tasks := d.tasks()
	vals := make([]uint64, len(tasks))
	errs := make([]error, len(tasks))
	for i, t := range tasks {
		loop.Go(func(yield func(eventloop.Wait) bool) {
			defer r.Span(i, i, "wait")() // one lane per task: the waits overlap on one thread
			if !yield(eventloop.Sleep(t.Sleep)) {
				return
			}
			vals[i], errs[i] = request(yield, srv.Addr(), t.ID)
		})
	}
	if err := loop.Run(ctx); err != nil {
		return nil, err
	}
	var sum uint64
	for _, v := range vals {
		sum += v
	}
	return sum, errors.Join(errs...)
}

// endregion
