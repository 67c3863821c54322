// Command io shows that I/O-bound waits overlap: 30 tasks that each wait
// 20 ms (half on a timer, half for a loopback TCP server that answers after
// a delay) take 30 × 20 ms one after another, but about 20 ms when every
// wait runs at once, whether the waiting is done by OS threads parked in
// blocking system calls, by the same threads sharing a global interpreter
// lock that each releases around its waits (as CPython's threads do around
// I/O), by goroutines, or by one thread running an event loop. Two worker
// processes, each doing its share in turn, halve the time.
//
// The server runs inside the demo, is started by each strategy's run and
// closed before the run returns: nothing is left listening.
//
// Run it with go run ./demos/io; -h lists the flags.
package main

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/concurrency-primer/site/demos/internal/eventloop"
	"github.com/concurrency-primer/site/demos/internal/measure"
	"github.com/concurrency-primer/site/demos/internal/worker"
	"github.com/concurrency-primer/site/internal/results"
)

// region workload

// task is one I/O-bound job: sleep on a timer, then ask the server, which
// answers after its own delay. Its answer is the server's reply.
type task struct {
	ID    uint64
	Sleep time.Duration
}

// reply is what the server answers to task id: something the client cannot
// know without asking.
func reply(id uint64) uint64 { return id*2654435761%1_000_003 + 1 }

// endregion

// procs is the number of worker processes of the processes strategy.
const procs = 2

func main() {
	worker.Main(doing)
	d := &ioDemo{}
	d.demo().Main()
}

// ioDemo holds the sizes the setup chose.
type ioDemo struct {
	n      int           // tasks
	wait   time.Duration // L: one task's total wait
	limits limits
}

// demo declares the demo: its sizes, strategies and expected shape.
func (d *ioDemo) demo() *measure.Demo {
	return &measure.Demo{
		Name:     "io",
		Title:    "I/O-bound waits overlap",
		Expected: "sequential >= 0.98 N L; goroutines and event-loop <= 1.5 L + 10 ms; threads and threads-gil <= 2 L + 50 ms; processes(2) about N L / 2",
		Repeats:  3,
		Setup:    d.setup,
		Warmup:   d.warmup,
		Strategies: []measure.Strategy{
			{Name: "sequential", Label: "one goroutine, one wait at a time", Run: d.sequential},
			{Name: "threads", Label: "an OS thread per task, blocked in system calls", Run: d.threads, Unavailable: threadsUnavailable},
			{Name: "threads-gil", Label: "an OS thread per task, one global lock released around each wait", Run: d.threadsGIL, Unavailable: threadsUnavailable},
			{Name: "goroutines", Label: "a goroutine per task", Run: d.goroutines},
			{Name: "processes", Label: fmt.Sprintf("%d worker processes", procs), Run: d.processes},
			{Name: "event-loop", Label: "one thread, tasks as coroutines", Run: d.eventLoop, Unavailable: eventloop.Unavailable()},
		},
		// Theory's floor: all the waits overlap perfectly and the run lasts
		// one wait.
		Finish: func(res *results.Results) {
			res.Ideal = &results.Ideal{S: d.wait.Seconds(), Label: "one wait (L): every wait overlapping"}
		},
		Claims: []measure.Claim{
			d.within("sequential >= 0.98 N L", "sequential", func(n, l float64) (float64, float64) { return 0.98 * n * l, math.Inf(1) }),
			d.within("goroutines <= 1.5 L + 10 ms", "goroutines", func(n, l float64) (float64, float64) { return 0, 1.5*l + 0.010 }),
			d.within("event-loop <= 1.5 L + 10 ms", "event-loop", func(n, l float64) (float64, float64) { return 0, 1.5*l + 0.010 }),
			d.within("threads <= 2 L + 50 ms", "threads", func(n, l float64) (float64, float64) { return 0, 2*l + 0.050 }),
			d.within("threads-gil <= 2 L + 50 ms", "threads-gil", func(n, l float64) (float64, float64) { return 0, 2*l + 0.050 }),
			d.within("processes(2) 0.9-1.25 × N L / 2", "processes", func(n, l float64) (float64, float64) { return 0.9 * n * l / procs, 1.25 * n * l / procs }),
		},
	}
}

// within claims that strategy's median time lies in the band that band
// computes from the task count N and the wait L (in seconds), as the setup
// chose them.
func (d *ioDemo) within(text, strategy string, band func(n, l float64) (lo, hi float64)) measure.Claim {
	return measure.Claim{
		Text: text,
		Eval: func(res *results.Results) (string, bool) {
			s, ok := res.Lookup(strategy)
			if !ok || s.Unavailable != "" {
				return "not run", false
			}
			lo, hi := band(float64(d.n), d.wait.Seconds())
			limit := "<= " + measure.Seconds(hi)
			if math.IsInf(hi, 1) {
				limit = ">= " + measure.Seconds(lo)
			} else if lo > 0 {
				limit = measure.Seconds(lo) + "-" + measure.Seconds(hi)
			}
			return fmt.Sprintf("%s (want %s)", measure.Seconds(s.MedianS), limit), s.MedianS >= lo && s.MedianS <= hi
		},
	}
}

func (d *ioDemo) setup(ctx context.Context, o measure.Options) (map[string]float64, error) {
	d.n, d.wait = 30, 20*time.Millisecond // about 3 s for three repeats
	if o.Quick {
		d.n, d.wait = 8, 4*time.Millisecond
	}
	d.limits = checkLimits()
	if fit := d.limits.tasks(); fit < d.n {
		o.Notef("the system's limits allow %d tasks at once, not %d: using %d", fit, d.n, fit)
		d.n = fit
	}
	return map[string]float64{
		"tasks":            float64(d.n),
		"wait_s":           d.wait.Seconds(),
		"rlimit_nofile":    float64(d.limits.nofile),
		"somaxconn":        float64(d.limits.somaxconn),
		"fds_needed":       float64(2*d.n + fdMargin),
		"worker_processes": procs,
	}, nil
}

// tasks returns the tasks of one run: each sleeps half of L on a timer, and
// the server waits the other half.
func (d *ioDemo) tasks() []task {
	ts := make([]task, d.n)
	for i := range ts {
		ts[i] = task{ID: uint64(i), Sleep: d.wait / 2}
	}
	return ts
}

// warmup runs the goroutines once and two tasks through the worker
// processes, so that the binary is in the page cache, without a full round.
func (d *ioDemo) warmup(ctx context.Context) error {
	if _, err := d.goroutines(ctx, measure.NewRun()); err != nil {
		return err
	}
	srv, err := startServer(d.wait / 2)
	if err != nil {
		return err
	}
	defer srv.Close()
	_, err = worker.Map(ctx, doing, procs, bind(d.tasks()[:procs], srv.Addr()), nil)
	return err
}
