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
	d := &c10kDemo{n: 300, wait: time.Millisecond, threadCap: 40}
	want := uint64(d.n * (d.n + 1) / 2)
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
				t.Errorf("got %v, want %v", got, want)
			}
			m := r.Metrics()
			if m["os_threads"] < 1 || m["units_at_once"] < 1 {
				t.Errorf("metrics not recorded: %v", m)
			}
		})
	}
}

func TestThreadsGetOneThreadEach(t *testing.T) {
	if _, err := os.Stat("/proc/self/task"); err != nil {
		t.Skip("no /proc/self/task to count threads")
	}
	settled(t)
	// One turn of waits long enough that none has ended when the threads
	// are counted, right after the last one started waiting.
	d := &c10kDemo{n: 50, wait: 300 * time.Millisecond, threadCap: 50}
	r := measure.NewRun()
	if _, err := d.threads(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	if got := r.Metrics()["os_threads"]; got < 50 {
		t.Errorf("%v OS threads while 50 locked goroutines waited", got)
	}
}

func TestLimits(t *testing.T) {
	for _, tc := range []struct {
		l    limits
		want int
	}{
		{limits{goMax: 10000}, 10000 - margin},
		{limits{goMax: 10000, nproc: 1000}, 1000/2 - margin},
		{limits{goMax: 10000, threadsMax: 400}, 100},
		{limits{goMax: 10, nproc: 10}, 1},
	} {
		if got := tc.l.threads(); got != tc.want {
			t.Errorf("%+v: %d threads, want %d", tc.l, got, tc.want)
		}
	}
}

func TestQuickRun(t *testing.T) {
	settled(t)
	path := filepath.Join(t.TempDir(), "results.json")
	t.Setenv("DEMO_RESULTS", path)
	var stdout, stderr bytes.Buffer
	if code := (&c10kDemo{}).demo().Exec(context.Background(), []string{"-quick"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr.String())
	}
	res, err := results.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"goroutines", "event-loop", "threads"} {
		s, ok := res.Lookup(name)
		if !ok || (s.Unavailable == "" && (len(s.RunsS) != 2 || s.Metrics["memory_per_unit_bytes"] <= 0)) {
			t.Errorf("strategy %s: %+v", name, s)
		}
	}
	if res.Params["thread_cap"] != 50 || res.Params["go_max_threads"] == 0 || len(res.Check.Claims) != 5 {
		t.Errorf("results lack the params or the claims: %+v", res)
	}
}
