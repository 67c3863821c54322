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
// Metric names carry their unit as a suffix so that a reader can format a
// value without knowing the demo: "_s" seconds, "_bytes" bytes, "_per_s" a
// rate per second, "_x" a ratio, "_pct" a percentage; a name without one of
// these suffixes is a plain count.
package results

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"os"
	"slices"
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

// Decode reads results from r and validates them.
func Decode(r io.Reader) (*Results, error) {
	var res Results
	if err := json.NewDecoder(r).Decode(&res); err != nil {
		return nil, fmt.Errorf("decoding results: %w", err)
	}
	if err := res.Validate(); err != nil {
		return nil, err
	}
	return &res, nil
}

// ReadFile reads and validates the results file at path.
func ReadFile(path string) (*Results, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	res, err := Decode(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
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

// Validate reports every way r breaks the schema.
func (r *Results) Validate() error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if r.Demo == "" {
		bad("demo: empty")
	}
	e := r.Env
	if e.CPU == "" || e.OS == "" || e.Arch == "" {
		bad("env: cpu, os and arch are required")
	}
	if e.Cores < 1 {
		bad("env: cores must be at least 1")
	}
	if e.Python == "" && (e.Go == "" || e.GOMAXPROCS < 1) {
		bad("env: want go and gomaxprocs of at least 1 (a Go demo) or python (a Python demo)")
	}
	if e.GOMAXPROCS < 0 {
		bad("env: gomaxprocs %d is negative", e.GOMAXPROCS)
	}
	if e.GIL != "" && e.GIL != "enabled" && e.GIL != "disabled" {
		bad("env: gil %q is not enabled or disabled", e.GIL)
	}
	if e.Time.IsZero() {
		bad("env: time is missing")
	}
	if len(r.Strategies) == 0 {
		bad("strategies: none")
	}
	seen := map[string]bool{}
	for i, s := range r.Strategies {
		where := fmt.Sprintf("strategies[%d] %q", i, s.Name)
		if s.Name == "" {
			bad("strategies[%d]: empty name", i)
		}
		if seen[s.Name] {
			bad("%s: duplicate name", where)
		}
		seen[s.Name] = true
		if s.Unavailable != "" {
			continue
		}
		if len(s.RunsS) == 0 {
			bad("%s: no runs", where)
			continue
		}
		for _, v := range append([]float64{s.MedianS, s.MinS, s.MaxS}, s.RunsS...) {
			if v < 0 || !finite(v) {
				bad("%s: time %v is not a finite non-negative number", where, v)
				break
			}
		}
		for _, v := range []float64{s.CoresUsed, s.Speedup, s.SpeedupMin, s.SpeedupMax} {
			if !finite(v) || v < 0 {
				bad("%s: cores used and speedups must be finite and non-negative, got %v", where, v)
				break
			}
		}
		if s.MinS > s.MedianS || s.MedianS > s.MaxS {
			bad("%s: want min <= median <= max, got %v, %v, %v", where, s.MinS, s.MedianS, s.MaxS)
		}
	}
	for i, ev := range r.Timeline {
		if !seen[ev.Strategy] {
			bad("timeline[%d]: unknown strategy %q", i, ev.Strategy)
		}
		if !finite(ev.StartS) || !finite(ev.EndS) {
			bad("timeline[%d]: start and end must be finite, got %v, %v", i, ev.StartS, ev.EndS)
		} else if ev.EndS < ev.StartS || ev.StartS < 0 {
			bad("timeline[%d]: want 0 <= start <= end, got %v, %v", i, ev.StartS, ev.EndS)
		}
		if ev.Kind != "" && ev.Kind != "run" && ev.Kind != "wait" {
			bad("timeline[%d]: kind %q is not run or wait", i, ev.Kind)
		}
	}
	if r.Ideal != nil && (!(r.Ideal.S > 0) || !finite(r.Ideal.S) || r.Ideal.Label == "") {
		bad("ideal: needs a positive finite s and a label")
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("results of demo %q: %w", r.Demo, err)
	}
	return nil
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
