package main

import (
	"context"
	"runtime"
	"sync"
	"time"

	"github.com/concurrency-primer/site/demos/internal/eventloop"
	"github.com/concurrency-primer/site/demos/internal/measure"
)

// lateness collects when each timer fired against when it was due.
type lateness struct {
	mu    sync.Mutex
	r     *measure.Run
	start time.Time
	max   time.Duration
	fired int
}

// fire records that timer i, due at due after the start, fires now.
func (l *lateness) fire(i int, due time.Duration) {
	now := time.Now()
	late := now.Sub(l.start) - due
	l.mu.Lock()
	defer l.mu.Unlock()
	l.fired++
	l.max = max(l.max, late)
	l.r.Event(1, i, "wait", l.start.Add(due), now)
}

// done records the metric and returns the answer.
func (l *lateness) done(spun uint64) answer {
	l.r.Metric("max_lateness_s", max(0, l.max.Seconds()))
	return answer{Fired: l.fired, Spin: spun}
}

// region event-loop
func (d *blockingDemo) eventLoop(ctx context.Context, r *measure.Run) (any, error) {
	loop, err := eventloop.New()
	if err != nil {
		return nil, err
	}
	defer loop.Close()
	p := d.plan
	late := &lateness{r: r, start: time.Now()}
	for i := range p.timers {
		due := time.Duration(i+1) * p.period
		loop.After(due-time.Since(late.start), func() { late.fire(i, due) })
	}
	var spun uint64
	loop.After(p.hogAt-time.Since(late.start), func() {
		defer r.Span(0, 0, "run")()
		spun = spin(p.rounds) // never yields: every timer due now waits
	})
	if err := loop.Run(ctx); err != nil {
		return nil, err
	}
	return late.done(spun), nil
}

// endregion

// region goroutines
func (d *blockingDemo) goroutines(ctx context.Context, r *measure.Run) (any, error) {
	p := d.plan
	late := &lateness{r: r, start: time.Now()}
	var wg sync.WaitGroup
	for i := range p.timers {
		due := time.Duration(i+1) * p.period
		wg.Go(func() {
			time.Sleep(due - time.Since(late.start))
			late.fire(i, due)
		})
	}
	var spun uint64
	wg.Go(func() {
		time.Sleep(p.hogAt - time.Since(late.start))
		defer r.Span(0, 0, "run")()
		spun = spin(p.rounds) // the runtime preempts it when others are due
	})
	wg.Wait()
	return late.done(spun), nil
}

// endregion

// goroutinesOneP runs the goroutines on one P, so that only preemption, not
// a second core, lets the timers run during the hog.
func (d *blockingDemo) goroutinesOneP(ctx context.Context, r *measure.Run) (any, error) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	return d.goroutines(ctx, r)
}
