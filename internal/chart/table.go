package chart

import (
	"fmt"
	"html/template"
	"strconv"

	"github.com/concurrency-primer/site/internal/results"
)

// Table returns the numbers of Bars as an HTML table with class
// chart-table, formatted as in the chart, for screen readers and for
// copying. It scrolls sideways in a focusable region on a narrow phone.
func Table(r *results.Results) (template.HTML, error) {
	if err := check(r); err != nil {
		return "", fmt.Errorf("writing results table: %w", err)
	}
	speedups, cores := false, false
	for _, s := range r.Strategies {
		speedups = speedups || s.Speedup > 0
		cores = cores || s.CoresUsed > 0
	}
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
			t.printf(`<tr><th scope="row">%s`, esc(s.Name))
			if s.Label != "" {
				t.printf(` <span class="chart-label">%s</span>`, esc(s.Label))
			}
			t.printf("</th>")
			if s.Unavailable != "" {
				t.printf(`<td colspan="%d">unavailable: %s</td></tr>`, len(cols), esc(s.Unavailable))
				continue
			}
			t.cells(Seconds(s.MedianS), Seconds(s.MinS), Seconds(s.MaxS), strconv.Itoa(len(s.RunsS)))
			if speedups {
				t.cells(optional(s.Speedup, Ratio))
			}
			if cores {
				t.cells(optional(s.CoresUsed, Number))
			}
			t.printf("</tr>")
		}
	}), nil
}

// VersusTable returns the numbers of Versus as an HTML table like Table's:
// for each strategy both demos have, each one's median and, when the chart
// compares them, speedup.
func VersusTable(a, b *results.Results) (template.HTML, error) {
	d, err := newVersus(a, b)
	if err != nil {
		return "", fmt.Errorf("writing versus table: %w", err)
	}
	cols := []string{d.short[0] + " median", d.short[1] + " median"}
	if d.speedups {
		cols = append(cols, d.short[0]+" speedup", d.short[1]+" speedup")
	}
	var foot [][2]string
	for i, only := range d.only {
		if only != "" {
			foot = append(foot, [2]string{"only in " + d.demo[i], only})
		}
	}
	return table(d.title, d.title, cols, foot, func(t *svg) {
		for _, p := range d.pairs {
			t.printf(`<tr><th scope="row">%s</th>`, esc(p.name))
			for _, s := range p.s {
				if s.Unavailable != "" {
					t.cells("unavailable")
				} else {
					t.cells(Seconds(s.MedianS))
				}
			}
			if d.speedups {
				t.cells(optional(p.s[0].Speedup, Ratio), optional(p.s[1].Speedup, Ratio))
			}
			t.printf("</tr>")
		}
	}), nil
}

// table writes a chart-table in a region that scrolls: a heading row of
// Strategy and cols, the rows that body writes, and foot's rows of a
// heading and text spanning the columns.
func table(label, caption string, cols []string, foot [][2]string, body func(t *svg)) template.HTML {
	var t svg
	t.printf(`<div class="chart-scroll" role="region" tabindex="0" aria-label="%s results">`, esc(label))
	t.printf(`<table class="chart-table"><caption>%s</caption><thead><tr><th scope="col">Strategy</th>`, esc(caption))
	for _, c := range cols {
		t.printf(`<th scope="col" class="num">%s</th>`, esc(c))
	}
	t.printf("</tr></thead><tbody>")
	body(&t)
	t.printf("</tbody>")
	if len(foot) > 0 {
		t.printf("<tfoot>")
		for _, f := range foot {
			t.printf(`<tr><th scope="row">%s</th><td colspan="%d">%s</td></tr>`, esc(f[0]), len(cols), esc(f[1]))
		}
		t.printf("</tfoot>")
	}
	t.printf("</table></div>")
	return template.HTML(t.String())
}

// cells writes a numeric cell for each of vs.
func (t *svg) cells(vs ...string) {
	for _, v := range vs {
		t.printf(`<td class="num">%s</td>`, esc(v))
	}
}

// optional formats v, or a dash when it was not measured.
func optional(v float64, format func(float64) string) string {
	if v == 0 {
		return "–"
	}
	return format(v)
}
