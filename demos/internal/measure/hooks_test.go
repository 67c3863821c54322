package measure

import (
	"bytes"
	"context"
	"errors"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/concurrency-primer/site/internal/results"
)

func TestTeardownRunsOnce(t *testing.T) {
	for _, tc := range []struct {
		name  string
		spoil func(d *Demo)
		code  int
	}{
		{"success", func(*Demo) {}, 0},
		{"setup fails", func(d *Demo) {
			d.Setup = func(context.Context, Options) (map[string]float64, error) { return nil, errors.New("no") }
		}, 1},
		{"strategy fails", func(d *Demo) {
			d.Strategies[1].Run = func(context.Context, *Run) (any, error) { return nil, errors.New("broken") }
		}, 1},
		{"wrong answer", func(d *Demo) {
			d.Strategies[2].Run = func(context.Context, *Run) (any, error) { return 41, nil }
		}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("DEMO_RESULTS", "")
			var order []string
			d := fake(&order, nil)
			tc.spoil(d)
			teardowns := 0
			d.Teardown = func() { teardowns++ }
			var stdout, stderr bytes.Buffer
			if code := d.Exec(context.Background(), []string{"-quick"}, &stdout, &stderr); code != tc.code {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, tc.code, stderr.String())
			}
			if teardowns != 1 {
				t.Errorf("Teardown ran %d times, want once", teardowns)
			}
		})
	}
}

func TestNoSpeedup(t *testing.T) {
	for _, hide := range []bool{false, true} {
		path := filepath.Join(t.TempDir(), "results.json")
		t.Setenv("DEMO_RESULTS", path)
		var order []string
		d := fake(&order, nil)
		d.NoSpeedup = hide
		d.Claims = nil
		var stdout, stderr bytes.Buffer
		if code := d.Exec(context.Background(), []string{"-quick"}, &stdout, &stderr); code != 0 {
			t.Fatalf("exit %d, stderr:\n%s", code, stderr.String())
		}
		res, err := results.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := res.Lookup("b")
		if shown := strings.Contains(stdout.String(), "speedup"); shown == hide || (b.Speedup > 0) == hide {
			t.Errorf("NoSpeedup %v: column shown %v, speedup in results %v:\n%s", hide, shown, b.Speedup, stdout.String())
		}
	}
}

func TestMetricRatio(t *testing.T) {
	res := &results.Results{Strategies: []results.Strategy{
		{Name: "a", Metrics: map[string]float64{"per_s": 2}},
		{Name: "b", Metrics: map[string]float64{"per_s": 10}},
		{Name: "c", Unavailable: "not here"},
	}}
	for _, tc := range []struct {
		claim Claim
		name  string
		want  float64 // 0: not recorded
		ok    bool
	}{
		{MetricRatio("b_per_a_x", "per_s", "b", "a", 4, math.Inf(1)), "b_per_a_x", 5, true},
		{MetricRatio("a_per_b_x", "per_s", "a", "b", 1, 2), "a_per_b_x", 0.2, false},
		{MetricRatio("c_per_a_x", "per_s", "c", "a", 0, math.Inf(1)), "c_per_a_x", 0, false},
		{MetricRatio("none_x", "nope", "a", "b", 0, math.Inf(1)), "none_x", 0, false},
	} {
		tc.claim.record(res)
		got, ok := tc.claim.Eval(res)
		if v := res.Metrics[tc.name]; v != tc.want || ok != tc.ok {
			t.Errorf("%s: recorded %v (want %v), claim %q held %v (want %v)", tc.claim.Text, v, tc.want, got, ok, tc.ok)
		}
	}
}

func TestGroupsCompareWithin(t *testing.T) {
	for _, tc := range []struct {
		name    string
		answers map[string]any
		code    int
		stderr  string
	}{
		{"agree within", map[string]any{"a": 1, "b": 1, "c": 2}, 0, ""},
		{"differ within", map[string]any{"a": 1, "b": 3, "c": 2}, 1, "strategy b computed 3 in repeat 1, but a computed 1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("DEMO_RESULTS", "")
			var order []string
			d := fake(&order, tc.answers)
			d.Strategies[0].Group, d.Strategies[1].Group, d.Strategies[2].Group = "x", "x", "y"
			var stdout, stderr bytes.Buffer
			code := d.Exec(context.Background(), []string{"-quick"}, &stdout, &stderr)
			if code != tc.code || !strings.Contains(stderr.String(), tc.stderr) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", code, stderr.String(), tc.code, tc.stderr)
			}
		})
	}
}
