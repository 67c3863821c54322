package main

import (
	"testing"

	"github.com/concurrency-primer/site/demos/internal/demotest"
	"github.com/concurrency-primer/site/demos/internal/measure"
	"github.com/concurrency-primer/site/internal/results"
)

func TestMain(m *testing.M) { demotest.Main(m, main) }

func TestStrategiesAgree(t *testing.T) {
	d := &coroutinesDemo{n: 1000}
	var want uint64
	x := uint64(88172645463325252)
	for range d.n {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		want += x
	}
	demotest.Agree(t, d.demo(), want, func(t *testing.T, _ measure.Strategy, _ any, r *measure.Run) {
		if _, ok := r.Metrics()["per_value_s"]; !ok {
			t.Error("no per_value_s metric")
		}
	})
}

func TestRankedClaim(t *testing.T) {
	for _, tc := range []struct {
		push, pull, channel float64
		ok                  bool
	}{
		{1, 2, 3, true},
		{1, 3, 2, false},
		{2, 2, 3, false},
	} {
		res := &results.Results{Strategies: []results.Strategy{
			{Name: "push", MedianS: tc.push}, {Name: "pull", MedianS: tc.pull}, {Name: "channel", MedianS: tc.channel},
		}}
		if _, ok := ranked().Eval(res); ok != tc.ok {
			t.Errorf("%+v: claim held = %v", tc, ok)
		}
	}
}

func TestQuickRun(t *testing.T) {
	res, _ := demotest.QuickRun(t, (&coroutinesDemo{}).demo())
	if res.Params["values"] != 20_000 {
		t.Errorf("results lack the params: %+v", res.Params)
	}
}
