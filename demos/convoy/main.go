// Command convoy shows the convoy effect: under a global interpreter lock,
// one CPU-bound thread ruins the I/O of another. An I/O thread exchanges
// bytes with a loopback echo server for a fixed window, alone and beside a
// thread that computes, without and with a GIL. Without the lock the I/O
// barely notices its neighbour; with it, every time the I/O thread comes
// back from a system call it waits a whole switch interval for the lock, so
// its rate falls to about one system call per interval.
//
// The "threads" here are goroutines: what this demo shows is the lock's
// hand-over, which is the same on OS threads, minus their slower wake-ups.
//
// Run it with go run ./demos/convoy; -h lists the flags.
package main

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/concurrency-primer/site/demos/internal/gil"
	"github.com/concurrency-primer/site/demos/internal/measure"
	"github.com/concurrency-primer/site/internal/results"
)

func main() {
	// Four windows of 350 ms, three repeats: about 4.5 s in all, windows
	// being fixed lengths of time (the nominal 0.5 s would take 6.4 s).
	d := &convoyDemo{window: 350 * time.Millisecond, interval: gil.DefaultInterval}
	d.demo().Main()
}

// convoyDemo holds the window length and the switch interval.
type convoyDemo struct {
	window   time.Duration
	interval time.Duration
}

// holders is the number of CPU-bound threads beside the I/O thread.
const holders = 1

func (d *convoyDemo) demo() *measure.Demo {
	predicted := 1 / (holders * d.interval.Seconds())
	return &measure.Demo{
		Name:  "convoy",
		Title: "a CPU-bound thread ruins I/O under a GIL (the convoy effect)",
		Expected: fmt.Sprintf("without a GIL the I/O rate keeps >= 0.5 of its rate alone; with one <= 0.05, within 10× of the floor 1/(holders × interval) = %.0f/s",
			predicted),
		Baseline: "io-alone",
		Repeats:  3, // a median of two would be their mean
		// Every window lasts the same: the I/O rate tells, not the time.
		NoSpeedup: true,
		Setup:     d.setup,
		Warmup:    d.warmup,
		Strategies: []measure.Strategy{
			{Name: "io-alone", Label: "I/O thread alone", Run: d.run(false, false)},
			{Name: "io+cpu", Label: "I/O thread beside a CPU-bound thread", Run: d.run(true, false)},
			{Name: "io-alone-gil", Label: "I/O thread alone, with a GIL", Run: d.run(false, true)},
			{Name: "io+cpu-gil", Label: "I/O thread beside a CPU-bound thread, with a GIL", Run: d.run(true, true)},
		},
		Finish: d.finish,
		Claims: []measure.Claim{
			measure.MetricRatio("cpu_ratio_x", "ops_per_s", "io+cpu", "io-alone", 0.5, math.Inf(1)),
			measure.MetricRatio("cpu_gil_ratio_x", "ops_per_s", "io+cpu-gil", "io-alone", 0, 0.05),
			// The floor is one operation per interval, when the computing
			// thread always wins the lock back. The I/O thread often wins
			// instead: its system call returns before the kernel has woken
			// the computing thread, and it finds the lock free, in CPython as
			// here. How often varies from run to run (200/s to 1,500/s on a
			// quiet 2-core machine), so the claim is the order of magnitude.
			measure.Metric("io+cpu-gil", "ops_per_s", predicted/2, predicted*10),
		},
	}
}

func (d *convoyDemo) setup(ctx context.Context, o measure.Options) (map[string]float64, error) {
	if o.Quick {
		d.window = 50 * time.Millisecond
	}
	return map[string]float64{
		"window_s":   d.window.Seconds(),
		"interval_s": d.interval.Seconds(),
		"holders":    holders,
	}, nil
}

// warmup runs every window once at a tenth of its length.
func (d *convoyDemo) warmup(ctx context.Context) error {
	full := d.window
	d.window /= 10
	defer func() { d.window = full }()
	for _, cpu := range []bool{false, true} {
		for _, withGIL := range []bool{false, true} {
			if _, err := d.run(cpu, withGIL)(ctx, measure.NewRun()); err != nil {
				return err
			}
		}
	}
	return nil
}

// finish adds the floor theory predicts for the I/O rate with the lock.
func (d *convoyDemo) finish(res *results.Results) {
	res.Metrics["predicted_gil_ops_per_s"] = 1 / (holders * d.interval.Seconds())
}
