package chart

import (
	"cmp"
	"fmt"
	"html/template"
	"math"
	"strings"

	"github.com/concurrency-primer/site/internal/results"
)

// versus is what Versus and VersusTable show of two demos.
type versus struct {
	short, long [2]string // "CPython", "CPython 3.11.7 · cpu-py"
	title       string
	pairs       [][2]results.Strategy // those both have, in the order of the first
	only        [][2]string           // a demo and the names only it has, joined
	speedups    bool                  // both report speedups, so the chart compares them
	format      func(float64) string
}

func newVersus(a, b *results.Results) (*versus, error) {
	if err := cmp.Or(check(a), check(b)); err != nil {
		return nil, err
	}
	rs := [2]*results.Results{a, b}
	d := &versus{format: Seconds}
	var speedup [2]bool
	for i, r := range rs {
		d.short[i], d.long[i] = "Go", "Go "+strings.TrimPrefix(r.Env.Go, "go")
		if r.Env.Python != "" {
			d.short[i], d.long[i] = r.Env.Interpreter(), r.Env.Runtime()
			if r.Env.GIL == "disabled" {
				d.long[i] += " without GIL"
			}
		}
		d.long[i] += " · " + r.Demo
		var only []string
		for _, s := range r.Strategies {
			t, ok := rs[1-i].Lookup(s.Name)
			if !ok {
				only = append(only, s.Name)
				continue
			}
			speedup[i] = speedup[i] || s.Speedup > 0
			if i == 0 {
				d.pairs = append(d.pairs, [2]results.Strategy{s, *t})
			}
		}
		if len(only) > 0 {
			d.only = append(d.only, [2]string{r.Demo, strings.Join(only, ", ")})
		}
	}
	if len(d.pairs) == 0 {
		return nil, fmt.Errorf("demos %s and %s share no strategy name", a.Demo, b.Demo)
	}
	if d.short[0] == d.short[1] {
		d.short = [2]string{a.Demo, b.Demo} // one language: the demos tell them apart
	}
	if d.speedups = speedup[0] && speedup[1]; d.speedups {
		d.format = Ratio
	}
	d.title = fmt.Sprintf("%s vs %s: the same work, %s vs %s", a.Demo, b.Demo, d.short[0], d.short[1])
	return d, nil
}

// side returns the value, spread and words of s's bar, or false and why not.
func (d *versus) side(s results.Strategy) (v, lo, hi float64, text string, ok bool) {
	switch {
	case s.Unavailable != "":
		return 0, 0, 0, "unavailable", false
	case !d.speedups:
		return s.MedianS, s.MinS, s.MaxS, Seconds(s.MedianS), true
	case s.Speedup <= 0:
		return 0, 0, 0, "no speedup", false
	case s.SpeedupMin <= 0 || s.SpeedupMax <= 0:
		return s.Speedup, s.Speedup, s.Speedup, Ratio(s.Speedup), true
	}
	return s.Speedup, s.SpeedupMin, s.SpeedupMax, Ratio(s.Speedup), true
}

// Versus returns an SVG chart of two demos doing the same work, such as a
// Python demo and its Go twin: for each strategy both have, both speedups
// (or medians) side by side, labelled by language; the rest are named below.
func Versus(a, b *results.Results) (template.HTML, error) {
	d, err := newVersus(a, b)
	if err != nil {
		return "", fmt.Errorf("drawing versus chart: %w", err)
	}
	var vs, mids []float64
	valueW := 0.0
	for _, p := range d.pairs {
		for _, s := range p {
			v, lo, hi, text, ok := d.side(s)
			valueW = math.Max(valueW, textWidth(text, false))
			if ok {
				vs, mids = append(vs, lo, v, hi), append(mids, v)
			}
		}
	}
	labelW := math.Min(math.Max(textWidth(d.short[0], false), textWidth(d.short[1], false))+6, width/3)
	sc := newScale(vs, mids, d.speedups, pad+labelW, width-pad-valueW-6)
	var body, grid svg
	y := pad
	for i, long := range d.long {
		fmt.Fprintf(&body, `<rect class="bar c%d" x="%s" y="%s" width="18" height="%s"/>`, i, num(pad), num(y+3), num(barH-2))
		y = body.lines(long, pad+24, y, smallSz+1, lineH, "")
	}
	y += 6
	top := y
	var parts []string // the description
	for _, p := range d.pairs {
		y = body.name(p[0].Name, y) + 2
		part := p[0].Name
		for i, s := range p {
			v, lo, hi, text, ok := d.side(s)
			attrs := muted + ` text-anchor="end"`
			body.text(pad, y+barH-3, muted, d.short[i])
			if ok {
				body.bar(sc, i, y, v, lo, hi)
				attrs = ` class="value" text-anchor="end"`
			}
			body.text(width-pad, y+barH-3, attrs, text)
			y += barH + 4
			part += [2]string{" ", " vs "}[i] + text
			if ok && lo != hi {
				part += fmt.Sprintf(" (%s to %s)", d.format(lo), d.format(hi))
			}
		}
		y += rowGap - 4
		parts = append(parts, part)
	}
	title, desc := "median time per run; whiskers: min–max", "Median time"
	if d.speedups {
		title, desc = "speedup, higher is faster; whiskers: min–max", "Speedup"
	}
	desc = fmt.Sprintf("%s per strategy, %s beside %s", desc, d.long[0], d.long[1])
	if sc.log {
		title, desc = "log scale: "+title, desc+", on a log scale"
	}
	desc += ": " + strings.Join(parts, "; ") + "."
	y = grid.axis(sc, top-4, y-rowGap/2, title) + 4
	for _, o := range d.only {
		y = body.lines(fmt.Sprintf("only in %s: %s", o[0], o[1]), pad, y, 0, smallSz+4, muted)
		desc += fmt.Sprintf(" Only in %s: %s.", o[0], o[1])
	}
	return finish("chart-versus", y, d.title, desc, &grid, &body), nil
}

// VersusTable returns the numbers of Versus as an HTML table like Table's.
func VersusTable(a, b *results.Results) (template.HTML, error) {
	d, err := newVersus(a, b)
	if err != nil {
		return "", fmt.Errorf("writing versus table: %w", err)
	}
	cols := []string{d.short[0] + " median", d.short[1] + " median"}
	if d.speedups {
		cols = append(cols, d.short[0]+" speedup", d.short[1]+" speedup")
	}
	var rows, foot svg
	for _, p := range d.pairs {
		var cells []string
		for _, s := range p {
			v := Seconds(s.MedianS)
			if s.Unavailable != "" {
				v = "unavailable"
			}
			cells = append(cells, v)
		}
		if d.speedups {
			cells = append(cells, optional(p[0].Speedup, Ratio), optional(p[1].Speedup, Ratio))
		}
		rows.row(p[0].Name, "", "", len(cols), cells...)
	}
	for _, o := range d.only {
		foot.row("only in "+o[0], "", o[1], len(cols))
	}
	return table(d.title, d.title, cols, &rows, &foot), nil
}
