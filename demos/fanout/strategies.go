package main

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/concurrency-primer/site/demos/internal/measure"
)

// Each strategy sends every request once, with its body, and returns the
// sum of the replies: all must agree. ask is one request as every strategy
// makes it: the caller builds the body, calls and times the call.
func (d *fanoutDemo) ask(ctx context.Context, s *service, id int, lat latencies) (uint64, error) {
	body := newBody(id)
	t0 := time.Now()
	v, err := s.call(ctx, id, body)
	lat[id] = time.Since(t0)
	return v, err
}

// region unbounded
func (d *fanoutDemo) unbounded(ctx context.Context, r *measure.Run) (any, error) {
	return d.measured(r, func(s *service, lat latencies) (uint64, error) {
		var sum atomic.Uint64
		var wg sync.WaitGroup
		for id := range d.n {
			wg.Go(func() { // a goroutine per request, all at once
				v, _ := d.ask(ctx, s, id, lat)
				sum.Add(v)
			})
		}
		wg.Wait()
		return sum.Load(), ctx.Err()
	})
}

// endregion

// region semaphore
func (d *fanoutDemo) semaphore(ctx context.Context, r *measure.Run) (any, error) {
	return d.measured(r, func(s *service, lat latencies) (uint64, error) {
		var sum atomic.Uint64
		var wg sync.WaitGroup
		sem := make(chan struct{}, d.limit) // a token per request in flight
		for id := range d.n {
			select {
			case sem <- struct{}{}: // blocks while limit requests are out
			case <-ctx.Done():
			}
			if ctx.Err() != nil {
				break
			}
			wg.Go(func() {
				defer func() { <-sem }()
				v, _ := d.ask(ctx, s, id, lat)
				sum.Add(v)
			})
		}
		wg.Wait()
		return sum.Load(), ctx.Err()
	})
}

// endregion

// region errgroup
func (d *fanoutDemo) errgroup(ctx context.Context, r *measure.Run) (any, error) {
	return d.measured(r, func(s *service, lat latencies) (uint64, error) {
		var sum atomic.Uint64
		g, ctx := errgroup.WithContext(ctx) // the first error cancels the rest
		g.SetLimit(d.limit)                 // g.Go blocks while limit are running
		for id := range d.n {
			g.Go(func() error {
				v, err := d.ask(ctx, s, id, lat)
				sum.Add(v)
				return err
			})
		}
		err := g.Wait() // before reading the sum: Wait is what ends the calls
		return sum.Load(), err
	})
}

// endregion

// region workers
func (d *fanoutDemo) workers(ctx context.Context, r *measure.Run) (any, error) {
	return d.measured(r, func(s *service, lat latencies) (uint64, error) {
		var sum atomic.Uint64
		var wg sync.WaitGroup
		ids := make(chan int, d.limit) // bounded: the sender waits when it is full
		for range d.limit {
			wg.Go(func() {
				for id := range ids {
					v, _ := d.ask(ctx, s, id, lat)
					sum.Add(v)
				}
			})
		}
	send:
		for id := range d.n {
			select {
			case ids <- id:
			case <-ctx.Done():
				break send
			}
		}
		close(ids)
		wg.Wait()
		return sum.Load(), ctx.Err()
	})
}

// endregion

// measured runs one strategy's requests against a fresh service and
// records the peak memory, the latencies and the most requests the service
// held at once.
func (d *fanoutDemo) measured(r *measure.Run, send func(*service, latencies) (uint64, error)) (any, error) {
	s := newService(d.capacity, d.base, d.backlog)
	lat := make(latencies, d.n)
	stop := memory()
	sum, err := send(s, lat)
	r.Metric("peak_memory_bytes", float64(stop()))
	r.Metric("p50_latency_s", lat.quantile(0.50))
	r.Metric("p99_latency_s", lat.quantile(0.99))
	r.Metric("peak_in_flight", float64(s.peak.Load()))
	return sum, err
}
