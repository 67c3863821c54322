// Command c10k shows what one waiting unit costs when there are very many:
// 10,000 tasks that each wait 100 ms on a timer, as goroutines, as timer
// callbacks of one event loop, and as OS threads. It reports, at the moment
// every unit is waiting, how many OS threads the process has and how much
// memory each waiting unit holds.
//
// Threads are capped (2,000 by default, fewer when the system's limits say
// so): a pool of that many threads takes the 10,000 waits in turns, and the
// report says so. Memory is what Go's runtime holds for the units (heap
// objects and stacks, including each thread's own system stacks); the
// kernel's memory for each thread (its kernel stack, 16 KiB on Linux) comes
// on top and is not counted.
//
// Run it with go run ./demos/c10k; -h lists the flags.
package main

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"time"

	"github.com/concurrency-primer/site/demos/internal/eventloop"
	"github.com/concurrency-primer/site/demos/internal/measure"
	"github.com/concurrency-primer/site/internal/results"
)

func main() {
	d := &c10kDemo{}
	d.demo().Main()
}

// c10kDemo holds the sizes the setup chose.
type c10kDemo struct {
	n         int           // waiting units
	wait      time.Duration // L: how long each waits
	threadCap int           // threads at once in the threads strategy
}

// defaultThreadCap bounds the threads strategy: enough threads to show their
// cost, few enough to leave the machine usable.
const defaultThreadCap = 2000

// demo declares the demo: its sizes, strategies and expected shape.
func (d *c10kDemo) demo() *measure.Demo {
	few := float64(runtime.GOMAXPROCS(0) + 10)
	return &measure.Demo{
		Name:     "c10k",
		Title:    "very high concurrency: what one waiting unit costs",
		Expected: "goroutines <= L + 100 ms on about cores + few OS threads; event-loop <= L + 50 ms; threads: many OS threads and >= 5× the memory per unit of a goroutine, and of an event-loop timer",
		Baseline: "goroutines",
		Repeats:  3,
		// The threads wait in turns of at most their cap: a ratio of times
		// would compare different work. Time is judged against L instead.
		NoSpeedup: true,
		Setup:     d.setup,
		Warmup:    d.warmup,
		Strategies: []measure.Strategy{
			{Name: "goroutines", Label: "a goroutine per unit", Run: d.goroutines},
			{Name: "event-loop", Label: "one thread, a timer callback per unit", Run: d.eventLoop, Unavailable: eventloop.Unavailable()},
			{Name: "threads", Label: "a pool of capped OS threads", Run: d.threads},
		},
		Claims: []measure.Claim{
			d.within("goroutines <= L + 100 ms", "goroutines", 0.100),
			measure.Metric("goroutines", "os_threads", 1, few),
			d.within("event-loop <= L + 50 ms", "event-loop", 0.050),
			d.manyThreads(),
			measure.MetricRatio("thread_per_goroutine_memory_x", "memory_per_unit_bytes", "threads", "goroutines", 5, math.Inf(1)),
			measure.MetricRatio("thread_per_event_loop_memory_x", "memory_per_unit_bytes", "threads", "event-loop", 5, math.Inf(1)),
		},
	}
}

func (d *c10kDemo) setup(ctx context.Context, o measure.Options) (map[string]float64, error) {
	d.n, d.wait, d.threadCap = 10_000, 100*time.Millisecond, defaultThreadCap
	if o.Quick {
		d.n, d.wait, d.threadCap = 500, 10*time.Millisecond, 50
	}
	lim := checkLimits()
	if fit := lim.threads(); fit < d.threadCap {
		d.threadCap = fit
	}
	d.threadCap = min(d.threadCap, d.n)
	o.Notef("threads are capped at %d (system limits: %s), so the threads strategy waits %d times in %d turns",
		d.threadCap, lim, d.n, waves(d.n, d.threadCap))
	params := map[string]float64{
		"units":      float64(d.n),
		"wait_s":     d.wait.Seconds(),
		"thread_cap": float64(d.threadCap),
	}
	lim.report(params)
	return params, nil
}

// warmup runs the goroutines and the event loop once; the threads are not
// warmed up, since starting them is part of what they cost.
func (d *c10kDemo) warmup(ctx context.Context) error {
	if _, err := d.goroutines(ctx, measure.NewRun()); err != nil {
		return err
	}
	if eventloop.Unavailable() != "" {
		return nil
	}
	_, err := d.eventLoop(ctx, measure.NewRun())
	return err
}

// waves returns how many turns a pool of p takes to do n units.
func waves(n, p int) int { return (n + p - 1) / p }

// within claims that strategy's median time is at most L plus slack seconds.
func (d *c10kDemo) within(text, strategy string, slack float64) measure.Claim {
	return measure.Claim{
		Text: text,
		Eval: func(res *results.Results) (string, bool) {
			s, ok := res.Lookup(strategy)
			if !ok || s.Unavailable != "" {
				return "not run", false
			}
			hi := d.wait.Seconds() + slack
			return fmt.Sprintf("%s (want <= %s)", measure.Seconds(s.MedianS), measure.Seconds(hi)), s.MedianS <= hi
		},
	}
}

// manyThreads claims that the threads strategy really had about one OS
// thread per waiting unit.
func (d *c10kDemo) manyThreads() measure.Claim {
	return measure.Claim{
		Text: "threads: an OS thread per waiting unit",
		Eval: func(res *results.Results) (string, bool) {
			s, ok := res.Lookup("threads")
			if !ok || s.Unavailable != "" {
				return "not run", false
			}
			got := s.Metrics["os_threads"]
			return fmt.Sprintf("%.0f OS threads for %d units at once", got, d.threadCap), got >= 0.9*float64(d.threadCap)
		},
	}
}
