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

// settled fails t when a goroutine, a child process or a descriptor (the
// echo server's listener and connections) outlives the test.
func settled(t *testing.T) {
	base := runtime.NumGoroutine()
	fds := openFiles()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := worker.Settle(ctx, base); err != nil {
			t.Error(err)
		}
		if n := openFiles(); n > fds {
			t.Errorf("%d descriptors open, %d before", n, fds)
		}
	})
}

// openFiles counts this process's descriptors, or returns 0 without /proc.
func openFiles() int {
	fds, _ := os.ReadDir("/proc/self/fd")
	return len(fds)
}

func TestWindows(t *testing.T) {
	d := &convoyDemo{window: 20 * time.Millisecond, interval: time.Millisecond}
	for _, s := range d.demo().Strategies {
		t.Run(s.Name, func(t *testing.T) {
			settled(t)
			r := measure.NewRun()
			if _, err := s.Run(context.Background(), r); err != nil {
				t.Fatal(err)
			}
			if ops := r.Metrics()["ops_per_s"]; ops <= 0 {
				t.Errorf("ops_per_s = %v, want some I/O", ops)
			}
		})
	}
}

func TestQuickRun(t *testing.T) {
	settled(t)
	path := filepath.Join(t.TempDir(), "results.json")
	t.Setenv("DEMO_RESULTS", path)
	var stdout, stderr bytes.Buffer
	d := &convoyDemo{window: 500 * time.Millisecond, interval: 5 * time.Millisecond}
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
	if res.Params["window_s"] != 0.05 || len(res.Strategies) != 4 || res.Metrics["cpu_gil_ratio_x"] <= 0 {
		t.Errorf("unexpected results: %+v", res)
	}
}
