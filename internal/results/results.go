// Package results defines the file a demo writes to the path named by the
// DEMO_RESULTS environment variable, and that the site reads to draw charts
// and quote numbers in prose.
//
// The JSON field names are a contract between the demos, the demo runner,
// the chart drawer and any outside tool: they never change meaning. Extra
// fields are welcome and ignored by readers that do not know them.
//
// Demos written in Go and in Python write the same file. Only the stamp
// differs: a Go demo names its Go version and GOMAXPROCS, a Python demo
// its interpreter's version and whether the GIL was enabled (Env).
//
// A results file has limits, so that a chart never meets a number its
// arithmetic cannot draw and reading a file costs what a demo can mean to
// show: it is at most MaxBytes long; it has between one and MaxStrategies
// strategies, with distinct names, and at most MaxEvents timeline events
// for each; every time is a finite number of seconds, above zero (a
// timeline event may start at zero) and at most MaxSeconds; speedups and
// cores used are finite, non-negative and at most a million; metrics and
// parameters are finite. Validate reports a file that breaks them, and
// Locate names the line of each problem, so that a bad frozen result
// fails the build before any page renders.
//
// Metric names carry their unit as a suffix so that a reader can format a
// value without knowing the demo: "_s" seconds, "_bytes" bytes, "_per_s" a
// rate per second, "_x" a ratio, "_pct" a percentage; a name without one of
// these suffixes is a plain count.
package results

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Results is everything one run of a demo measured.
type Results struct {
	Demo       string             `json:"demo"`
	Env        Env                `json:"env"`
	Params     map[string]float64 `json:"params,omitempty"`
	Strategies []Strategy         `json:"strategies"`
	Timeline   []Event            `json:"timeline,omitempty"`
	Ideal      *Ideal             `json:"ideal,omitempty"`
	Metrics    map[string]float64 `json:"metrics,omitempty"`
	Check      Check              `json:"check"`
}

// Env is the stamp of the machine and the moment a demo ran. A Go demo
// sets Go and GOMAXPROCS; a Python demo sets Python (and GIL) instead.
type Env struct {
	CPU        string    `json:"cpu"`
	Cores      int       `json:"cores"`
	GOMAXPROCS int       `json:"gomaxprocs"`
	Go         string    `json:"go"`
	OS         string    `json:"os"`
	Arch       string    `json:"arch"`
	Time       time.Time `json:"time"`
	Noisy      bool      `json:"noisy"`
	// Python is the full version of the interpreter that ran a Python
	// demo ("3.11.7"); Implementation names it as sys.implementation
	// does ("cpython"), and GIL says whether its global interpreter lock
	// was "enabled" or "disabled" during the run.
	Python         string `json:"python,omitempty"`
	Implementation string `json:"implementation,omitempty"`
	GIL            string `json:"gil,omitempty"`
	// Libraries maps each library a Python demo required to the version
	// it ran with ("gevent": "22.10.2"), as the site's runner found it.
	Libraries map[string]string `json:"libraries,omitempty"`
	// Load1 is the one-minute load average when the run started, where the
	// operating system reports one.
	Load1 float64 `json:"load1,omitempty"`
}

// Interpreter names the Python implementation of a Python demo's run as
// people write it: "CPython", "PyPy", else the name Python gives, and
// "Python" when the stamp does not say.
func (e Env) Interpreter() string {
	switch e.Implementation {
	case "cpython":
		return "CPython"
	case "pypy":
		return "PyPy"
	case "":
		return "Python"
	}
	return e.Implementation
}

// Runtime names the interpreter and the libraries of a Python demo's run
// as a stamp shows them: "CPython 3.11.2 · gevent 22.10.2 · uvloop
// 0.17.0", libraries in name order; empty for a Go demo.
func (e Env) Runtime() string {
	if e.Python == "" {
		return ""
	}
	s := e.Interpreter() + " " + e.Python
	for _, m := range slices.Sorted(maps.Keys(e.Libraries)) {
		s += " · " + m + " " + e.Libraries[m]
	}
	return s
}

