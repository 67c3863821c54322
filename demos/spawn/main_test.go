package main

import (
	"testing"

	"github.com/concurrency-primer/site/demos/internal/demotest"
	"github.com/concurrency-primer/site/demos/internal/measure"
)

func TestMain(m *testing.M) { demotest.Main(m, main, answering) }

func TestStrategiesAgree(t *testing.T) {
	d := &spawnDemo{n: 5}
	want := uint64(1 + 2 + 5 + 10 + 17)
	demotest.Agree(t, d.demo(), want, func(t *testing.T, _ measure.Strategy, _ any, r *measure.Run) {
		if v := r.Metrics()["per_unit_s"]; v <= 0 {
			t.Errorf("per_unit_s = %v", v)
		}
	})
}

func TestQuickRun(t *testing.T) {
	res, _ := demotest.QuickRun(t, (&spawnDemo{}).demo())
	for _, m := range []string{"goroutine_per_call_x", "thread_per_goroutine_x", "process_per_thread_x"} {
		if res.Metrics[m] <= 0 {
			t.Errorf("metric %s = %v", m, res.Metrics[m])
		}
	}
	for _, s := range res.Strategies {
		if s.Speedup != 0 {
			t.Errorf("strategy %s has a speedup, %v, though the rungs differ", s.Name, s.Speedup)
		}
	}
}
