package main

import (
	"testing"
	"time"

	"github.com/concurrency-primer/site/demos/internal/demotest"
	"github.com/concurrency-primer/site/demos/internal/measure"
)

func TestMain(m *testing.M) { demotest.Main(m, main) }

// TestWindows runs every window; demotest.Settled also checks that the echo
// server's listener and connections are closed.
func TestWindows(t *testing.T) {
	d := &convoyDemo{window: 20 * time.Millisecond, interval: time.Millisecond}
	demotest.Agree(t, d.demo(), nil, func(t *testing.T, _ measure.Strategy, _ any, r *measure.Run) {
		if ops := r.Metrics()["ops_per_s"]; ops <= 0 {
			t.Errorf("ops_per_s = %v, want some I/O", ops)
		}
	})
}

func TestQuickRun(t *testing.T) {
	d := &convoyDemo{window: 500 * time.Millisecond, interval: 5 * time.Millisecond}
	res, _ := demotest.QuickRun(t, d.demo())
	if res.Params["window_s"] != 0.05 || res.Metrics["cpu_gil_ratio_x"] <= 0 {
		t.Errorf("unexpected results: %+v", res)
	}
}
