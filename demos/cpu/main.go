// Command cpu shows that concurrency is not parallelism: four CPU-bound tasks
// of about 60 ms each, done one after another, by OS threads that share a
// global interpreter lock, by the same OS threads without it, by goroutines,
// by worker processes and by an event loop. Only the ways that use several cores at once finish
// sooner, and never more than the number of cores sooner.
//
// Run it with go run ./demos/cpu; -h lists the flags.
package main

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"time"

	"github.com/concurrency-primer/site/demos/internal/eventloop"
	"github.com/concurrency-primer/site/demos/internal/measure"
	"github.com/concurrency-primer/site/demos/internal/worker"
	"github.com/concurrency-primer/site/internal/results"
)

// region workload

// task is one unit of CPU-bound work.
type task struct {
	Seed   uint64
	Rounds int
}

// chunk is the number of rounds between two "bytecode boundaries".
const chunk = 1024

// work does task t: rounds of a xorshift generator, a chain of dependent
// operations that no compiler can shorten and no core can share. Every chunk
// rounds it calls tick, where a GIL may change hands.
func work(t task, tick func()) uint64 {
	x := t.Seed | 1
	for done := 0; done < t.Rounds; done += chunk {
		for range min(chunk, t.Rounds-done) {
			x ^= x << 13
			x ^= x >> 7
			x ^= x << 17
		}
		tick()
	}
	return x
}

// endregion

func nop() {}

// working is the work as a worker process does it.
var working = worker.Handle("work", func(t task) (uint64, error) { return work(t, nop), nil })

func main() {
	worker.Main(working)
	// Four tasks; p is how many can run at once: the cores Go uses, at most four.
	d := &cpuDemo{procs: min(runtime.GOMAXPROCS(0), 4)}
	d.demo().Main()
}

// demo declares the demo: its sizes, strategies and expected shape.
func (d *cpuDemo) demo() *measure.Demo {
	p := float64(d.procs)
	return &measure.Demo{
		Name:     "cpu",
		Title:    "CPU-bound work: concurrency is not parallelism",
		Expected: fmt.Sprintf("threads-gil and event-loop 0.9-1.1× sequential; goroutines %.3g-%.3g×; threads and processes %.3g-%.3g×", 0.8*p, 1.05*p, 0.7*p, 1.05*p),
		Repeats:  3,
		Setup:    d.setup,
		Warmup:   d.warmup,
		Strategies: []measure.Strategy{
			{Name: "sequential", Label: "one goroutine", Run: d.sequential},
			{Name: "threads-gil", Label: "an OS thread per task, one global lock", Run: d.threadsGIL},
			{Name: "threads", Label: "an OS thread per task", Run: d.threads},
			{Name: "goroutines", Label: "a goroutine per task", Run: d.goroutines},
			{Name: "processes", Label: plural(d.procs, "worker process", "worker processes"), Run: d.processes},
			{Name: "event-loop", Label: "one thread, tasks as coroutines", Run: d.eventLoop, Unavailable: eventloop.Unavailable()},
		},
		Claims: []measure.Claim{
			measure.Speedup("threads-gil", 0.9, 1.1),
			measure.Speedup("event-loop", 0.9, 1.1),
			// Four locked OS threads share the p cores through Go's
			// scheduler, which hands a core from one thread to the next
			// at each preemption: on a quiet 2-core machine they keep
			// 1.65-1.75 cores busy where goroutines keep 1.95.
			measure.Speedup("threads", 0.7*p, 1.05*p),
			measure.Speedup("goroutines", 0.8*p, 1.05*p),
			measure.Speedup("processes", 0.7*p, 1.05*p),
		},
		Finish: d.finish,
	}
}

// cpuDemo holds the sizes the setup chose.
type cpuDemo struct {
	procs int
	tasks []task
	sink  uint64 // keeps calibration's results, so that its work is not optimised away
}

func (d *cpuDemo) setup(ctx context.Context, o measure.Options) (map[string]float64, error) {
	target := 60 * time.Millisecond // six strategies, three repeats: about 3.5 s in all
	if o.Quick {
		target = 10 * time.Millisecond
	}
	rounds := measure.Calibrate(target, func(n int) { d.sink += work(task{Seed: 1, Rounds: n}, nop) })
	d.tasks = nil
	for i := range 4 {
		d.tasks = append(d.tasks, task{Seed: uint64(i + 1), Rounds: rounds})
	}
	return map[string]float64{
		"tasks":  float64(len(d.tasks)),
		"task_s": target.Seconds(),
		"rounds": float64(rounds),
	}, nil
}

// warmup runs a tenth of the work through the parallel strategies, so that
// threads exist and the binary is in the page cache, without doubling the
// demo's time.
func (d *cpuDemo) warmup(ctx context.Context) error {
	small := make([]task, len(d.tasks))
	for i, t := range d.tasks {
		small[i] = task{Seed: t.Seed, Rounds: t.Rounds / 10}
	}
	var wg sync.WaitGroup
	for _, t := range small {
		wg.Go(func() { work(t, nop) })
	}
	wg.Wait()
	_, err := worker.Map(ctx, working, d.procs, small, nil)
	return err
}

// finish draws the limit: with p cores the work takes at least sequential / p.
func (d *cpuDemo) finish(res *results.Results) {
	if s, ok := res.Lookup("sequential"); ok && s.MedianS > 0 {
		res.Ideal = &results.Ideal{S: s.MedianS / float64(d.procs), Label: fmt.Sprintf("sequential / %d cores", d.procs)}
	}
}

// plural writes "1 worker process" or "2 worker processes".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
