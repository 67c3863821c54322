package main

import (
	"context"
	"testing"
	"time"

	"github.com/concurrency-primer/site/demos/internal/demotest"
	"github.com/concurrency-primer/site/demos/internal/measure"
	"github.com/concurrency-primer/site/internal/results"
)

func TestMain(m *testing.M) { demotest.Main(m, main) }

func TestStrategiesAgree(t *testing.T) {
	d := &gilDemo{tasks: 3, rounds: 200_000}
	want, err := d.sequential(context.Background(), measure.NewRun())
	if err != nil {
		t.Fatal(err)
	}
	demotest.Agree(t, d.demo(), want, func(t *testing.T, _ measure.Strategy, _ any, r *measure.Run) {
		if len(r.Events()) < d.tasks {
			t.Errorf("%d timeline events for %d tasks", len(r.Events()), d.tasks)
		}
	})
}

// TestHeldSpansDoNotOverlap checks the timeline the GIL strategy records: at
// most one thread computes at any moment.
func TestHeldSpansDoNotOverlap(t *testing.T) {
	d := &gilDemo{tasks: 4, rounds: 2_000_000}
	r := measure.NewRun()
	if _, err := d.withGIL(20*time.Microsecond)(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	ev := r.Events()
	if len(ev) <= d.tasks {
		t.Fatalf("only %d spans: the lock never changed hands", len(ev))
	}
	for i, a := range ev {
		for _, b := range ev[i+1:] {
			if a.Worker != b.Worker && a.StartS < b.EndS && b.StartS < a.EndS {
				// Spans are taken just outside the lock's hand-over, so
				// neighbours may touch; they must not overlap by more than
				// the clock reads between them.
				if overlap := min(a.EndS, b.EndS) - max(a.StartS, b.StartS); overlap > 1e-3 {
					t.Errorf("threads %d and %d both held the lock for %v s", a.Worker, b.Worker, overlap)
				}
			}
		}
	}
	if m := r.Metrics()["switches"]; m <= float64(d.tasks) {
		t.Errorf("switches = %v, want more than %d", m, d.tasks)
	}
}

func TestQuickRun(t *testing.T) {
	res, _ := demotest.QuickRun(t, (&gilDemo{}).demo())
	if len(res.Timeline) == 0 {
		t.Errorf("results lack the timeline: %+v", res)
	}
	if s, ok := res.Lookup("gil-released"); !ok || s.MedianS <= 0 {
		t.Errorf("results lack gil-released: %+v", s)
	}
	for _, name := range []string{"gil-5ms", "gil-50us"} {
		if s, _ := res.Lookup(name); s.Metrics["held_s"] <= 0 {
			t.Errorf("strategy %s reports no interval held: %+v", name, s.Metrics)
		}
	}
}

// TestReleasedTakesTheLockTwicePerTask checks that gil-released holds the
// lock only to read its arguments and to store its result, not to compute.
func TestReleasedTakesTheLockTwicePerTask(t *testing.T) {
	d := &gilDemo{tasks: 4, rounds: 100_000}
	r := measure.NewRun()
	if _, err := d.released(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	if got, want := r.Metrics()["switches"], float64(2*d.tasks); got != want {
		t.Errorf("switches = %v, want %v", got, want)
	}
}

func TestParallelClaim(t *testing.T) {
	for _, tc := range []struct {
		name    string
		cores   int
		procs   int
		speedup float64
		ok      bool
	}{
		{"two cores, parallel", 2, 2, 1.8, true},
		{"two cores, serialised", 2, 2, 1.1, false},
		{"one core: nothing to show", 1, 1, 1.0, true},
		{"two cores, GOMAXPROCS 1", 2, 1, 1.0, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := &results.Results{
				Env:        results.Env{Cores: tc.cores, GOMAXPROCS: tc.procs},
				Strategies: []results.Strategy{{Name: "gil-released", Speedup: tc.speedup}},
			}
			if got, ok := parallel("gil-released", 1.5).Eval(res); ok != tc.ok {
				t.Errorf("Eval = %q, %v; want ok %v", got, ok, tc.ok)
			}
		})
	}
}
