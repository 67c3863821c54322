package measure

import (
	"math"
	"testing"

	"github.com/concurrency-primer/site/internal/results"
)

func TestSummarise(t *testing.T) {
	run := func(s float64, lost float64) outcome {
		r := newRun(false)
		r.Metric("lost", lost)
		r.events = []results.Event{{Task: int(s * 10)}}
		return outcome{seconds: s, cores: s, run: r}
	}
	d := &Demo{Strategies: []Strategy{{Name: "base"}, {Name: "fast"}}}
	runs := [][]outcome{
		{run(1.0, 0), run(2.0, 0), run(1.2, 0)},
		{run(0.5, 5), run(0.5, 0), run(0.4, 1)},
	}
	var res results.Results
	d.summarise(&res, runs, 0)
	fast := res.Strategies[1]
	// Paired speedups: 1.0/0.5, 2.0/0.5, 1.2/0.4 = 2, 4, 3.
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
	if !near(fast.Speedup, 3) || !near(fast.SpeedupMin, 2) || !near(fast.SpeedupMax, 4) {
		t.Errorf("speedup %v (%v-%v), want 3 (2-4)", fast.Speedup, fast.SpeedupMin, fast.SpeedupMax)
	}
	if fast.MedianS != 0.5 || fast.MinS != 0.4 || fast.MaxS != 0.5 || fast.CoresUsed != 0.5 {
		t.Errorf("fast: %+v", fast)
	}
	if m := fast.Metrics; m["lost"] != 1 || m["min_lost"] != 0 || m["max_lost"] != 5 {
		t.Errorf("metrics %v", m)
	}
	// The median runs: base's 1.2 s (task 12) and fast's first 0.5 s (task 5).
	if len(res.Timeline) != 2 || res.Timeline[0].Task != 12 || res.Timeline[1].Task != 5 || res.Timeline[1].Strategy != "fast" {
		t.Errorf("timeline %+v", res.Timeline)
	}
	if err := (&results.Results{Demo: "x", Env: stamp(), Strategies: res.Strategies, Timeline: res.Timeline}).Validate(); err != nil {
		t.Error(err)
	}
}

func TestSpread(t *testing.T) {
	for _, tc := range []struct {
		in          []float64
		med, lo, hi float64
	}{
		{nil, 0, 0, 0},
		{[]float64{3}, 3, 3, 3},
		{[]float64{4, 1, 2}, 2, 1, 4},
		{[]float64{4, 1, 2, 3}, 2.5, 1, 4},
	} {
		med, lo, hi := spread(tc.in)
		if med != tc.med || lo != tc.lo || hi != tc.hi {
			t.Errorf("spread(%v) = %v, %v, %v; want %v, %v, %v", tc.in, med, lo, hi, tc.med, tc.lo, tc.hi)
		}
	}
}

func TestFormat(t *testing.T) {
	for _, tc := range []struct {
		name string
		v    float64
		want string
	}{
		{"median_s", 0.412, "412 ms"},
		{"wait_s", 2.5, "2.5 s"},
		{"lat_s", 42e-6, "42 µs"},
		{"lat_s", 7e-9, "7 ns"},
		{"rss_bytes", 3 << 20, "3 MiB"},
		{"ops_per_s", 12345, "12345/s"},
		{"ratio_x", 1.5, "1.5×"},
		{"busy_pct", 12.5, "12.5%"},
		{"lost", 1234567, "1234567"},
		{"threads", 2.5, "2.5"},
	} {
		if got := Format(tc.name, tc.v); got != tc.want {
			t.Errorf("Format(%q, %v) = %q, want %q", tc.name, tc.v, got, tc.want)
		}
	}
}

func TestBand(t *testing.T) {
	for _, tc := range []struct {
		lo, hi float64
		want   string
	}{
		{0.9, 1.1, "0.9-1.1×"},
		{1.6, math.Inf(1), ">= 1.6×"},
		{math.Inf(-1), 0.95, "<= 0.95×"},
		{0, 0, "= 0×"},
	} {
		if got := band(tc.lo, tc.hi, "×"); got != tc.want {
			t.Errorf("band(%v, %v) = %q, want %q", tc.lo, tc.hi, got, tc.want)
		}
	}
}

func TestCalibrate(t *testing.T) {
	calls := 0
	n := Calibrate(1, func(n int) { calls++ })
	if n < 1 || calls < 3 {
		t.Errorf("Calibrate = %d after %d calls, want n >= 1 and at least 3 calls", n, calls)
	}
}

func TestStamp(t *testing.T) {
	e := stamp()
	if e.CPU == "" || e.Cores < 1 || e.GOMAXPROCS < 1 || e.Go == "" || e.Time.IsZero() {
		t.Errorf("incomplete stamp %+v", e)
	}
}
