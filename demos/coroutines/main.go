// Command coroutines compares three ways for a producer to hand 2 million
// values to a consumer, from cheapest to dearest: a push iterator (the
// producer calls the consumer's loop body: a plain function call), iter.Pull
// (producer and consumer are coroutines, and each value is a switch between
// them inside Go's runtime), and a goroutine sending on an unbuffered
// channel (each value is a hand-off through the scheduler, and often a
// wake-up of a goroutine on another core).
//
// Run it with go run ./demos/coroutines; -h lists the flags.
package main

import (
	"context"
	"iter"
	"strings"
	"time"

	"github.com/concurrency-primer/site/demos/internal/measure"
	"github.com/concurrency-primer/site/internal/results"
)

// region producer

// values yields n pseudo-random values: the producer.
func values(n int) iter.Seq[uint64] {
	return func(yield func(uint64) bool) {
		x := uint64(88172645463325252)
		for range n {
			x ^= x << 13
			x ^= x >> 7
			x ^= x << 17
			if !yield(x) {
				return
			}
		}
	}
}

// endregion

func main() {
	d := &coroutinesDemo{}
	d.demo().Main()
}

// coroutinesDemo holds the size the setup chose.
type coroutinesDemo struct{ n int }

// order is the expected ranking, cheapest first.
var order = []string{"push", "pull", "channel"}

// demo declares the demo: its size, strategies and expected shape.
func (d *coroutinesDemo) demo() *measure.Demo {
	return &measure.Demo{
		Name:     "coroutines",
		Title:    "yielding control: push iterator vs iter.Pull vs goroutine + channel",
		Expected: "push < Pull < unbuffered channel",
		Repeats:  3, // the channel takes about 0.6 s a run
		Setup:    d.setup,
		Strategies: []measure.Strategy{
			{Name: "push", Label: "range over func: a call per value", Run: d.push},
			{Name: "pull", Label: "iter.Pull: a coroutine switch per value", Run: d.pull},
			{Name: "channel", Label: "goroutine + unbuffered channel", Run: d.channel},
		},
		Claims: []measure.Claim{ranked()},
	}
}

// ranked claims that the strategies' medians rank as order says.
func ranked() measure.Claim {
	return measure.Claim{
		Text: "push < pull < channel",
		Eval: func(res *results.Results) (string, bool) {
			var got []string
			ok := true
			prev := -1.0
			for _, name := range order {
				s, found := res.Lookup(name)
				if !found || s.Unavailable != "" {
					return "not run", false
				}
				got = append(got, name+" "+measure.Seconds(s.MedianS))
				ok = ok && s.MedianS > prev
				prev = s.MedianS
			}
			return strings.Join(got, ", "), ok
		},
	}
}

func (d *coroutinesDemo) setup(ctx context.Context, o measure.Options) (map[string]float64, error) {
	d.n = 2_000_000
	if o.Quick {
		d.n = 20_000
	}
	return map[string]float64{"values": float64(d.n)}, nil
}

// perValue records the cost of one value.
func (d *coroutinesDemo) perValue(r *measure.Run, start time.Time) {
	r.Metric("per_value_s", time.Since(start).Seconds()/float64(d.n))
}

// region strategies
func (d *coroutinesDemo) push(ctx context.Context, r *measure.Run) (any, error) {
	start := time.Now()
	var sum uint64
	for v := range values(d.n) { // the loop body is the yield function
		sum += v
	}
	d.perValue(r, start)
	return sum, nil
}

func (d *coroutinesDemo) pull(ctx context.Context, r *measure.Run) (any, error) {
	start := time.Now()
	next, stop := iter.Pull(values(d.n))
	defer stop()
	var sum uint64
	for {
		v, ok := next() // switch to the producer until it yields
		if !ok {
			break
		}
		sum += v
	}
	d.perValue(r, start)
	return sum, nil
}

func (d *coroutinesDemo) channel(ctx context.Context, r *measure.Run) (any, error) {
	start := time.Now()
	ch := make(chan uint64) // unbuffered: every send waits for its receive
	go func() {
		defer close(ch)
		for v := range values(d.n) {
			ch <- v
		}
	}()
	var sum uint64
	for v := range ch {
		sum += v
	}
	d.perValue(r, start)
	return sum, nil
}

// endregion
