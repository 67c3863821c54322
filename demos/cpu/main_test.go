package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/concurrency-primer/site/demos/internal/measure"
	"github.com/concurrency-primer/site/demos/internal/worker"
	"github.com/concurrency-primer/site/internal/results"
)

func TestMain(m *testing.M) {
	worker.Main(working)
	os.Exit(m.Run())
}

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
	d := &cpuDemo{procs: 2}
	for i := range 5 {
		d.tasks = append(d.tasks, task{Seed: uint64(i), Rounds: 30_000 + i*1000})
	}
	want, err := d.sequential(context.Background(), measure.NewRun())
	if err != nil {
		t.Fatal(err)
	}
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
			if !slices.Equal(got.([]uint64), want.([]uint64)) {
				t.Errorf("got %v, want %v", got, want)
			}
			if n := len(r.Events()); n < len(d.tasks) {
				t.Errorf("%d timeline events for %d tasks", n, len(d.tasks))
			}
		})
	}
}

func TestQuickRun(t *testing.T) {
	settled(t)
	path := filepath.Join(t.TempDir(), "results.json")
	t.Setenv("DEMO_RESULTS", path)
	d := &cpuDemo{procs: 2}
	var stdout, stderr bytes.Buffer
	if code := d.demo().Exec(context.Background(), []string{"-quick"}, &stdout, &stderr); code != 0 {
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
	for _, name := range []string{"sequential", "threads-gil", "threads", "goroutines", "processes", "event-loop"} {
		s, ok := res.Lookup(name)
		if !ok || (s.Unavailable == "" && len(s.RunsS) != 2) {
			t.Errorf("strategy %s: %+v", name, s)
		}
	}
	if res.Ideal == nil || len(res.Check.Claims) != 5 || res.Params["tasks"] != 4 {
		t.Errorf("results lack the ideal, the claims or the params: %+v", res)
	}
}
