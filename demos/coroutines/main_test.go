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
	d := &coroutinesDemo{n: 1000}
	var want uint64
	x := uint64(88172645463325252)
	for range d.n {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		want += x
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
			if _, ok := r.Metrics()["per_value_s"]; !ok {
				t.Error("no per_value_s metric")
			}
		})
	}
}

func TestRankedClaim(t *testing.T) {
	for _, tc := range []struct {
		push, pull, channel float64
		ok                  bool
	}{
		{1, 2, 3, true},
		{1, 3, 2, false},
		{2, 2, 3, false},
	} {
		res := &results.Results{Strategies: []results.Strategy{
			{Name: "push", MedianS: tc.push}, {Name: "pull", MedianS: tc.pull}, {Name: "channel", MedianS: tc.channel},
		}}
		if _, ok := ranked().Eval(res); ok != tc.ok {
			t.Errorf("%+v: claim held = %v", tc, ok)
		}
	}
}

func TestQuickRun(t *testing.T) {
	settled(t)
	path := filepath.Join(t.TempDir(), "results.json")
	t.Setenv("DEMO_RESULTS", path)
	var stdout, stderr bytes.Buffer
	if code := (&coroutinesDemo{}).demo().Exec(context.Background(), []string{"-quick"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr.String())
	}
	res, err := results.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range order {
		if s, ok := res.Lookup(name); !ok || len(s.RunsS) != 2 {
			t.Errorf("strategy %s: %+v", name, s)
		}
	}
	if res.Params["values"] != 20_000 || len(res.Check.Claims) != 1 {
		t.Errorf("results lack the params or the claim: %+v", res)
	}
}