// Strategy is one way of doing the demo's work and what it measured.
type Strategy struct {
	Name string `json:"name"`
	// Label is a short human description shown beside the name in charts
	// ("2 worker processes"); optional.
	Label     string    `json:"label,omitempty"`
	RunsS     []float64 `json:"runs_s"`
	MedianS   float64   `json:"median_s"`
	MinS      float64   `json:"min_s"`
	MaxS      float64   `json:"max_s"`
	CoresUsed float64   `json:"cores_used,omitempty"`
	// Speedup is the median, over repeats, of the baseline's time divided
	// by this strategy's time in the same repeat (paired); the baseline is
	// sequential unless the demo says otherwise.
	Speedup    float64 `json:"speedup,omitempty"`
	SpeedupMin float64 `json:"speedup_min,omitempty"`
	SpeedupMax float64 `json:"speedup_max,omitempty"`
	// Unavailable, when set, says why this strategy could not run here; its
	// runs are then empty.
	Unavailable string             `json:"unavailable,omitempty"`
	Metrics     map[string]float64 `json:"metrics,omitempty"`
}

// Event is one task on one worker in a timeline, in seconds from the start
// of the strategy's run.
type Event struct {
	Strategy string  `json:"strategy"`
	Worker   int     `json:"worker"`
	Task     int     `json:"task"`
	StartS   float64 `json:"start_s"`
	EndS     float64 `json:"end_s"`
	// Kind is "run" (computing) or "wait" (blocked); empty means run.
	Kind string `json:"kind,omitempty"`
}

// Ideal is the limit theory gives, drawn as a line on the bar chart.
type Ideal struct {
	S     float64 `json:"s"`
	Label string  `json:"label"`
}

// Check says whether the run showed the shape the demo expects.
type Check struct {
	OK       bool    `json:"ok"`
	Noisy    bool    `json:"noisy"`
	Expected string  `json:"expected"`
	Claims   []Claim `json:"claims,omitempty"`
}

// Claim is one expected property of the results and whether it held.
type Claim struct {
	Claim string `json:"claim"`
	Got   string `json:"got"`
	OK    bool   `json:"ok"`
}

// Lookup returns the strategy with the given name.
func (r *Results) Lookup(name string) (*Strategy, bool) {
	for i := range r.Strategies {
		if r.Strategies[i].Name == name {
			return &r.Strategies[i], true
		}
	}
	return nil, false
}

// Decode reads results from r and validates them. It reads at most
// MaxBytes.
func Decode(r io.Reader) (*Results, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return nil, err
	}
	return decode(data)
}

func decode(data []byte) (*Results, error) {
	if len(data) > MaxBytes {
		return nil, fmt.Errorf("results: more than the %d bytes allowed", MaxBytes)
	}
	var res Results
	if err := json.NewDecoder(bytes.NewReader(data)).Decode(&res); err != nil {
		return nil, fmt.Errorf("decoding results: %w", err)
	}
	if err := res.Validate(); err != nil {
		return nil, err
	}
	return &res, nil
}

// ReadFile reads and validates the results file at path; its errors name
// the file and the line of each problem.
func ReadFile(path string) (*Results, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxBytes+1))
	if err != nil {
		return nil, err
	}
	res, err := decode(data)
	if err != nil {
		return nil, Locate(err, path, data)
	}
	return res, nil
}

