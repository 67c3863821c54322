package demoview

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"

	"github.com/concurrency-primer/site/internal/chart"
	"github.com/concurrency-primer/site/internal/markdown"
	"github.com/concurrency-primer/site/internal/results"
)

// value formats the inline number v from the results r of its demo.
// Package markdown has already checked the query and its arguments.
func value(r *results.Results, v *markdown.ValueRef) (string, error) {
	if r == nil {
		return "", fmt.Errorf("demo %s wrote no results", v.Demo)
	}
	strategy := func(name string) (*results.Strategy, error) {
		s, ok := r.Lookup(name)
		if !ok {
			var have []string
			for _, s := range r.Strategies {
				have = append(have, s.Name)
			}
			return nil, fmt.Errorf("demo %s has no strategy %q (have %s)", v.Demo, name, strings.Join(have, ", "))
		}
		if s.Unavailable != "" {
			return nil, fmt.Errorf("demo %s: strategy %s did not run here: %s", v.Demo, name, s.Unavailable)
		}
		return s, nil
	}
	switch v.Query {
	case "machine":
		return machine(r.Env), nil
	case "param", "metric":
		m, kind, what, name := r.Params, "parameter", "demo "+v.Demo, v.Args[len(v.Args)-1]
		if v.Query == "metric" {
			m, kind = r.Metrics, "metric"
		}
		if len(v.Args) == 2 {
			s, err := strategy(v.Args[0])
			if err != nil {
				return "", err
			}
			m, what = s.Metrics, fmt.Sprintf("demo %s, strategy %s,", v.Demo, s.Name)
		}
		x, ok := m[name]
		if !ok {
			have := cmp.Or(strings.Join(slices.Sorted(maps.Keys(m)), ", "), "none")
			return "", fmt.Errorf("%s has no %s %q (have %s)", what, kind, name, have)
		}
		return byUnit(name, x), nil
	}
	s, err := strategy(v.Args[0])
	if err != nil {
		return "", err
	}
	switch v.Query {
	case "median", "min", "max":
		return chart.Seconds(map[string]float64{"median": s.MedianS, "min": s.MinS, "max": s.MaxS}[v.Query]), nil
	case "speedup":
		if s.Speedup == 0 {
			return "", fmt.Errorf("demo %s reports no speedup for strategy %s", v.Demo, s.Name)
		}
		return chart.Ratio(s.Speedup), nil
	case "cores":
		if s.CoresUsed == 0 {
			return "", fmt.Errorf("demo %s reports no cores used for strategy %s", v.Demo, s.Name)
		}
		return chart.Number(s.CoresUsed), nil
	}
	b, err := strategy(v.Args[1]) // ratio
	if err != nil {
		return "", err
	}
	if b.MedianS == 0 {
		return "", fmt.Errorf("demo %s: strategy %s has a median of zero", v.Demo, b.Name)
	}
	return chart.Ratio(s.MedianS / b.MedianS), nil
}

// byUnit formats a metric or parameter by the unit its name ends with, as
// package results defines them.
func byUnit(name string, x float64) string {
	switch {
	case strings.HasSuffix(name, "_per_s"):
		return grouped(chart.Number(x)) + "/s"
	case strings.HasSuffix(name, "_s"):
		return chart.Seconds(x)
	case strings.HasSuffix(name, "_bytes"):
		units := []string{"B", "KiB", "MiB", "GiB", "TiB"}
		i := 0
		for ; math.Abs(x) >= 1024 && i < len(units)-1; i++ {
			x /= 1024
		}
		if i == 0 {
			return fmt.Sprintf("%.0f B", x)
		}
		return chart.Number(x) + " " + units[i]
	case strings.HasSuffix(name, "_x"):
		return chart.Ratio(x)
	case strings.HasSuffix(name, "_pct"):
		return chart.Number(x) + "%"
	}
	if x == math.Trunc(x) && math.Abs(x) < 1e15 {
		return grouped(fmt.Sprintf("%.0f", x))
	}
	return grouped(chart.Number(x))
}

// grouped puts commas between the thousands of a number's integer part
// when it has more than four digits: "12300" becomes "12,300".
func grouped(n string) string {
	end, start := strings.IndexByte(n+".", '.'), 0
	if strings.HasPrefix(n, "-") {
		start = 1
	}
	for i := end - 3; end-start > 4 && i > start; i -= 3 {
		n = n[:i] + "," + n[i:]
	}
	return n
}

// machine names the machine of a run in words: "2 × AMD EPYC 7B13,
// linux/amd64, go1.26.8, GOMAXPROCS=2", or for a Python demo "2 × AMD
// EPYC 7B13, linux/x86_64, CPython 3.11.2 · gevent 22.10.2, GIL enabled".
func machine(e results.Env) string {
	rt := fmt.Sprintf("%s, GOMAXPROCS=%d", e.Go, e.GOMAXPROCS)
	if e.Python != "" {
		rt = strings.TrimSuffix(e.Runtime()+", GIL "+e.GIL, ", GIL ")
	}
	return fmt.Sprintf("%d × %s, %s/%s, %s", e.Cores, e.CPU, e.OS, e.Arch, rt)
}

// noisy explains why a run's times are less reliable, or returns "".
func noisy(r *results.Results) string {
	if !r.Env.Noisy && !r.Check.Noisy {
		return ""
	}
	msg := "Another program competed for the processor during this run, so its times are less reliable than usual."
	if r.Env.Load1 > 0 {
		msg += fmt.Sprintf(" The load average was %s when it started, on %d cores.", chart.Number(r.Env.Load1), r.Env.Cores)
	}
	return msg
}
