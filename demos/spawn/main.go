// Command spawn measures the cost ladder of starting a unit of work and
// getting its answer back: a function call, a goroutine, an OS thread, and
// a process. Each strategy starts 100 units one after another, each unit
// computing one small answer, and waits for each before starting the next,
// so that the time per unit is the cost of one start, run and finish.
//
// A thread here is a goroutine locked to its OS thread that exits locked, so
// the thread ends with it and the next unit needs a new one. A process is
// this program started again as a worker (os.Executable), asked over a pipe
// and ended when its input closes.
//
// Run it with go run ./demos/spawn; -h lists the flags.
package main

import (
	"context"
	"math"

	"github.com/concurrency-primer/site/demos/internal/measure"
	"github.com/concurrency-primer/site/demos/internal/worker"
	"github.com/concurrency-primer/site/internal/results"
)

// region unit

// answer is one unit's work: small, so that starting the unit is the cost.
func answer(i uint64) uint64 { return i*i + 1 }

// endregion

// answering is a unit as a worker process does it.
var answering = worker.Handle("answer", func(i uint64) (uint64, error) { return answer(i), nil })

func main() {
	worker.Main(answering)
	d := &spawnDemo{}
	d.demo().Main()
}

// spawnDemo holds the size the setup chose.
type spawnDemo struct{ n int }

// demo declares the demo: its size, strategies and expected shape.
func (d *spawnDemo) demo() *measure.Demo {
	return &measure.Demo{
		Name:     "spawn",
		Title:    "the cost ladder: call, goroutine, OS thread, process",
		Expected: "thread/goroutine >= 20×; process/thread >= 20×",
		Repeats:  3,
		// Each rung does the same units; what matters is how much more one
		// costs than the rung below, per unit, not a speedup.
		NoSpeedup: true,
		Setup:     d.setup,
		Warmup:    d.warmup,
		Strategies: []measure.Strategy{
			{Name: "call", Label: "a function call", Run: d.call},
			{Name: "goroutine", Label: "a goroutine started and awaited", Run: d.goroutine},
			{Name: "thread", Label: "an OS thread started and ended", Run: d.thread},
			{Name: "process", Label: "a worker process started and ended", Run: d.process},
		},
		Claims: []measure.Claim{
			measure.MetricRatio("thread_per_goroutine_x", "per_unit_s", "thread", "goroutine", 20, math.Inf(1)),
			measure.MetricRatio("process_per_thread_x", "per_unit_s", "process", "thread", 20, math.Inf(1)),
		},
		Finish: finish,
	}
}

func (d *spawnDemo) setup(ctx context.Context, o measure.Options) (map[string]float64, error) {
	d.n = 100
	if o.Quick {
		d.n = 4
	}
	return map[string]float64{"units": float64(d.n)}, nil
}

// warmup starts one unit of each kind, so that the binary is in the page
// cache and the runtime has its first threads.
func (d *spawnDemo) warmup(ctx context.Context) error {
	one := &spawnDemo{n: 1}
	for _, s := range one.demo().Strategies {
		if _, err := s.Run(ctx, measure.NewRun()); err != nil {
			return err
		}
	}
	return nil
}

// finish adds the lowest rung's cost per unit over a call's; the claims
// record the others.
func finish(res *results.Results) {
	g, ok1 := res.Lookup("goroutine")
	c, ok2 := res.Lookup("call")
	if ok1 && ok2 && c.Metrics["per_unit_s"] > 0 {
		res.Metrics["goroutine_per_call_x"] = g.Metrics["per_unit_s"] / c.Metrics["per_unit_s"]
	}
}
