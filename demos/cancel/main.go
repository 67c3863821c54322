// Command cancel shows how fast cancellation reaches every task: 1,000
// tasks, each computing a short chunk (10 µs) and then waiting 20 ms, are
// told to stop, and the demo times how long it takes from
// that moment until every task has returned, and counts the tasks still
// running once it has waited for them (expected 0). Three ways of telling
// them: cancel, a context.WithCancel whose cancel function the demo calls;
// timeout, a context.WithTimeout whose deadline passes; and errgroup, an
// errgroup.Group whose context is cancelled when one of its tasks returns
// an error.
//
// A goroutine cannot be stopped from outside: each task stops itself, by
// checking its context between chunks and waiting on the context's Done
// channel. How fast it stops is therefore set by how long it goes without
// looking (here one chunk) and by how fast the scheduler can run every
// task once more.
//
// Run it with go run ./demos/cancel; -h lists the flags.
package main

import (
	"context"
	"fmt"
	"time"

	"github.com/concurrency-primer/site/demos/internal/measure"
	"github.com/concurrency-primer/site/internal/results"
)

func main() {
	d := &cancelDemo{}
	d.demo().Main()
}

// cancelDemo holds the sizes the setup chose.
type cancelDemo struct {
	n     int           // tasks
	spin  int           // spin's size for one chunk of work
	pause time.Duration // each task's wait between chunks
	run   time.Duration // how long the tasks run before they are told to stop
}

// waitBound is how long a strategy waits for its tasks after telling them
// to stop before it counts the ones still running.
const waitBound = 2 * time.Second

// demo declares the demo: its sizes, strategies and expected shape.
func (d *cancelDemo) demo() *measure.Demo {
	return &measure.Demo{
		Name:     "cancel",
		Title:    "cancellation: from the signal to every task stopped",
		Expected: "every task stopped, none still running; cancel, timeout and errgroup stop 1,000 tasks within 50 ms",
		Baseline: "cancel",
		Repeats:  5,
		// Every strategy runs the tasks for the same time and stops them:
		// its time is the run, not a speed. The claims judge the stop.
		NoSpeedup: true,
		Setup:     d.setup,
		Strategies: []measure.Strategy{
			{Name: "cancel", Label: "context.WithCancel, then cancel()", Run: d.cancel},
			{Name: "timeout", Label: "context.WithTimeout: the deadline passes", Run: d.timeout},
			{Name: "errgroup", Label: "errgroup.WithContext: one task returns an error", Run: d.errgroup},
		},
		Claims: []measure.Claim{
			// Each strategy waits for every task, so nothing can still
			// run unless a task missed the signal for waitBound: 0 in
			// every repeat.
			measure.Metric("cancel", "max_still_running", 0, 0),
			measure.Metric("timeout", "max_still_running", 0, 0),
			measure.Metric("errgroup", "max_still_running", 0, 0),
			// The tasks keep half a core busy, so when the signal comes
			// most are waiting and a few computing. A task notices within
			// one chunk (10 µs); closing the Done channel makes every
			// waiting task runnable at once, and two cores run 1,000 of
			// them in a millisecond or two. The deadline adds a timer's
			// lateness. On a loaded machine the scheduler gets the cores
			// less often: runs there took 1.4-19 ms. 50 ms leaves room
			// for that and is still far below a missed signal
			// (waitBound, 2 s).
			d.stopWithin("cancel", 0.050),
			d.stopWithin("timeout", 0.050),
			d.stopWithin("errgroup", 0.050),
		},
	}
}

// stopWithin claims that strategy's median time from the signal to the
// last task's return is at most hi seconds.
func (d *cancelDemo) stopWithin(strategy string, hi float64) measure.Claim {
	return measure.Claim{
		Text: fmt.Sprintf("%s stops every task within %s", strategy, measure.Seconds(hi)),
		Eval: func(res *results.Results) (string, bool) {
			s, ok := res.Lookup(strategy)
			if !ok || s.Unavailable != "" {
				return "not run", false
			}
			got, ok := s.Metrics["stop_s"]
			if !ok {
				return "missing", false
			}
			return measure.Seconds(got), got <= hi
		},
	}
}

func (d *cancelDemo) setup(ctx context.Context, o measure.Options) (map[string]float64, error) {
	d.n, d.pause, d.run = 1_000, 20*time.Millisecond, 50*time.Millisecond
	if o.Quick {
		d.n, d.run = 100, 10*time.Millisecond
	}
	chunk := 10 * time.Microsecond
	d.spin = measure.Calibrate(chunk, func(n int) { spin(n) })
	return map[string]float64{
		"tasks":   float64(d.n),
		"chunk_s": chunk.Seconds(),
		"pause_s": d.pause.Seconds(),
		"run_s":   d.run.Seconds(),
	}, nil
}
