// Command race shows lost updates and their fixes. Four goroutines, released
// together by a start gate, each add one to a shared counter five million
// times: with a plain increment, with an atomic add, under a mutex, and under
// a literal GIL with the increment written as CPython runs n += 1 (load, add,
// store, with a bytecode boundary between). The atomic add and the mutex
// lose nothing. The plain increment loses updates whenever two cores run it
// at once, and `go run -race ./demos/race` reports the data race. The GIL
// version loses updates too, and the race detector says nothing, because the
// lock orders every access: a GIL makes each bytecode atomic, not your
// read-modify-write.
//
// The GIL loses updates only when it changes hands between a load and its
// store, which needs a run of many switch intervals: at the default size the
// GIL strategy lasts a few hundred milliseconds at CPython's 5 ms; with
// -quick it lasts a few milliseconds, so the lock switches every 100 µs
// instead. It needs no second core: one thread runs at a time anyway.
//
// Run it with go run ./demos/race; -h lists the flags.
package main

import (
	"context"
	"strconv"
	"time"

	"github.com/concurrency-primer/site/demos/internal/gil"

	"github.com/concurrency-primer/site/demos/internal/measure"
	"github.com/concurrency-primer/site/internal/results"
)

func main() {
	d := &raceDemo{workers: 4, increments: 5_000_000, interval: gil.DefaultInterval}
	d.demo().Main()
}

// raceDemo holds the sizes and the GIL's switch interval.
type raceDemo struct {
	workers, increments int
	interval            time.Duration // zero means gil.DefaultInterval
}

// want is the count when no update is lost.
func (d *raceDemo) want() int64 { return int64(d.workers) * int64(d.increments) }

func (d *raceDemo) demo() *measure.Demo {
	return &measure.Demo{
		Name:     "race",
		Title:    "lost updates and their fixes; what a GIL does not protect",
		Expected: "atomic and mutex lose exactly 0; a plain increment on >= 2 cores loses some in at least one repeat; under a GIL the split increment loses some in the median run",
		Repeats:  3,
		Setup:    d.setup,
		Strategies: []measure.Strategy{
			{Name: "sequential", Label: "one goroutine does every increment", Run: d.sequential},
			{Name: "plain", Label: "counter++ from 4 goroutines", Run: d.plain, AnyAnswer: true},
			{Name: "atomic", Label: "atomic add", Run: d.atomic},
			{Name: "mutex", Label: "counter++ under a mutex", Run: d.mutex},
			{Name: "gil", Label: "load, add, store under a GIL", Run: d.gil, AnyAnswer: true},
		},
		Claims: []measure.Claim{
			measure.Metric("atomic", "max_lost", 0, 0),
			measure.Metric("mutex", "max_lost", 0, 0),
			plainLoses(),
			gilLoses(),
		},
		Finish: func(res *results.Results) {
			res.Metrics["race_detector"] = raceDetector
		},
	}
}

func (d *raceDemo) setup(ctx context.Context, o measure.Options) (map[string]float64, error) {
	if o.Quick {
		d.increments = 100_000
		d.interval = 100 * time.Microsecond
	}
	return map[string]float64{
		"workers":        float64(d.workers),
		"increments":     float64(d.increments),
		"gil_interval_s": d.switchInterval().Seconds(),
	}, nil
}

// switchInterval is the GIL's switch interval.
func (d *raceDemo) switchInterval() time.Duration {
	if d.interval == 0 {
		return gil.DefaultInterval
	}
	return d.interval
}

// plainLoses claims that the plain increment lost updates in some repeat,
// which needs two goroutines running at once: on one core it says so.
func plainLoses() measure.Claim {
	return measure.Claim{
		Text: "plain loses > 0 in some repeat",
		Eval: func(res *results.Results) (string, bool) {
			if res.Env.GOMAXPROCS < 2 {
				return "one core: nothing runs at once, so nothing is lost", true
			}
			s, ok := res.Lookup("plain")
			if !ok || s.Unavailable != "" {
				return "not run", false
			}
			most := s.Metrics["max_lost"]
			return "at most " + strconv.FormatFloat(most, 'f', 0, 64) + " lost", most > 0
		},
	}
}

// gilLoses claims that the split increment under the GIL lost updates in
// the median run, as the chapter on races quotes. One core is enough: the
// lock changes hands between a load and its store either way.
func gilLoses() measure.Claim {
	return measure.Claim{
		Text: "gil loses > 0 in the median run",
		Eval: func(res *results.Results) (string, bool) {
			s, ok := res.Lookup("gil")
			if !ok || s.Unavailable != "" {
				return "not run", false
			}
			lost := s.Metrics["lost"]
			return strconv.FormatFloat(lost, 'f', 0, 64) + " lost", lost > 0
		},
	}
}

// record notes how many updates the counter lost and returns it as the answer.
func (d *raceDemo) record(r *measure.Run, got int64) (any, error) {
	r.Metric("lost", float64(d.want()-got))
	r.Metric("lost_pct", 100*float64(d.want()-got)/float64(d.want()))
	return got, nil
}
