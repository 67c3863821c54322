// Command fanout shows why a program that calls a slow service limits how
// many calls it has in flight: 10,000 requests, each holding a 4 KiB body,
// sent to a service that serves 100 at once, either all at once (a
// goroutine per request) or at most 100 at a time (a semaphore, an
// errgroup with SetLimit, or 100 workers reading a bounded channel). It
// reports the completion time, the peak memory and each request's latency
// at the median and the 99th percentile.
//
// The service is simulated in the process, with a timer per request, so
// that the machine's two cores are not what limits it. What makes the
// comparison honest is what the simulation assumes, stated here: the
// service serves at most 100 requests at once and queues the rest in
// order, as a server with 100 workers or a database with 100 connections
// does; and its backlog costs it, each 100 requests waiting adding 2% of
// the base time to every request it serves (a real server's backlog costs
// memory, locks and scheduling). Without that cost the service would finish
// the batch in the same time however it was sent, and unbounded fan-out
// would lose only memory and latency; with it, it loses time as well. The
// numbers follow from those two assumptions; what the demo measures is
// what each way of sending does with them.
//
// Latency is what the caller times around its call to the service: with a
// limit, a request also waits for its turn before it is sent, which the
// completion time includes. Memory is what Go's runtime holds, heap objects
// and goroutine stacks, sampled every millisecond, above what it held
// before the run.
//
// Run it with go run ./demos/fanout; -h lists the flags.
package main

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/concurrency-primer/site/demos/internal/measure"
	"github.com/concurrency-primer/site/internal/results"
)

// bodyBytes is the size of a request's body, held by its caller until the
// reply comes.
const bodyBytes = 4 << 10

func main() {
	d := &fanoutDemo{}
	d.demo().Main()
}

// fanoutDemo holds the sizes the setup chose.
type fanoutDemo struct {
	n        int           // requests
	limit    int           // requests in flight at once, when limited
	capacity int           // requests the service serves at once
	base     time.Duration // the service's time for one request, without backlog
	backlog  float64       // added fraction of base per capacity's worth queued
}

// demo declares the demo: its sizes, strategies and expected shape.
func (d *fanoutDemo) demo() *measure.Demo {
	return &measure.Demo{
		Name:     "fanout",
		Title:    "fan-out to a slow service: all at once, or a limited number in flight",
		Expected: "limited 1.4-2.6x faster than unbounded; unbounded >= 5x the peak memory and >= 10x the median latency of semaphore; limited p99 <= 3 base; at most limit in flight",
		Baseline: "unbounded",
		Repeats:  3,
		Setup:    d.setup,
		Warmup:   func(ctx context.Context) error { _, err := d.semaphore(ctx, measure.NewRun()); return err },
		Strategies: []measure.Strategy{
			{Name: "unbounded", Label: "a goroutine per request, all at once", Run: d.unbounded},
			{Name: "semaphore", Label: "a goroutine per request, a buffered channel of limit tokens", Run: d.semaphore},
			{Name: "errgroup", Label: "errgroup.Group with SetLimit(limit)", Run: d.errgroup},
			{Name: "workers", Label: "limit workers reading a bounded channel", Run: d.workers},
		},
		Claims: []measure.Claim{
			// The model gives the band: unbounded, the service's queue
			// starts at n - capacity and shrinks by one per reply, so a
			// request costs 1 + backlog × (n - capacity) / (2 capacity)
			// base on average, 1.99 base at the default sizes, against
			// one base when the limit keeps the queue empty. Timer
			// overhead, the same per request, pulls the ratio down;
			// starting 10,000 goroutines at once adds to unbounded's
			// time. 1.4-2.6 leaves room for both on a loaded machine.
			measure.Speedup("semaphore", 1.4, 2.6),
			measure.Speedup("errgroup", 1.4, 2.6),
			measure.Speedup("workers", 1.4, 2.6),
			// Unbounded holds every body and goroutine at once (up to
			// 10,000 times about 4 KiB plus a stack: 60 MiB or so); a
			// limited way holds 100 of each, but its peak is mostly the
			// garbage of bodies already answered, which the collector
			// lets grow to its minimum heap of 4 MiB before it runs.
			// That puts the ratio near 15x, not 100x; 5x is a floor a
			// collection at an unlucky moment cannot break.
			measure.MetricRatio("unbounded_per_semaphore_memory_x", "peak_memory_bytes", "unbounded", "semaphore", 5, math.Inf(1)),
			// Unbounded, the median request waits in the service's queue
			// for half the batch; limited, it is served at once: the
			// model says about 100x at the default sizes.
			measure.MetricRatio("unbounded_per_semaphore_p50_x", "p50_latency_s", "unbounded", "semaphore", 10, math.Inf(1)),
			// Limited to the service's capacity, no request waits in its
			// queue: even the 99th percentile is one base time plus the
			// timer's lateness, which on a loaded machine can reach a
			// millisecond or two.
			d.latencyWithin("semaphore"),
			d.latencyWithin("workers"),
			d.inFlightWithin("semaphore"),
			d.inFlightWithin("errgroup"),
			d.inFlightWithin("workers"),
		},
	}
}

// latencyWithin claims that strategy's median p99 latency is at most three
// base times.
func (d *fanoutDemo) latencyWithin(strategy string) measure.Claim {
	return measure.Claim{
		Text: strategy + " p99 latency <= 3 base",
		Eval: func(res *results.Results) (string, bool) {
			s, ok := res.Lookup(strategy)
			if !ok || s.Unavailable != "" {
				return "not run", false
			}
			got, hi := s.Metrics["p99_latency_s"], 3*res.Params["base_s"]
			return fmt.Sprintf("%s (want <= %s)", measure.Seconds(got), measure.Seconds(hi)), got <= hi
		},
	}
}

// inFlightWithin claims that strategy never had more than limit requests
// inside the service in any repeat.
func (d *fanoutDemo) inFlightWithin(strategy string) measure.Claim {
	return measure.Claim{
		Text: strategy + " in flight <= limit",
		Eval: func(res *results.Results) (string, bool) {
			s, ok := res.Lookup(strategy)
			if !ok || s.Unavailable != "" {
				return "not run", false
			}
			got, hi := s.Metrics["max_peak_in_flight"], res.Params["limit"]
			return fmt.Sprintf("%.0f (want <= %.0f)", got, hi), got >= 1 && got <= hi
		},
	}
}

func (d *fanoutDemo) setup(ctx context.Context, o measure.Options) (map[string]float64, error) {
	d.n, d.limit, d.capacity, d.base, d.backlog = 10_000, 100, 100, 2*time.Millisecond, 0.02
	if o.Quick {
		d.n, d.limit, d.capacity, d.base = 1_000, 20, 20, time.Millisecond
	}
	return map[string]float64{
		"requests":    float64(d.n),
		"limit":       float64(d.limit),
		"capacity":    float64(d.capacity),
		"base_s":      d.base.Seconds(),
		"backlog_pct": 100 * d.backlog,
		"body_bytes":  bodyBytes,
	}, nil
}
