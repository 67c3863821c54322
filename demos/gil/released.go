package main

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"sync"

	"github.com/concurrency-primer/site/demos/internal/gil"
	"github.com/concurrency-primer/site/demos/internal/measure"
	"github.com/concurrency-primer/site/internal/results"
)

// region released

// released is the strategy a C extension gives CPython's threads: each
// thread takes the GIL, lets it go around its computation
// (Py_BEGIN_ALLOW_THREADS ... Py_END_ALLOW_THREADS, as hashlib does for a
// large buffer), then takes it again to store the result. Only the Python
// parts are serialised; the C parts run on every core at once.
func (d *gilDemo) released(ctx context.Context, r *measure.Run) (any, error) {
	g := gil.New(gil.DefaultInterval)
	results := make([]uint64, d.tasks)
	var wg sync.WaitGroup
	for i := range d.tasks {
		wg.Go(func() {
			runtime.LockOSThread() // a real thread, as CPython's are
			defer runtime.UnlockOSThread()
			g.Acquire()
			seed := uint64(i + 1) // Python code: read the arguments
			g.Release()           // Py_BEGIN_ALLOW_THREADS
			end := r.Span(i, i, "run")
			v := work(seed, d.rounds, nop) // C code: touches no Python object
			end()
			g.Acquire() // Py_END_ALLOW_THREADS
			results[i] = v
			g.Release()
		})
	}
	wg.Wait()
	r.Metric("switches", float64(g.Switches()))
	var sum uint64
	for _, v := range results {
		sum += v
	}
	return sum, nil
}

// endregion

// parallel claims that strategy's median speedup is at least lo, which only
// a machine where Go runs two threads at once can show: with GOMAXPROCS 1
// the claim says so and holds, since there is no second core to use.
func parallel(strategy string, lo float64) measure.Claim {
	c := measure.Speedup(strategy, lo, math.Inf(1))
	return measure.Claim{
		Text: fmt.Sprintf("%s >= %g× (on >= 2 cores)", strategy, lo),
		Eval: func(res *results.Results) (string, bool) {
			if n := min(res.Env.Cores, res.Env.GOMAXPROCS); n < 2 {
				return fmt.Sprintf("not applicable: %d core", n), true
			}
			return c.Eval(res)
		},
	}
}
