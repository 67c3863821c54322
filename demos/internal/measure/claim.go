package measure

import (
	"fmt"
	"math"

	"github.com/concurrency-primer/site/internal/results"
)

// Claim is one expected property of a demo's results.
type Claim struct {
	// Text states the claim as the page shows it ("threads 1.6-2.1x").
	Text string
	// Eval reports what the run gave, in words, and whether the claim held.
	Eval func(res *results.Results) (got string, ok bool)
	// record, when set, adds to the results what Eval reads, before
	// Demo.Finish runs.
	record func(res *results.Results)
}

// Speedup claims that strategy's median speedup over the baseline lies in
// [lo, hi]; use math.Inf for an open end.
func Speedup(strategy string, lo, hi float64) Claim {
	return Claim{
		Text: fmt.Sprintf("%s %s", strategy, band(lo, hi, "×")),
		Eval: func(res *results.Results) (string, bool) {
			s, ok := res.Lookup(strategy)
			if !ok || s.Unavailable != "" {
				return "not run", false
			}
			return fmt.Sprintf("%.2f×", s.Speedup), s.Speedup >= lo && s.Speedup <= hi
		},
	}
}

// Cores claims that strategy's median cores used lies in [lo, hi].
func Cores(strategy string, lo, hi float64) Claim {
	return Claim{
		Text: fmt.Sprintf("%s uses %s cores", strategy, band(lo, hi, "")),
		Eval: func(res *results.Results) (string, bool) {
			s, ok := res.Lookup(strategy)
			if !ok || s.Unavailable != "" {
				return "not run", false
			}
			return fmt.Sprintf("%.2f", s.CoresUsed), s.CoresUsed >= lo && s.CoresUsed <= hi
		},
	}
}

// Metric claims that a strategy's metric (as reported: NAME, min_NAME or
// max_NAME) lies in [lo, hi]; an empty strategy means a top-level metric.
func Metric(strategy, name string, lo, hi float64) Claim {
	who := name
	if strategy != "" {
		who = strategy + " " + name
	}
	return Claim{
		Text: fmt.Sprintf("%s %s", who, band(lo, hi, "")),
		Eval: func(res *results.Results) (string, bool) {
			m := res.Metrics
			if strategy != "" {
				s, ok := res.Lookup(strategy)
				if !ok || s.Unavailable != "" {
					return "not run", false
				}
				m = s.Metrics
			}
			v, ok := m[name]
			if !ok {
				return "missing", false
			}
			return fmt.Sprintf("%.4g", v), v >= lo && v <= hi
		},
	}
}

// band writes [lo, hi] the way a reader says it.
func band(lo, hi float64, unit string) string {
	switch {
	case lo == hi:
		return fmt.Sprintf("= %g%s", lo, unit)
	case math.IsInf(hi, 1):
		return fmt.Sprintf(">= %g%s", lo, unit)
	case math.IsInf(lo, -1) || lo == 0:
		return fmt.Sprintf("<= %g%s", hi, unit)
	}
	return fmt.Sprintf("%g-%g%s", lo, hi, unit)
}

// MetricRatio claims that strategy a's metric divided by strategy b's lies
// in [lo, hi], and records that ratio as the top-level metric name (which
// should end in "_x") before Demo.Finish runs, so that a page can quote it:
// MetricRatio("thread_per_goroutine_x", "per_unit_s", "thread", "goroutine",
// 20, math.Inf(1)).
func MetricRatio(name, metric, a, b string, lo, hi float64) Claim {
	return Claim{
		Text: fmt.Sprintf("%s/%s %s %s", a, b, metric, band(lo, hi, "×")),
		Eval: func(res *results.Results) (string, bool) {
			v, ok := res.Metrics[name]
			if !ok {
				return fmt.Sprintf("missing (%s of %s or %s)", metric, a, b), false
			}
			return fmt.Sprintf("%.3g×", v), v >= lo && v <= hi
		},
		record: func(res *results.Results) {
			x, okA := strategyMetric(res, a, metric)
			y, okB := strategyMetric(res, b, metric)
			if okA && okB && y > 0 {
				if res.Metrics == nil {
					res.Metrics = map[string]float64{}
				}
				res.Metrics[name] = x / y
			}
		},
	}
}

// strategyMetric returns the median of a strategy's metric, when it ran.
func strategyMetric(res *results.Results, strategy, metric string) (float64, bool) {
	s, ok := res.Lookup(strategy)
	if !ok || s.Unavailable != "" {
		return 0, false
	}
	v, ok := s.Metrics[metric]
	return v, ok
}
