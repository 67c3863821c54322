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
	sc := newScale(vs, medians, false, pad, width-pad)
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
	var rows, foot svg
	if r.Ideal != nil {
		foot.row("ideal", "", Seconds(r.Ideal.S)+": "+r.Ideal.Label, len(cols))
	}
	for _, s := range r.Strategies {
		if s.Unavailable != "" {
			rows.row(s.Name, s.Label, "unavailable: "+s.Unavailable, len(cols))
			continue
		}
		cells := []string{Seconds(s.MedianS), Seconds(s.MinS), Seconds(s.MaxS), strconv.Itoa(len(s.RunsS))}
		if speedups {
			cells = append(cells, optional(s.Speedup, Ratio))
		}
		if cores {
			cells = append(cells, optional(s.CoresUsed, Number))
		}
		rows.row(s.Name, s.Label, "", len(cols), cells...)
	}
	return table(r.Demo, r.Demo+": time per run of each strategy", cols, &rows, &foot), nil
}

// table writes a scrolling chart-table of cols over rows and foot.
func table(label, caption string, cols []string, rows, foot *svg) template.HTML {
	var t svg
	fmt.Fprintf(&t, `<div class="chart-scroll" role="region" tabindex="0" aria-label="%s results">`, esc(label))
	fmt.Fprintf(&t, `<table class="chart-table"><caption>%s</caption><thead><tr><th scope="col">Strategy</th>`, esc(caption))
	for _, c := range cols {
		fmt.Fprintf(&t, `<th scope="col" class="num">%s</th>`, esc(c))
	}
	fmt.Fprintf(&t, "</tr></thead><tbody>%s</tbody>", rows)
	if foot.Len() > 0 {
		fmt.Fprintf(&t, "<tfoot>%s</tfoot>", foot)
	}
	t.WriteString("</table></div>")
	return template.HTML(t.String())
}

// row writes a table row headed by name and label, of cells or, when span
// is set, of one cell across the n columns.
func (t *svg) row(name, label, span string, n int, cells ...string) {
	fmt.Fprintf(t, `<tr><th scope="row">%s`, esc(name))
	if label != "" {
		fmt.Fprintf(t, ` <span class="chart-label">%s</span>`, esc(label))
	}
	t.WriteString("</th>")
	if span != "" {
		fmt.Fprintf(t, `<td colspan="%d">%s</td>`, n, esc(span))
	}
	for _, c := range cells {
		fmt.Fprintf(t, `<td class="num">%s</td>`, esc(c))
	}
	t.WriteString("</tr>")
}

// optional formats v, or a dash when it was not measured.
func optional(v float64, format func(float64) string) string {
	if v == 0 {
		return "–"
	}
	return format(v)
}
