package main

import (
	"bytes"
	"context"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/concurrency-primer/site/demos/internal/measure"
	"github.com/concurrency-primer/site/demos/internal/worker"
	"github.com/concurrency-primer/site/internal/results"
)

// settled fails t when a goroutine outlives the test.
func settled(t *testing.T) {
	base := runtime.NumGoroutine()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := worker.Settle(ctx, base); err != nil {
			t.Error(err)
		}
	})
}

func TestStrategiesAgree(t *testing.T) {
	d := &blockingDemo{plan: plan{timers: 30, period: time.Millisecond, hogAt: 5 * time.Millisecond, hog: 10 * time.Millisecond, rounds: 100_000}}
	want := answer{Fired: 30, Spin: spin(100_000)}
	procs := runtime.GOMAXPROCS(0)
	for _, s := range d.demo().Strategies {
		t.Run(s.Name, func(t *testing.T) {
			if s.Unavailable != "" {
				t.Skip(s.Unavailable)
			}
			settled(t)
			r := measure.NewRun()
			got, err := s.Run(context.Background(), r)
			if err != nil {
				t.Fatal(err)
			}
			if got != want {
				t.Errorf("got %+v, want %+v", got, want)
			}
			if n := len(r.Events()); n != 31 {
				t.Errorf("%d timeline events, want 30 timers and the hog", n)
			}
			if _, ok := r.Metrics()["max_lateness_s"]; !ok {
				t.Error("no max_lateness_s metric")
			}
			if p := runtime.GOMAXPROCS(0); p != procs {
				t.Errorf("GOMAXPROCS left at %d, was %d", p, procs)
			}
		})
	}
}

func TestQuickRun(t *testing.T) {
	settled(t)
	path := filepath.Join(t.TempDir(), "results.json")
	t.Setenv("DEMO_RESULTS", path)
	var stdout, stderr bytes.Buffer
	if code := (&blockingDemo{}).demo().Exec(context.Background(), []string{"-quick"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr.String())
	}
	res, err := results.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"event-loop", "goroutines", "goroutines-1p"} {
		s, ok := res.Lookup(name)
		if !ok || (s.Unavailable == "" && len(s.RunsS) != 2) {
			t.Errorf("strategy %s: %+v", name, s)
		}
	}
	if res.Params["timers"] != 20 || len(res.Check.Claims) != 3 {
		t.Errorf("results lack the params or the claims: %+v", res)
	}
}
