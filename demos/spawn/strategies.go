package main

import (
	"context"
	"runtime"
	"time"

	"github.com/concurrency-primer/site/demos/internal/measure"
	"github.com/concurrency-primer/site/demos/internal/worker"
)

// Each strategy starts d.n units one at a time and returns the sum of their
// answers: all must agree.

// units runs start for units 0..n-1 in turn, records the time per unit, and
// sums the answers.
func (d *spawnDemo) units(r *measure.Run, start func(i uint64) (uint64, error)) (uint64, error) {
	var sum uint64
	t0 := time.Now()
	for i := range uint64(d.n) {
		v, err := start(i)
		if err != nil {
			return 0, err
		}
		sum += v
	}
	r.Metric("per_unit_s", time.Since(t0).Seconds()/float64(d.n))
	return sum, nil
}

// region ladder
func (d *spawnDemo) call(ctx context.Context, r *measure.Run) (any, error) {
	return d.units(r, func(i uint64) (uint64, error) { return answerCall(i), nil })
}

func (d *spawnDemo) goroutine(ctx context.Context, r *measure.Run) (any, error) {
	done := make(chan uint64)
	return d.units(r, func(i uint64) (uint64, error) {
		go func() { done <- answer(i) }()
		return <-done, nil
	})
}

func (d *spawnDemo) thread(ctx context.Context, r *measure.Run) (any, error) {
	done := make(chan uint64)
	return d.units(r, func(i uint64) (uint64, error) {
		go func() {
			// Exiting while locked ends the OS thread: the next unit needs
			// a new one.
			runtime.LockOSThread()
			done <- answer(i)
		}()
		return <-done, nil
	})
}

func (d *spawnDemo) process(ctx context.Context, r *measure.Run) (any, error) {
	return d.units(r, func(i uint64) (uint64, error) {
		p, err := worker.Start(ctx, answering) // fork and exec this program
		if err != nil {
			return 0, err
		}
		var v uint64
		_, err = p.Call(i, &v)
		if cerr := p.Close(); err == nil {
			err = cerr
		}
		return v, err
	})
}

// endregion

// answerCall is answer behind a call the compiler may not inline, so that
// the call rung is a real call.
//
//go:noinline
func answerCall(i uint64) uint64 { return answer(i) }
