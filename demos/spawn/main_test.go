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

func TestMain(m *testing.M) {
	worker.Main(answering)
	os.Exit(m.Run())
}

// settled fails t when a goroutine or a child process outlives the test.
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
	d := &spawnDemo{n: 5}
	want := uint64(1 + 2 + 5 + 10 + 17)
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
			if v := r.Metrics()["per_unit_s"]; v <= 0 {
				t.Errorf("per_unit_s = %v", v)
			}
		})
	}
}

func TestQuickRun(t *testing.T) {
	settled(t)
	path := filepath.Join(t.TempDir(), "results.json")
	t.Setenv("DEMO_RESULTS", path)
	var stdout, stderr bytes.Buffer
	if code := (&spawnDemo{}).demo().Exec(context.Background(), []string{"-quick"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr.String())
	}
	res, err := results.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"call", "goroutine", "thread", "process"} {
		if s, ok := res.Lookup(name); !ok || len(s.RunsS) != 2 {
			t.Errorf("strategy %s: %+v", name, s)
		}
	}
	for _, m := range []string{"goroutine_per_call_x", "thread_per_goroutine_x", "process_per_thread_x"} {
		if res.Metrics[m] <= 0 {
			t.Errorf("metric %s = %v", m, res.Metrics[m])
		}
	}
}
