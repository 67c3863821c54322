package main

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/concurrency-primer/site/demos/internal/demotest"
	"github.com/concurrency-primer/site/demos/internal/measure"
)

func TestMain(m *testing.M) { demotest.Main(m, main) }

func TestStrategiesAgree(t *testing.T) {
	d := &c10kDemo{n: 300, wait: time.Millisecond, threadCap: 40}
	want := uint64(d.n * (d.n + 1) / 2)
	demotest.Agree(t, d.demo(), want, func(t *testing.T, _ measure.Strategy, _ any, r *measure.Run) {
		if m := r.Metrics(); m["os_threads"] < 1 || m["units_at_once"] < 1 {
			t.Errorf("metrics not recorded: %v", m)
		}
	})
}

func TestThreadsGetOneThreadEach(t *testing.T) {
	if _, err := os.Stat("/proc/self/task"); err != nil {
		t.Skip("no /proc/self/task to count threads")
	}
	demotest.Settled(t)
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
	res, out := demotest.QuickRun(t, (&c10kDemo{}).demo())
	if !strings.Contains(out, "note: threads are capped at 50 ") {
		t.Errorf("the report lacks the note on the thread cap:\n%s", out)
	}
	for _, s := range res.Strategies {
		if s.Unavailable == "" && s.Metrics["memory_per_unit_bytes"] <= 0 {
			t.Errorf("strategy %s reports no memory per unit: %+v", s.Name, s.Metrics)
		}
	}
	if res.Metrics["thread_per_goroutine_memory_x"] <= 0 {
		t.Errorf("results lack thread_per_goroutine_memory_x: %+v", res.Metrics)
	}
	if el, _ := res.Lookup("event-loop"); el.Unavailable == "" && res.Metrics["thread_per_event_loop_memory_x"] <= 0 {
		t.Errorf("results lack thread_per_event_loop_memory_x: %+v", res.Metrics)
	}
	if res.Params["thread_cap"] != 50 || res.Params["go_max_threads"] == 0 {
		t.Errorf("results lack the params: %+v", res.Params)
	}
}
