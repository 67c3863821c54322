package main

import (
	"context"
	"testing"
	"time"

	"github.com/concurrency-primer/site/demos/internal/demotest"
	"github.com/concurrency-primer/site/demos/internal/measure"
)

func TestMain(m *testing.M) { demotest.Main(m, main) }

func TestStrategiesAgree(t *testing.T) {
	d := &fanoutDemo{n: 300, limit: 10, capacity: 10, base: 100 * time.Microsecond, backlog: 0.02}
	var want uint64
	for id := range d.n {
		want += reply(id, newBody(id))
	}
	demotest.Agree(t, d.demo(), want, func(t *testing.T, s measure.Strategy, _ any, r *measure.Run) {
		m := r.Metrics()
		for _, k := range []string{"peak_memory_bytes", "p50_latency_s", "p99_latency_s"} {
			if _, ok := m[k]; !ok {
				t.Errorf("no %s recorded: %v", k, m)
			}
		}
		if s.Name != "unbounded" && (m["peak_in_flight"] < 1 || m["peak_in_flight"] > float64(d.limit)) {
			t.Errorf("%v requests in flight at once, limit %d", m["peak_in_flight"], d.limit)
		}
	})
}

// TestServiceQueues checks the simulation: the service serves at most
// capacity requests at once and queues the rest, and a cancelled context
// ends both the served and the queued calls.
func TestServiceQueues(t *testing.T) {
	s := newService(1, time.Hour, 0)
	ctx, cancel := context.WithCancel(context.Background())
	errs := make(chan error, 3)
	for id := range 3 {
		go func() { _, err := s.call(ctx, id, newBody(id)); errs <- err }()
	}
	for s.inFlight.Load() < 3 || s.queued.Load() < 2 {
		time.Sleep(time.Millisecond)
	}
	if len(s.slots) != 1 || s.peak.Load() != 3 {
		t.Errorf("%d served, peak %d; want 1 served of 3", len(s.slots), s.peak.Load())
	}
	cancel()
	for range 3 {
		if err := <-errs; err != context.Canceled {
			t.Errorf("call returned %v, want context.Canceled", err)
		}
	}
	if len(s.slots) != 0 || s.queued.Load() != 0 || s.inFlight.Load() != 0 {
		t.Errorf("the service holds requests after every call ended: %d served, %d queued, %d in flight",
			len(s.slots), s.queued.Load(), s.inFlight.Load())
	}
}

func TestQuickRun(t *testing.T) {
	res, _ := demotest.QuickRun(t, (&fanoutDemo{}).demo())
	if res.Params["requests"] != 1000 || res.Params["limit"] != 20 {
		t.Errorf("results lack the params: %+v", res.Params)
	}
	if res.Metrics["unbounded_per_semaphore_memory_x"] <= 0 || res.Metrics["unbounded_per_semaphore_p50_x"] <= 0 {
		t.Errorf("results lack the ratios: %+v", res.Metrics)
	}
}
