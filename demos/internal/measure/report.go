package measure

import (
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/concurrency-primer/site/internal/results"
)

// report prints res as a person reads it in a terminal.
func report(w io.Writer, d *Demo, res *results.Results) {
	fmt.Fprintf(w, "%s: %s\n", d.Name, d.Title)
	if len(res.Params) > 0 {
		fmt.Fprintf(w, "params: %s\n", formatMetrics(res.Params))
	}
	fmt.Fprintln(w)

	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	// speedup is the two speedup columns, or none when they mean nothing.
	speedup := func(s results.Strategy) string {
		if d.NoSpeedup {
			return ""
		}
		return fmt.Sprintf("%.2f×\t(%.2f-%.2f)\t", s.Speedup, s.SpeedupMin, s.SpeedupMax)
	}
	head := "speedup\t(min-max)\t"
	if d.NoSpeedup {
		head = ""
	}
	fmt.Fprintf(tw, "strategy\tmedian\tmin-max\t%scores used\t\n", head)
	for _, s := range res.Strategies {
		if s.Unavailable != "" {
			fmt.Fprintf(tw, "%s\tunavailable: %s\t\n", s.Name, s.Unavailable)
			continue
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s%.2f\t\n", s.Name,
			Seconds(s.MedianS), secondsRange(s.MinS, s.MaxS), speedup(s), s.CoresUsed)
	}
	tw.Flush()

	for _, s := range res.Strategies {
		if len(s.Metrics) > 0 {
			fmt.Fprintf(w, "  %s: %s\n", s.Name, formatMetrics(medians(s.Metrics)))
		}
	}
	if top := topMetrics(res.Metrics); len(top) > 0 {
		fmt.Fprintf(w, "  %s\n", formatMetrics(top))
	}

	fmt.Fprintf(w, "\nexpected: %s\n", res.Check.Expected)
	for _, c := range res.Check.Claims {
		mark := "✓"
		if !c.OK {
			mark = "✗"
		}
		fmt.Fprintf(w, "  %s %s: got %s\n", mark, c.Claim, c.Got)
	}
	e := res.Env
	fmt.Fprintf(w, "\nmachine: %d × %s, %s/%s, %s, GOMAXPROCS=%d, load %.2f, %s\n",
		e.Cores, e.CPU, e.OS, e.Arch, e.Go, e.GOMAXPROCS, e.Load1, e.Time.Format("2006-01-02 15:04 UTC"))
	verdict := "quiet"
	if e.Noisy {
		verdict = "NOISY: another program competed for the CPU; timings are not trustworthy"
	}
	fmt.Fprintf(w, "noise guard: calibration task took %s on %.2f cores before, %s on %.2f after: %s\n",
		Seconds(res.Metrics["guard_before_s"]), res.Metrics["guard_cores_before_x"],
		Seconds(res.Metrics["guard_after_s"]), res.Metrics["guard_cores_after_x"], verdict)
}

// medians drops the min_ and max_ companions of per-run metrics.
func medians(m map[string]float64) map[string]float64 {
	out := map[string]float64{}
	for k, v := range m {
		base, ok := strings.CutPrefix(k, "min_")
		if !ok {
			base, ok = strings.CutPrefix(k, "max_")
		}
		if _, median := m[base]; ok && median {
			continue
		}
		out[k] = v
	}
	return out
}

// topMetrics drops the noise guard's own metrics, reported on their own line.
func topMetrics(m map[string]float64) map[string]float64 {
	out := maps.Clone(m)
	delete(out, "guard_cores_before_x")
	delete(out, "guard_cores_after_x")
	delete(out, "guard_before_s")
	delete(out, "guard_after_s")
	return out
}

func formatMetrics(m map[string]float64) string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, k+"="+Format(k, m[k]))
	}
	return strings.Join(parts, " ")
}

// Format writes a metric's value by its name's unit suffix.
func Format(name string, v float64) string {
	switch {
	case strings.HasSuffix(name, "_per_s"):
		if math.Abs(v) >= 100 {
			return fmt.Sprintf("%.0f/s", v)
		}
		return fmt.Sprintf("%.3g/s", v)
	case strings.HasSuffix(name, "_s"):
		return Seconds(v)
	case strings.HasSuffix(name, "_bytes"):
		return bytesString(v)
	case strings.HasSuffix(name, "_x"):
		return fmt.Sprintf("%.3g×", v)
	case strings.HasSuffix(name, "_pct"):
		return fmt.Sprintf("%.3g%%", v)
	}
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return fmt.Sprintf("%d", int64(v))
	}
	return fmt.Sprintf("%.6g", v)
}

// secondsRange writes "269-424 ms", naming the unit once when both share it.
func secondsRange(lo, hi float64) string {
	a, b := Seconds(lo), Seconds(hi)
	if i, j := strings.LastIndexByte(a, ' '), strings.LastIndexByte(b, ' '); a[i:] == b[j:] {
		return a[:i] + "-" + b
	}
	return a + "-" + b
}

// Seconds writes a duration in seconds with an automatic unit: "412 ms".
func Seconds(s float64) string {
	a := math.Abs(s)
	switch {
	case a == 0:
		return "0 s"
	case a >= 1:
		return fmt.Sprintf("%.3g s", s)
	case a >= 1e-3:
		return fmt.Sprintf("%.3g ms", s*1e3)
	case a >= 1e-6:
		return fmt.Sprintf("%.3g µs", s*1e6)
	}
	return fmt.Sprintf("%.3g ns", s*1e9)
}

func bytesString(v float64) string {
	for _, u := range []string{"B", "KiB", "MiB", "GiB"} {
		if math.Abs(v) < 1024 || u == "GiB" {
			return fmt.Sprintf("%.4g %s", v, u)
		}
		v /= 1024
	}
	return ""
}
