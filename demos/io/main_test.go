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
	worker.Main(doing)
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
	d := &ioDemo{n: 12, wait: 2 * time.Millisecond}
	var want uint64
	for i := range uint64(d.n) {
		want += reply(i)
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
			if got != want {
				t.Errorf("got %v, want %v", got, want)
			}
			if n := len(r.Events()); n != d.n {
				t.Errorf("%d timeline events for %d tasks", n, d.n)
			}
		})
	}
}

func TestLimitsLeaveRoom(t *testing.T) {
	for _, tc := range []struct {
		l    limits
		want int
	}{
		{limits{nofile: 1024, somaxconn: 4096}, (1024 - fdMargin) / 2},
		{limits{nofile: 1 << 20, somaxconn: 128}, 128},
		{limits{nofile: 10, somaxconn: 128}, 1},
	} {
		if got := tc.l.tasks(); got != tc.want {
			t.Errorf("%+v: %d tasks, want %d", tc.l, got, tc.want)
		}
	}
}

func TestQuickRun(t *testing.T) {
	settled(t)
	path := filepath.Join(t.TempDir(), "results.json")
	t.Setenv("DEMO_RESULTS", path)
	var stdout, stderr bytes.Buffer
	if code := (&ioDemo{}).demo().Exec(context.Background(), []string{"-quick"}, &stdout, &stderr); code != 0 {
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
	for _, name := range []string{"sequential", "threads", "goroutines", "processes", "event-loop"} {
		if s, ok := res.Lookup(name); !ok || (s.Unavailable == "" && len(s.RunsS) != 2) {
			t.Errorf("strategy %s: %+v", name, s)
		}
	}
	if len(res.Check.Claims) != 5 || res.Params["tasks"] != 8 || res.Params["rlimit_nofile"] == 0 {
		t.Errorf("results lack the claims or the params: %+v", res)
	}
}
