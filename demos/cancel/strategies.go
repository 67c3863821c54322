package main

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/concurrency-primer/site/demos/internal/measure"
)

// region task

// task computes a chunk, then waits for its pause or for ctx, until ctx is
// done: it looks at ctx after every chunk and in every wait.
func (d *cancelDemo) task(ctx context.Context) {
	t := time.NewTimer(d.pause)
	defer t.Stop()
	for {
		spin(d.spin)
		if ctx.Err() != nil {
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			t.Reset(d.pause)
		}
	}
}

// endregion

// Each strategy starts every task, lets them run, tells them to stop and
// returns how many tasks stopped: all must agree.

// region cancel
func (d *cancelDemo) cancel(parent context.Context, r *measure.Run) (any, error) {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	var tasks tracker
	var wg sync.WaitGroup
	for range d.n {
		wg.Go(tasks.track(func() { d.task(ctx) }))
	}
	time.Sleep(d.run)
	t0 := time.Now()
	cancel() // closes ctx.Done(): every task sees it
	return tasks.stopped(r, t0, waitBound, wg.Wait), parent.Err()
}

// endregion

// region timeout
func (d *cancelDemo) timeout(parent context.Context, r *measure.Run) (any, error) {
	ctx, cancel := context.WithTimeout(parent, d.run)
	defer cancel()
	var tasks tracker
	var wg sync.WaitGroup
	for range d.n {
		wg.Go(tasks.track(func() { d.task(ctx) }))
	}
	<-ctx.Done() // the tasks see the deadline themselves; the demo only times it
	t0, _ := ctx.Deadline()
	return tasks.stopped(r, t0, waitBound, wg.Wait), parent.Err()
}

// endregion

// errFailed is the error the errgroup's failing task returns.
var errFailed = errors.New("a task failed")

// region errgroup
func (d *cancelDemo) errgroup(parent context.Context, r *measure.Run) (any, error) {
	g, ctx := errgroup.WithContext(parent)
	var tasks tracker
	for range d.n - 1 {
		task := tasks.track(func() { d.task(ctx) })
		g.Go(func() error { task(); return nil })
	}
	fail := make(chan struct{})
	g.Go(func() error {
		<-fail
		return errFailed // the group cancels ctx: the other tasks stop
	})
	time.Sleep(d.run)
	t0 := time.Now()
	close(fail)
	var err error
	stopped := tasks.stopped(r, t0, waitBound, func() { err = g.Wait() })
	if !errors.Is(err, errFailed) {
		return stopped, fmt.Errorf("the group returned %v, not the failing task's error", err)
	}
	return stopped + 1, parent.Err() // and the task that failed
}

// endregion

// tracker counts the tasks started and those still running.
type tracker struct {
	started int
	running atomic.Int64
}

// track returns f as a task the tracker counts; the caller starts it.
func (t *tracker) track(f func()) func() {
	t.started++
	t.running.Add(1)
	return func() {
		defer t.running.Add(-1)
		f()
	}
}

// stopped calls wait, which returns once every task has, and records the
// time from t0 until it returned, or until bound passed, and the tasks
// still running then. It returns how many tasks had stopped. A task still
// running is waited for before stopped returns, so that none outlives the
// run.
func (t *tracker) stopped(r *measure.Run, t0 time.Time, bound time.Duration, wait func()) int {
	all := make(chan struct{})
	go func() { wait(); close(all) }()
	timer := time.NewTimer(bound)
	defer timer.Stop()
	select {
	case <-all:
	case <-timer.C:
	}
	r.Metric("stop_s", time.Since(t0).Seconds())
	still := t.running.Load()
	r.Metric("still_running", float64(still))
	<-all
	return t.started - int(still)
}

// spin is a chunk of computation: n steps of a dependent chain that the
// compiler cannot skip.
func spin(n int) uint64 {
	x := uint64(88172645463325252)
	for range n {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
	}
	sink.Store(x)
	return x
}

var sink atomic.Uint64
