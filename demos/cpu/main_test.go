package main

import (
	"context"
	"testing"

	"github.com/concurrency-primer/site/demos/internal/demotest"
	"github.com/concurrency-primer/site/demos/internal/measure"
)

func TestMain(m *testing.M) { demotest.Main(m, main, working) }

func TestStrategiesAgree(t *testing.T) {
	d := &cpuDemo{procs: 2}
	for i := range 5 {
		d.tasks = append(d.tasks, task{Seed: uint64(i), Rounds: 30_000 + i*1000})
	}
	want, err := d.sequential(context.Background(), measure.NewRun())
	if err != nil {
		t.Fatal(err)
	}
	demotest.Agree(t, d.demo(), want, func(t *testing.T, _ measure.Strategy, _ any, r *measure.Run) {
		if n := len(r.Events()); n < len(d.tasks) {
			t.Errorf("%d timeline events for %d tasks", n, len(d.tasks))
		}
	})
}

func TestQuickRun(t *testing.T) {
	res, _ := demotest.QuickRun(t, (&cpuDemo{procs: 2}).demo())
	if res.Ideal == nil || res.Params["tasks"] != 4 {
		t.Errorf("results lack the ideal or the params: %+v", res)
	}
}
