package chart

import (
	"fmt"
	"html/template"
	"slices"
	"strconv"
	"strings"

	"github.com/concurrency-primer/site/internal/results"
)

// Bars returns an SVG chart of each strategy's median time, min-max whisker
// and speedup, with the ideal time; unavailable ones show their reason.
func Bars(r *results.Results) (template.HTML, error) {
	if err := check(r); err != nil {
		return "", fmt.Errorf("drawing bars: %w", err)
	}
	var vs, medians []float64
	for _, s := range r.Strategies {
		if s.Unavailable == "" {
			vs = append(vs, s.MinS, s.MedianS, s.MaxS)
			medians = append(medians, s.MedianS)
		}
	}
	if r.Ideal != nil {
		vs = append(vs, r.Ideal.S)
	}
	sc := newScale(vs, useLog(medians), false, pad, width-pad)
	var grid, body svg
	var ideal strings.Builder   // the ideal line, which crosses the bars only
	var parts, missing []string // the description
	y, idealX := pad, ""
	if r.Ideal != nil {
		fmt.Fprintf(&body, `<line class="ideal" x1="%s" y1="%s" x2="%s" y2="%s" stroke-dasharray="4 2"/>`,
			num(pad), num(y+lineH/2), num(pad+20), num(y+lineH/2))
		y = body.lines(fmt.Sprintf("ideal %s: %s", Seconds(r.Ideal.S), r.Ideal.Label), pad+26, y, smallSz+1, lineH, muted) + 4
		idealX = num(sc.x(r.Ideal.S))
	}
	top := y
	for i, s := range r.Strategies {
		value, class := "unavailable", "muted"
		if s.Unavailable == "" {
			value, class = Seconds(s.MedianS), "value"
			if s.Speedup > 0 {
				value += " · " + Ratio(s.Speedup)
			}
		}
		room := width - 2*pad - textWidth(value, true) - 8
		note, nameW := "", textWidth(s.Name, true)
		if s.Label != "" && nameW+textWidth(" "+s.Label, false) <= room {
			note, s.Label = s.Label, "" // drawn beside the name
		}
		if nameW > room {
			y = body.name(s.Name, y) // the value goes below, right-aligned
		} else {
			body.nameNote(s.Name, note, y)
		}
		fmt.Fprintf(&body, `<text x="%s" y="%s" class="%s" text-anchor="end">%s</text>`, num(width-pad), num(y+fontSize), class, esc(value))
		y = body.lines(s.Label, pad, y+lineH+2, smallSz-2, smallSz+4, muted)
		y = body.lines(s.Unavailable, pad, y, smallSz-2, smallSz+4, muted)
		if s.Unavailable != "" {
			missing = append(missing, fmt.Sprintf("%s unavailable (%s)", s.Name, s.Unavailable))
			y += rowGap
			continue
		}
		body.bar(sc, i%palette, y, s.MedianS, s.MinS, s.MaxS)
		fmt.Fprintf(&ideal, "M%s %sV%s", idealX, num(y-3), num(y+barH+3))
		y += barH + rowGap
		p := fmt.Sprintf("%s %s (%s to %s over %d runs", s.Name, Seconds(s.MedianS), Seconds(s.MinS), Seconds(s.MaxS), len(s.RunsS))
		if s.Speedup > 0 {
			p += ", speedup " + Ratio(s.Speedup)
		}
		parts = append(parts, p+")")
	}
	title, desc := "median time per run; whiskers: min–max", "Median time per strategy"
	if sc.log {
		title, desc = "log scale: median time, whiskers min–max", desc+" on a log scale"
	}
	desc += ": " + strings.Join(append(parts, missing...), ", ") + "."
	if r.Ideal != nil {
		fmt.Fprintf(&body, `<path class="ideal" d="%s" stroke-dasharray="4 2"/>`, ideal.String())
		desc += fmt.Sprintf(" Ideal: %s, %s.", Seconds(r.Ideal.S), r.Ideal.Label)
	}
	y = grid.axis(sc, top-4, y-rowGap/2, title)
	return finish("chart-bars", y, r.Demo+": median time per strategy", desc, &grid, &body), nil
}

// Table returns the numbers of Bars as an HTML table, for screen readers
// and for copying, that scrolls sideways on a narrow phone.
func Table(r *results.Results) (template.HTML, error) {
	if err := check(r); err != nil {
		return "", fmt.Errorf("writing results table: %w", err)
	}
	speedups := slices.ContainsFunc(r.Strategies, func(s results.Strategy) bool { return s.Speedup > 0 })
	cores := slices.ContainsFunc(r.Strategies, func(s results.Strategy) bool { return s.CoresUsed > 0 })
	cols := []string{"Median", "Min", "Max", "Runs"}
	if speedups {
		cols = append(cols, "Speedup")
	}
	if cores {
		cols = append(cols, "Cores used")
	}
	var foot [][2]string
	if r.Ideal != nil {
		foot = append(foot, [2]string{"ideal", Seconds(r.Ideal.S) + ": " + r.Ideal.Label})
	}
	return table(r.Demo, r.Demo+": time per run of each strategy", cols, foot, func(t *svg) {
		for _, s := range r.Strategies {
			fmt.Fprintf(t, `<tr><th scope="row">%s`, esc(s.Name))
			if s.Label != "" {
				fmt.Fprintf(t, ` <span class="chart-label">%s</span>`, esc(s.Label))
			}
			t.WriteString("</th>")
			if s.Unavailable != "" {
				fmt.Fprintf(t, `<td colspan="%d">unavailable: %s</td></tr>`, len(cols), esc(s.Unavailable))
				continue
			}
			t.cells(Seconds(s.MedianS), Seconds(s.MinS), Seconds(s.MaxS), strconv.Itoa(len(s.RunsS)))
			if speedups {
				t.cells(optional(s.Speedup, Ratio))
			}
			if cores {
				t.cells(optional(s.CoresUsed, Number))
			}
			t.WriteString("</tr>")
		}
	}), nil
}

// table writes a scrolling chart-table of cols, body's rows and foot's.
func table(label, caption string, cols []string, foot [][2]string, body func(t *svg)) template.HTML {
	var t svg
	fmt.Fprintf(&t, `<div class="chart-scroll" role="region" tabindex="0" aria-label="%s results">`, esc(label))
	fmt.Fprintf(&t, `<table class="chart-table"><caption>%s</caption><thead><tr><th scope="col">Strategy</th>`, esc(caption))
	for _, c := range cols {
		fmt.Fprintf(&t, `<th scope="col" class="num">%s</th>`, esc(c))
	}
	t.WriteString("</tr></thead><tbody>")
	body(&t)
	t.WriteString("</tbody>")
	if len(foot) > 0 {
		t.WriteString("<tfoot>")
		for _, f := range foot {
			fmt.Fprintf(&t, `<tr><th scope="row">%s</th><td colspan="%d">%s</td></tr>`, esc(f[0]), len(cols), esc(f[1]))
		}
		t.WriteString("</tfoot>")
	}
	t.WriteString("</table></div>")
	return template.HTML(t.String())
}

func (t *svg) cells(vs ...string) {
	for _, v := range vs {
		fmt.Fprintf(t, `<td class="num">%s</td>`, esc(v))
	}
}

// optional formats v, or a dash when it was not measured.
func optional(v float64, format func(float64) string) string {
	if v == 0 {
		return "–"
	}
	return format(v)
}
