package main

import (
	"sync"
	"testing"
	"time"

	"github.com/concurrency-primer/site/demos/internal/demotest"
	"github.com/concurrency-primer/site/demos/internal/measure"
)

func TestMain(m *testing.M) { demotest.Main(m, main) }

func TestStrategiesAgree(t *testing.T) {
	d := &cancelDemo{n: 50, spin: 100, pause: time.Millisecond, run: 5 * time.Millisecond}
	demotest.Agree(t, d.demo(), d.n, func(t *testing.T, _ measure.Strategy, _ any, r *measure.Run) {
		m := r.Metrics()
		if m["still_running"] != 0 {
			t.Errorf("%v tasks still running after the stop", m["still_running"])
		}
		if _, ok := m["stop_s"]; !ok {
			t.Errorf("no stop_s recorded: %v", m)
		}
	})
}

// TestStoppedCountsTheRunning checks that a task that ignores the signal
// is counted as still running once the bound passes, and is waited for.
func TestStoppedCountsTheRunning(t *testing.T) {
	var tasks tracker
	var wg sync.WaitGroup
	release := make(chan struct{})
	wg.Go(tasks.track(func() { <-release }))
	wg.Go(tasks.track(func() {}))
	r := measure.NewRun()
	go func() {
		// Let the stuck task go once it has been counted, which happens
		// when the 10 ms bound passes.
		for _, ok := r.Metrics()["still_running"]; !ok; _, ok = r.Metrics()["still_running"] {
			time.Sleep(time.Millisecond)
		}
		close(release)
	}()
	got := tasks.stopped(r, time.Now(), 10*time.Millisecond, wg.Wait)
	if still := r.Metrics()["still_running"]; got != 1 || still != 1 {
		t.Errorf("stopped = %d, still_running = %v; want 1 and 1", got, still)
	}
}

func TestQuickRun(t *testing.T) {
	res, _ := demotest.QuickRun(t, (&cancelDemo{}).demo())
	for _, s := range res.Strategies {
		if _, ok := s.Metrics["max_still_running"]; !ok {
			t.Errorf("strategy %s reports no still_running: %+v", s.Name, s.Metrics)
		}
	}
	if res.Params["tasks"] != 100 {
		t.Errorf("results lack the params: %+v", res.Params)
	}
}
