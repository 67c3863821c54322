package main

import (
	"context"
	"testing"
	"time"

	"github.com/concurrency-primer/site/demos/internal/demotest"
	"github.com/concurrency-primer/site/demos/internal/measure"
)

func TestMain(m *testing.M) { demotest.Main(m, main, doing) }

func TestStrategiesAgree(t *testing.T) {
	d := &ioDemo{n: 12, wait: 2 * time.Millisecond}
	var want uint64
	for i := range uint64(d.n) {
		want += reply(i)
	}
	demotest.Agree(t, d.demo(), want, func(t *testing.T, _ measure.Strategy, _ any, r *measure.Run) {
		if n := len(r.Events()); n != d.n {
			t.Errorf("%d timeline events for %d tasks", n, d.n)
		}
	})
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
	res, _ := demotest.QuickRun(t, (&ioDemo{}).demo())
	if res.Params["tasks"] != 8 || res.Params["rlimit_nofile"] == 0 {
		t.Errorf("results lack the params: %+v", res.Params)
	}
}

// TestThreadsGILReleaseAroundWaits checks that threads-gil lets the lock go
// around each of a task's waits (the timer, the connect, the read), so that
// every task takes it at least four times; a thread that held it across its
// waits would take it once.
func TestThreadsGILReleaseAroundWaits(t *testing.T) {
	if threadsUnavailable != "" {
		t.Skip(threadsUnavailable)
	}
	d := &ioDemo{n: 6, wait: 2 * time.Millisecond}
	r := measure.NewRun()
	if _, err := d.threadsGIL(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	if got, want := r.Metrics()["switches"], float64(4*d.n); got < want {
		t.Errorf("switches = %v, want >= %v", got, want)
	}
}