// WriteFile writes results to path as indented JSON.
func (r *Results) WriteFile(path string) error {
	if err := r.Validate(); err != nil {
		return err
	}
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

// Limits of a results file. They keep every number a chart draws in the
// range its arithmetic handles and the work of reading a file in
// proportion to what a demo can mean to show; Validate enforces them,
// and readers refuse a larger file before decoding it.
const (
	// MaxBytes is the largest results file, in bytes.
	MaxBytes = 8 << 20
	// MaxStrategies is the most strategies one run may have.
	MaxStrategies = 256
	// MaxEvents is the most timeline events one strategy may have.
	MaxEvents = 5000
	// MaxSeconds is the longest time a result may hold: every time
	// (runs, median, min, max, the ideal and a timeline event's end) is
	// finite and at most this, and every time but an event's start is
	// above zero.
	MaxSeconds = 24 * 60 * 60
)

// maxRatio bounds speedups and cores used.
const maxRatio = 1e6

// maxProblems is the most problems Validate lists; it counts the rest.
const maxProblems = 10

// problem is one way results break the schema, with the place of the
// value at fault in the JSON document: object keys and array indexes.
type problem struct {
	path []any
	msg  string
}

func (p *problem) Error() string { return p.msg }

// Validate reports every way r breaks the schema and its limits, up to
// ten of them, then how many more there are. A problem that repeats over
// a list (names used twice, events of unknown strategies) is one problem.
// Locate turns the error into lines that name a file and line.
func (r *Results) Validate() error {
	var errs []error
	n := 0
	bad := func(path []any, format string, args ...any) {
		if n++; n <= maxProblems {
			errs = append(errs, &problem{path, fmt.Sprintf(format, args...)})
		}
	}
	at := func(p ...any) []any { return p }
	if r.Demo == "" {
		bad(at("demo"), "demo: empty")
	}
	e := r.Env
	if e.CPU == "" || e.OS == "" || e.Arch == "" {
		bad(at("env"), "env: cpu, os and arch are required")
	}
	if e.Cores < 1 {
		bad(at("env", "cores"), "env: cores must be at least 1")
	}
	if e.Python == "" && (e.Go == "" || e.GOMAXPROCS < 1) {
		bad(at("env"), "env: want go and gomaxprocs of at least 1 (a Go demo) or python (a Python demo)")
	}
	if e.GOMAXPROCS < 0 {
		bad(at("env", "gomaxprocs"), "env: gomaxprocs %d is negative", e.GOMAXPROCS)
	}
	if e.GIL != "" && e.GIL != "enabled" && e.GIL != "disabled" {
		bad(at("env", "gil"), "env: gil %q is not enabled or disabled", e.GIL)
	}
	if e.Time.IsZero() {
		bad(at("env"), "env: time is missing")
	}
	for _, m := range []struct {
		key  string
		vals map[string]float64
	}{{"params", r.Params}, {"metrics", r.Metrics}} {
		for _, k := range slices.Sorted(maps.Keys(m.vals)) {
			if !finite(m.vals[k]) {
				bad(at(m.key, k), "%s: %s is %v, not a finite number", m.key, k, m.vals[k])
			}
		}
	}
	switch {
	case len(r.Strategies) == 0:
		bad(at("strategies"), "strategies: none")
	case len(r.Strategies) > MaxStrategies:
		bad(at("strategies", MaxStrategies), "strategies: %d, more than the %d allowed", len(r.Strategies), MaxStrategies)
	default:
		r.validateStrategies(bad)
	}
	if r.Ideal != nil && (!(r.Ideal.S > 0) || r.Ideal.S > MaxSeconds || r.Ideal.Label == "") {
		bad(at("ideal"), "ideal: needs a finite s above 0 and at most %d seconds, and a label", MaxSeconds)
	}
	if n > maxProblems {
		errs = append(errs, fmt.Errorf("and %d more problems", n-maxProblems))
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("results of demo %q: %w", r.Demo, err)
	}
	return nil
}

// validateStrategies checks the strategies and the timeline, calling bad
// for each problem.
func (r *Results) validateStrategies(bad func(path []any, format string, args ...any)) {
	seen := map[string]bool{}
	var dups []string
	dupAt := -1
	for i, s := range r.Strategies {
		where := fmt.Sprintf("strategies[%d] %q", i, s.Name)
		at := func(p ...any) []any { return append([]any{"strategies", i}, p...) }
		if s.Name == "" {
			bad(at("name"), "strategies[%d]: empty name", i)
		}
		if seen[s.Name] && s.Name != "" {
			if dupAt < 0 {
				dupAt = i
			}
			if !slices.Contains(dups, s.Name) {
				dups = append(dups, s.Name)
			}
		}
		seen[s.Name] = true
		if s.Unavailable != "" {
			continue
		}
		if len(s.RunsS) == 0 {
			bad(at("runs_s"), "%s: no runs", where)
			continue
		}
		for j, v := range append([]float64{s.MedianS, s.MinS, s.MaxS}, s.RunsS...) {
			if !(v > 0) || v > MaxSeconds {
				key := []any{"median_s", "min_s", "max_s"}[min(j, 2)]
				p := at(key)
				if j >= 3 {
					p = at("runs_s", j-3)
				}
				bad(p, "%s: time %v is not a finite number of seconds above 0 and at most %d", where, v, MaxSeconds)
				break
			}
		}
		for _, v := range []float64{s.CoresUsed, s.Speedup, s.SpeedupMin, s.SpeedupMax} {
			if !finite(v) || v < 0 || v > maxRatio {
				bad(at(), "%s: cores used and speedups must be finite, non-negative and at most %g, got %v", where, maxRatio, v)
				break
			}
		}
		for _, k := range slices.Sorted(maps.Keys(s.Metrics)) {
			if !finite(s.Metrics[k]) {
				bad(at("metrics", k), "%s: metric %s is %v, not a finite number", where, k, s.Metrics[k])
			}
		}
		if s.MinS > s.MedianS || s.MedianS > s.MaxS {
			bad(at("min_s"), "%s: want min <= median <= max, got %v, %v, %v", where, s.MinS, s.MedianS, s.MaxS)
		}
	}
	if len(dups) > 0 {
		bad([]any{"strategies", dupAt, "name"}, "strategies: names used more than once: %s", quoteAll(dups))
	}

	events := map[string]int{}
	var unknown []string
	unknownAt, unknownN := -1, 0
	for i, ev := range r.Timeline {
		at := func(p ...any) []any { return append([]any{"timeline", i}, p...) }
		if !seen[ev.Strategy] {
			if unknownAt < 0 {
				unknownAt = i
			}
			unknownN++
			if !slices.Contains(unknown, ev.Strategy) {
				unknown = append(unknown, ev.Strategy)
			}
		}
		if events[ev.Strategy]++; events[ev.Strategy] == MaxEvents+1 {
			bad(at(), "timeline: strategy %q has more than the %d events allowed", ev.Strategy, MaxEvents)
		}
		if !finite(ev.StartS) || !finite(ev.EndS) || ev.EndS > MaxSeconds {
			bad(at(), "timeline[%d]: start and end must be finite and at most %d seconds, got %v, %v", i, MaxSeconds, ev.StartS, ev.EndS)
		} else if ev.EndS < ev.StartS || ev.StartS < 0 {
			bad(at(), "timeline[%d]: want 0 <= start <= end, got %v, %v", i, ev.StartS, ev.EndS)
		}
		if ev.Kind != "" && ev.Kind != "run" && ev.Kind != "wait" {
			bad(at("kind"), "timeline[%d]: kind %q is not run or wait", i, ev.Kind)
		}
	}
	if unknownN > 0 {
		what := "an event names an unknown strategy"
		if unknownN > 1 {
			what = fmt.Sprintf("%d events name unknown strategies", unknownN)
		}
		bad([]any{"timeline", unknownAt, "strategy"}, "timeline[%d]: %s: %s", unknownAt, what, quoteAll(unknown))
	}
}

// quoteAll quotes names and joins them with commas, the first ten of them.
func quoteAll(names []string) string {
	var b strings.Builder
	for i, n := range names {
		if i == 10 {
			fmt.Fprintf(&b, " and %d more", len(names)-i)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strconv.Quote(n))
	}
	return b.String()
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
