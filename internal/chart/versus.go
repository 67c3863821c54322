package chart

import (
	"fmt"
	"html/template"
	"math"
	"strings"

	"github.com/concurrency-primer/site/internal/results"
)

// series is one demo of a Versus chart: its results and how to name it.
type series struct {
	r *results.Results
	// short names the language beside each bar ("CPython", "Go"); long
	// names the run in the legend ("CPython 3.11.7 · cpu-py", with
	// the libraries it required before the demo's name).
	short, long string
}

// newSeries names the run r from its stamp.
func newSeries(r *results.Results) series {
	e := r.Env
	s := series{r: r}
	if e.Python != "" {
		s.short = e.Interpreter()
		s.long = e.Runtime()
		if e.GIL == "disabled" {
			s.long += " without GIL"
		}
	} else {
		s.short = "Go"
		s.long = "Go " + strings.TrimPrefix(e.Go, "go")
	}
	s.long += " · " + r.Demo
	return s
}

// pair is one strategy both demos of a Versus chart have.
type pair struct {
	name string
	s    [2]results.Strategy
}

// versusData is what Versus and VersusTable draw: the two runs, the
// strategies they share in the order of the first, the ones only one has,
// and whether speedups (rather than medians) are compared.
type versusData struct {
	runs     [2]series
	pairs    []pair
	only     [2][]string
	speedups bool
}

// newVersus pairs the strategies of a and b.
func newVersus(a, b *results.Results) (*versusData, error) {
	for _, r := range []*results.Results{a, b} {
		if err := check(r); err != nil {
			return nil, err
		}
	}
	d := &versusData{runs: [2]series{newSeries(a), newSeries(b)}}
	if d.runs[0].short == d.runs[1].short {
		// Two runs of one language: the demos' names tell them apart.
		d.runs[0].short, d.runs[1].short = a.Demo, b.Demo
	}
	hasSpeedup := [2]bool{}
	for _, s := range a.Strategies {
		t, ok := b.Lookup(s.Name)
		if !ok {
			d.only[0] = append(d.only[0], s.Name)
			continue
		}
		d.pairs = append(d.pairs, pair{s.Name, [2]results.Strategy{s, *t}})
		hasSpeedup[0] = hasSpeedup[0] || s.Speedup > 0
		hasSpeedup[1] = hasSpeedup[1] || t.Speedup > 0
	}
	for _, t := range b.Strategies {
		if _, ok := a.Lookup(t.Name); !ok {
			d.only[1] = append(d.only[1], t.Name)
		}
	}
	if len(d.pairs) == 0 {
		return nil, fmt.Errorf("demos %s and %s share no strategy name", a.Demo, b.Demo)
	}
	d.speedups = hasSpeedup[0] && hasSpeedup[1]
	return d, nil
}

// value returns what the chart draws for s: the speedup or the median, with
// its spread, and whether there is one.
func (d *versusData) value(s results.Strategy) (v, lo, hi float64, ok bool) {
	if s.Unavailable != "" {
		return 0, 0, 0, false
	}
	if !d.speedups {
		return s.MedianS, s.MinS, s.MaxS, true
	}
	if s.Speedup <= 0 {
		return 0, 0, 0, false
	}
	lo, hi = s.SpeedupMin, s.SpeedupMax
	if lo <= 0 || hi <= 0 {
		lo, hi = s.Speedup, s.Speedup
	}
	return s.Speedup, lo, hi, true
}

// format writes v as the chart's unit.
func (d *versusData) format(v float64) string {
	if d.speedups {
		return Ratio(v)
	}
	return Seconds(v)
}

// missing says why s has no bar.
func (d *versusData) missing(s results.Strategy) string {
	if s.Unavailable != "" {
		return "unavailable"
	}
	return "no speedup"
}

// title is the chart's title: "cpu-py vs cpu: the same work, CPython vs Go".
func (d *versusData) title() string {
	return fmt.Sprintf("%s vs %s: the same work, %s vs %s", d.runs[0].r.Demo, d.runs[1].r.Demo, d.runs[0].short, d.runs[1].short)
}

