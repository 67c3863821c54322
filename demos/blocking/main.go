// Command blocking shows that a cooperative loop stalls when one task never
// yields: 60 timers due every 5 ms and, 50 ms in, one 200 ms CPU-bound task
// that never waits. On an event loop the timers due during that task fire
// only when it ends, up to 200 ms late. Goroutines are preempted: with two
// cores the timers run beside the task, and even on one (GOMAXPROCS=1) the
// runtime interrupts the task every 10 ms or so, so that the timers are
// never late by more than a few milliseconds.
//
// The demo measures each timer's lateness (when it fired minus when it was
// due) and reports the largest.
//
// Run it with go run ./demos/blocking; -h lists the flags.
package main

import (
	"context"
	"fmt"
	"time"

	"github.com/concurrency-primer/site/demos/internal/eventloop"
	"github.com/concurrency-primer/site/demos/internal/measure"
	"github.com/concurrency-primer/site/internal/results"
)

// region workload

// spin is CPU-bound work with no wait in it: rounds of a xorshift generator.
func spin(rounds int) uint64 {
	x := uint64(1)
	for range rounds {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
	}
	return x
}

// plan is one run's schedule: timer i is due at (i+1) × period after the
// start, and the hog starts at hogAt and spins for about hog.
type plan struct {
	timers int
	period time.Duration
	hogAt  time.Duration
	hog    time.Duration
	rounds int // spin rounds that take about hog
}

// answer is what every strategy must agree on.
type answer struct {
	Fired int    // timers that fired
	Spin  uint64 // the hog's result
}

// endregion

func main() {
	d := &blockingDemo{}
	d.demo().Main()
}

// blockingDemo holds the plan the setup chose.
type blockingDemo struct {
	plan plan
	sink uint64
}

// demo declares the demo: its sizes, strategies and expected shape.
func (d *blockingDemo) demo() *measure.Demo {
	return &measure.Demo{
		Name:     "blocking",
		Title:    "a cooperative loop stalls when a task never yields",
		Expected: "event-loop max lateness >= 0.8 × the 200 ms task; goroutines far less (<= 0.25 ×), even on one core (preemption)",
		Repeats:  3,
		// Every strategy lasts as long as its timers: the time says nothing,
		// the lateness says it all.
		NoSpeedup: true,
		Setup:     d.setup,
		Warmup:    func(context.Context) error { d.sink += spin(d.plan.rounds / 10); return nil },
		Strategies: []measure.Strategy{
			{Name: "event-loop", Label: "one thread, timer callbacks", Run: d.eventLoop, Unavailable: eventloop.Unavailable()},
			{Name: "goroutines", Label: "a goroutine per timer", Run: d.goroutines},
			{Name: "goroutines-1p", Label: "a goroutine per timer, GOMAXPROCS=1", Run: d.goroutinesOneP},
		},
		Claims: []measure.Claim{
			d.lateness("event-loop", 0.8, 1e9),
			d.lateness("goroutines", 0, 0.25),
			d.lateness("goroutines-1p", 0, 0.25),
		},
	}
}

// lateness claims that strategy's max lateness lies in [lo, hi] times the
// hog's duration.
func (d *blockingDemo) lateness(strategy string, lo, hi float64) measure.Claim {
	text := fmt.Sprintf("%s max lateness <= %g × task", strategy, hi)
	if lo > 0 {
		text = fmt.Sprintf("%s max lateness >= %g × task", strategy, lo)
	}
	return measure.Claim{
		Text: text,
		Eval: func(res *results.Results) (string, bool) {
			s, ok := res.Lookup(strategy)
			if !ok || s.Unavailable != "" {
				return "not run", false
			}
			v := s.Metrics["max_lateness_s"]
			x := v / d.plan.hog.Seconds()
			return fmt.Sprintf("%s = %.2f × task", measure.Seconds(v), x), x >= lo && x <= hi
		},
	}
}

func (d *blockingDemo) setup(ctx context.Context, o measure.Options) (map[string]float64, error) {
	// The timers span 300 ms, the task and some time on either side.
	d.plan = plan{timers: 60, period: 5 * time.Millisecond, hogAt: 50 * time.Millisecond, hog: 200 * time.Millisecond}
	if o.Quick {
		d.plan = plan{timers: 20, period: 2 * time.Millisecond, hogAt: 10 * time.Millisecond, hog: 20 * time.Millisecond}
	}
	d.plan.rounds = measure.Calibrate(d.plan.hog, func(n int) { d.sink += spin(n) })
	return map[string]float64{
		"timers":   float64(d.plan.timers),
		"period_s": d.plan.period.Seconds(),
		"hog_at_s": d.plan.hogAt.Seconds(),
		"hog_s":    d.plan.hog.Seconds(),
		"rounds":   float64(d.plan.rounds),
	}, nil
}
