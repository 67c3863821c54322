package chart

import (
	"fmt"
	"html/template"
	"strings"

	"github.com/concurrency-primer/site/internal/results"
)

// Bars returns an SVG chart of the median time of every strategy in r,
// with min-max whiskers, paired speedups and the ideal line if r has one.
// Unavailable strategies are listed with their reason.
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
	log := useLog(medians)
	sc := newScale(vs, log, false, pad, width-pad)

	var grid, body svg
	y := pad
	if r.Ideal != nil {
		y = barsIdealLegend(&body, r.Ideal, y)
	}
	top := y
	var bars []float64 // the top of each bar, for the ideal line
	for i, s := range r.Strategies {
		var bar float64
		y, bar = barsRow(&body, sc, i, s, y)
		if bar >= 0 {
			bars = append(bars, bar)
		}
	}
	if r.Ideal != nil {
		// The line crosses the bars only, not the text between them.
		x := num(sc.x(r.Ideal.S))
		body.printf(`<path class="ideal" d="`)
		for _, bar := range bars {
			body.printf("M%s %sV%s", x, num(bar-3), num(bar+barH+3))
		}
		body.printf(`" stroke-dasharray="4 2"/>`)
	}
	title := "median time per run; whiskers: min–max"
	if log {
		title = "log scale: median time, whiskers min–max"
	}
	y = grid.axis(sc, top-4, y-rowGap/2, title)
	return finish("chart-bars", y, fmt.Sprintf("%s: median time per strategy", r.Demo), barsDesc(r, log), &grid, &body), nil
}

// barsIdealLegend writes the key of the ideal line and returns the next y.
func barsIdealLegend(b *svg, id *results.Ideal, y float64) float64 {
	b.printf(`<line class="ideal" x1="%s" y1="%s" x2="%s" y2="%s" stroke-dasharray="4 2"/>`,
		num(pad), num(y+lineH/2), num(pad+20), num(y+lineH/2))
	text := fmt.Sprintf("ideal %s: %s", Seconds(id.S), id.Label)
	for _, line := range wrap(text, width-2*pad-26, smallSz) {
		b.text(pad+26, y+smallSz+1, "muted", "", smallSz, line)
		y += lineH
	}
	return y + 4
}

// barsRow writes strategy i and returns the y of the next row and the top
// of its bar, or -1 when it has none.
func barsRow(b *svg, sc scale, i int, s results.Strategy, y float64) (next, bar float64) {
	value, class := "unavailable", "muted"
	if s.Unavailable == "" {
		value, class = Seconds(s.MedianS), "value"
		if s.Speedup > 0 {
			value += " · " + Ratio(s.Speedup)
		}
	}
	room := width - 2*pad - textWidth(value, fontSize, true) - 8
	nameW := textWidth(s.Name, fontSize, true)
	if nameW > room {
		// A name too long to share its line: the name on lines of its own,
		// the value right-aligned below it.
		y = b.name(s.Name, y)
	} else {
		note := ""
		if s.Label != "" && nameW+textWidth(" "+s.Label, smallSz, false) <= room {
			note, s.Label = s.Label, "" // drawn beside the name
		}
		b.nameNote(s.Name, note, y)
	}
	b.text(width-pad, y+fontSize, class, "end", fontSize, value)
	y += lineH + 2
	for _, note := range []string{s.Label, s.Unavailable} {
		for _, line := range wrap(note, width-2*pad, smallSz) {
			b.text(pad, y+smallSz-2, "muted", "", smallSz, line)
			y += smallSz + 4
		}
	}
	if s.Unavailable != "" {
		return y + rowGap, -1
	}
	b.bar(sc, i%palette, y, s.MedianS, s.MinS, s.MaxS)
	return y + barH + rowGap, y
}

// barsDesc says in words what the bar chart shows.
func barsDesc(r *results.Results, log bool) string {
	var parts, missing []string
	for _, s := range r.Strategies {
		if s.Unavailable != "" {
			missing = append(missing, fmt.Sprintf("%s unavailable (%s)", s.Name, s.Unavailable))
			continue
		}
		p := fmt.Sprintf("%s %s (%s to %s over %d runs", s.Name, Seconds(s.MedianS), Seconds(s.MinS), Seconds(s.MaxS), len(s.RunsS))
		if s.Speedup > 0 {
			p += ", speedup " + Ratio(s.Speedup)
		}
		parts = append(parts, p+")")
	}
	d := "Median time per strategy"
	if log {
		d += " on a log scale"
	}
	d += ": " + strings.Join(append(parts, missing...), ", ") + "."
	if r.Ideal != nil {
		d += fmt.Sprintf(" Ideal: %s, %s.", Seconds(r.Ideal.S), r.Ideal.Label)
	}
	return d
}
