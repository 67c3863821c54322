package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/concurrency-primer/site/demos/internal/measure"
	"github.com/concurrency-primer/site/demos/internal/worker"
	"github.com/concurrency-primer/site/internal/results"
)

// settled fails t when a goroutine or a child process outlives the test.
func settled(t *testing.T) {
	base := runtime.NumGoroutine()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := worker.Settle(ctx, base); err != nil {
			t.Error(err)
		}
	})
}

func TestStrategiesAgree(t *testing.T) {
	d := &gilDemo{tasks: 3, rounds: 200_000}
	want, err := d.sequential(context.Background(), measure.NewRun())
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range d.demo().Strategies {
		t.Run(s.Name, func(t *testing.T) {
			settled(t)
			r := measure.NewRun()
			got, err := s.Run(context.Background(), r)
			if err != nil {
				t.Fatal(err)
			}
			if got != want {
				t.Errorf("got %v, want %v", got, want)
			}
			if len(r.Events()) < d.tasks {
				t.Errorf("%d timeline events for %d tasks", len(r.Events()), d.tasks)
			}
		})
	}
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
	settled(t)
	path := filepath.Join(t.TempDir(), "results.json")
	t.Setenv("DEMO_RESULTS", path)
	var stdout, stderr bytes.Buffer
	if code := (&gilDemo{}).demo().Exec(context.Background(), []string{"-quick"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr.String())
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	res, err := results.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"sequential", "gil-5ms", "gil-50us"} {
		if s, ok := res.Lookup(name); !ok || len(s.RunsS) != 2 {
			t.Errorf("strategy %s: %+v", name, s)
		}
	}
	if len(res.Check.Claims) != 4 || len(res.Timeline) == 0 {
		t.Errorf("results lack claims or timeline: %+v", res.Check)
	}
}
