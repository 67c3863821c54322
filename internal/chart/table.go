package chart

import (
	"fmt"
	"html/template"
	"strings"

	"github.com/concurrency-primer/site/internal/results"
)

// Table returns the numbers of Bars as an HTML table with class
// chart-table, formatted as in the chart, for a page to put beside it (in a
// <details>, say) for screen readers and for copying. The table is wrapped
// in a focusable region that scrolls sideways when a phone is too narrow
// for it.
func Table(r *results.Results) (template.HTML, error) {
	if err := check(r); err != nil {
		return "", fmt.Errorf("writing results table: %w", err)
	}
	speedups, cores := false, false
	for _, s := range r.Strategies {
		speedups = speedups || s.Speedup > 0
		cores = cores || s.CoresUsed > 0
	}
	var b svg
	b.printf(`<div class="chart-scroll" role="region" tabindex="0" aria-label="%s results">`, esc(r.Demo))
	b.printf(`<table class="chart-table"><caption>%s: time per run of each strategy</caption><thead><tr><th scope="col">Strategy</th>`, esc(r.Demo))
	b.printf(`<th scope="col" class="num">Median</th><th scope="col" class="num">Min</th><th scope="col" class="num">Max</th><th scope="col" class="num">Runs</th>`)
	cols := 4
	if speedups {
		b.printf(`<th scope="col" class="num">Speedup</th>`)
		cols++
	}
	if cores {
		b.printf(`<th scope="col" class="num">Cores used</th>`)
		cols++
	}
	b.printf("</tr></thead><tbody>")
	for _, s := range r.Strategies {
		b.printf(`<tr><th scope="row">%s`, esc(s.Name))
		if s.Label != "" {
			b.printf(` <span class="chart-label">%s</span>`, esc(s.Label))
		}
		b.printf("</th>")
		if s.Unavailable != "" {
			b.printf(`<td colspan="%d">unavailable: %s</td></tr>`, cols, esc(s.Unavailable))
			continue
		}
		b.printf(`<td class="num">%s</td><td class="num">%s</td><td class="num">%s</td><td class="num">%d</td>`,
			esc(Seconds(s.MedianS)), esc(Seconds(s.MinS)), esc(Seconds(s.MaxS)), len(s.RunsS))
		if speedups {
			b.printf(`<td class="num">%s</td>`, esc(optional(s.Speedup, Ratio)))
		}
		if cores {
			b.printf(`<td class="num">%s</td>`, esc(optional(s.CoresUsed, Number)))
		}
		b.printf("</tr>")
	}
	b.printf("</tbody>")
	if r.Ideal != nil {
		b.printf(`<tfoot><tr><th scope="row">ideal</th><td colspan="%d">%s: %s</td></tr></tfoot>`,
			cols, esc(Seconds(r.Ideal.S)), esc(r.Ideal.Label))
	}
	b.printf("</table></div>")
	return template.HTML(b.String()), nil
}

// optional formats v, or a dash when it was not measured.
func optional(v float64, format func(float64) string) string {
	if v == 0 {
		return "–"
	}
	return format(v)
}

// VersusTable returns the numbers of Versus as an HTML table like Table's:
// for each strategy both demos have, each one's median and, when the chart
// compares them, speedup.
func VersusTable(a, b *results.Results) (template.HTML, error) {
	d, err := newVersus(a, b)
	if err != nil {
		return "", fmt.Errorf("writing versus table: %w", err)
	}
	var t svg
	t.printf(`<div class="chart-scroll" role="region" tabindex="0" aria-label="%s results">`, esc(d.title()))
	t.printf(`<table class="chart-table"><caption>%s</caption><thead><tr><th scope="col">Strategy</th>`, esc(d.title()))
	columns := []string{"median"}
	if d.speedups {
		columns = append(columns, "speedup")
	}
	for _, c := range columns {
		for _, run := range d.runs {
			t.printf(`<th scope="col" class="num">%s %s</th>`, esc(run.short), c)
		}
	}
	t.printf("</tr></thead><tbody>")
	for _, p := range d.pairs {
		t.printf(`<tr><th scope="row">%s</th>`, esc(p.name))
		for _, s := range p.s {
			if s.Unavailable != "" {
				t.printf(`<td class="num">unavailable</td>`)
				continue
			}
			t.printf(`<td class="num">%s</td>`, esc(Seconds(s.MedianS)))
		}
		if d.speedups {
			for _, s := range p.s {
				t.printf(`<td class="num">%s</td>`, esc(optional(s.Speedup, Ratio)))
			}
		}
		t.printf("</tr>")
	}
	t.printf("</tbody>")
	if len(d.only[0])+len(d.only[1]) > 0 {
		t.printf("<tfoot>")
		for i, only := range d.only {
			if len(only) > 0 {
				t.printf(`<tr><th scope="row">only in %s</th><td colspan="%d">%s</td></tr>`,
					esc(d.runs[i].r.Demo), 2*len(columns), esc(strings.Join(only, ", ")))
			}
		}
		t.printf("</tfoot>")
	}
	t.printf("</table></div>")
	return template.HTML(t.String()), nil
}