// Versus returns an SVG chart of the same work done by two demos, such as
// a Python demo and the Go demo it twins: for each strategy name both
// have, in the order of a, a bar for each, side by side, with min–max
// whiskers. It compares speedups when both demos report some, else median
// times. Strategies only one demo has are named below the chart. Each bar
// is labelled with its language (or its demo's name when both are in one
// language), so colour is never the only signal.
func Versus(a, b *results.Results) (template.HTML, error) {
	d, err := newVersus(a, b)
	if err != nil {
		return "", fmt.Errorf("drawing versus chart: %w", err)
	}
	var vs, mids []float64
	valueW := 0.0
	for _, p := range d.pairs {
		for _, s := range p.s {
			if v, lo, hi, ok := d.value(s); ok {
				vs, mids = append(vs, lo, v, hi), append(mids, v)
				valueW = math.Max(valueW, textWidth(d.format(v), smallSz, false))
			} else {
				valueW = math.Max(valueW, textWidth(d.missing(s), smallSz, false))
			}
		}
	}
	labelW := math.Max(textWidth(d.runs[0].short, smallSz, false), textWidth(d.runs[1].short, smallSz, false)) + 6
	labelW = math.Min(labelW, width/3)
	x0, x1 := pad+labelW, width-pad-valueW-6
	log := useLog(mids)
	sc := newScale(vs, log, d.speedups, x0, x1)

	var body, grid svg
	y := versusLegend(&body, d, pad)
	top := y
	for _, p := range d.pairs {
		y = versusGroup(&body, d, sc, p, y)
	}
	title := "median time per run; whiskers: min–max"
	if d.speedups {
		title = "speedup, higher is faster; whiskers: min–max"
	}
	if log {
		title = "log scale: " + title
	}
	y = grid.axis(sc, top-4, y-rowGap/2, title) + 4
	for i, only := range d.only {
		if len(only) == 0 {
			continue
		}
		for _, line := range wrap(fmt.Sprintf("only in %s: %s", d.runs[i].r.Demo, strings.Join(only, ", ")), width-2*pad, smallSz) {
			body.text(pad, y, "muted", "", smallSz, line)
			y += smallSz + 4
		}
	}
	return finish("chart-versus", y, d.title(), versusDesc(d, log), &grid, &body), nil
}

// versusLegend writes the key of the two runs and returns the next y.
func versusLegend(b *svg, d *versusData, y float64) float64 {
	for i, run := range d.runs {
		b.printf(`<rect class="bar c%d" x="%s" y="%s" width="18" height="%s"/>`, i, num(pad), num(y+3), num(barH-2))
		for _, line := range wrap(run.long, width-2*pad-24, smallSz) {
			b.text(pad+24, y+smallSz+1, "", "", smallSz, line)
			y += lineH
		}
	}
	return y + 6
}

// versusGroup writes one strategy, its name and a bar for each run, and
// returns the y of the next.
func versusGroup(b *svg, d *versusData, sc scale, p pair, y float64) float64 {
	y = b.name(p.name, y) + 2
	for i, s := range p.s {
		b.text(pad, y+barH-3, "muted", "", smallSz, d.runs[i].short)
		class, value := "muted", d.missing(s)
		if v, lo, hi, ok := d.value(s); ok {
			b.bar(sc, i, y, v, lo, hi)
			class, value = "value", d.format(v)
		}
		b.text(width-pad, y+barH-3, class, "end", smallSz, value)
		y += barH + 4
	}
	return y - 4 + rowGap
}

// versusDesc says in words what the versus chart shows.
func versusDesc(d *versusData, log bool) string {
	what := "Median time"
	if d.speedups {
		what = "Speedup"
	}
	var parts []string
	for _, p := range d.pairs {
		var side [2]string
		for i, s := range p.s {
			v, lo, hi, ok := d.value(s)
			switch {
			case !ok:
				side[i] = d.missing(s)
			case lo == hi:
				side[i] = d.format(v)
			default:
				side[i] = fmt.Sprintf("%s (%s to %s)", d.format(v), d.format(lo), d.format(hi))
			}
		}
		parts = append(parts, fmt.Sprintf("%s %s vs %s", p.name, side[0], side[1]))
	}
	s := fmt.Sprintf("%s per strategy, %s beside %s", what, d.runs[0].long, d.runs[1].long)
	if log {
		s += ", on a log scale"
	}
	s += ": " + strings.Join(parts, "; ") + "."
	for i, only := range d.only {
		if len(only) > 0 {
			s += fmt.Sprintf(" Only in %s: %s.", d.runs[i].r.Demo, strings.Join(only, ", "))
		}
	}
	return s
}
