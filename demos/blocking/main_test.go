package main

import (
	"testing"
	"time"

	"github.com/concurrency-primer/site/demos/internal/demotest"
	"github.com/concurrency-primer/site/demos/internal/measure"
)

func TestMain(m *testing.M) { demotest.Main(m, main) }

func TestStrategiesAgree(t *testing.T) {
	d := &blockingDemo{plan: plan{timers: 30, period: time.Millisecond, hogAt: 5 * time.Millisecond, hog: 10 * time.Millisecond, rounds: 100_000}}
	want := answer{Fired: 30, Spin: spin(100_000)}
	demotest.Agree(t, d.demo(), want, func(t *testing.T, _ measure.Strategy, _ any, r *measure.Run) {
		if n := len(r.Events()); n != 31 {
			t.Errorf("%d timeline events, want 30 timers and the hog", n)
		}
		if _, ok := r.Metrics()["max_lateness_s"]; !ok {
			t.Error("no max_lateness_s metric")
		}
	})
}

func TestQuickRun(t *testing.T) {
	res, _ := demotest.QuickRun(t, (&blockingDemo{}).demo())
	if res.Params["timers"] != 20 {
		t.Errorf("results lack the params: %+v", res.Params)
	}
}
