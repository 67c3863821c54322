// Package chart draws a demo's results as inline SVG charts at build time,
// with no JavaScript, ready to put in a page.
//
// Bars draws the median time of each strategy as a horizontal bar, one row
// per strategy with its name and value in words, the min-max spread of its
// repeats as a whisker, its paired speedup and, when the results give one,
// the ideal time as a dashed line. When the largest median is more than
// 100 times the smallest, the axis is logarithmic and says so. Timeline
// draws, for each strategy, one lane per worker and one box per task: a
// full filled box while the worker computes ("run"), a thin dashed outline
// while it waits, so the two kinds differ by shape and not only by colour.
// Versus draws the same work done by two demos, such as a Python demo and
// its Go twin ("the same work, CPython vs Go"): for each strategy name both
// have, the two speedups (or medians, when a demo reports no speedups)
// side by side, each bar labelled with its language. Table gives the
// numbers of Bars, and VersusTable those of Versus, as a plain HTML table
// for readers who cannot see the chart and for copying; Seconds, Ratio and
// Number format numbers the same way for quoting them in prose.
//
// The charts scale to the width of their container (a viewBox and a width
// of 100%, no fixed size) and are laid out to stay readable 320 pixels
// wide. Each is an <svg role="img"> whose <title> and <desc> say in words
// what the chart shows. Every string taken from results is escaped.
//
// Geometry (positions, font sizes, text anchors) is written as SVG
// attributes; colour comes only from the classes styled by CSS, the file
// chart.css, which a site appends to its stylesheet. There is no style
// attribute and no <style> element, so a Content-Security-Policy without
// 'unsafe-inline' allows the charts. CSS defines light and dark colours
// through custom properties on .chart and .chart-table, which a site may
// override:
//
//	--chart-bg, --chart-fg, --chart-muted, --chart-grid, --chart-axis:
//	    background, text, secondary text, grid lines and the axis
//	--chart-c0 ... --chart-c7: the colour-blind-safe series colours
//	    (Okabe and Ito), given to strategies in order as classes c0...c7
//
// A chart is as wide as its container up to 32rem (svg.chart in chart.css),
// beyond which its text would grow past reading size. Table wraps its table
// in a focusable region that scrolls sideways on a narrow phone.
//
// The output depends only on the results, so it can be compared with
// golden files.
package chart

import (
	_ "embed"
	"encoding/xml"
	"errors"
	"fmt"
	"html/template"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/concurrency-primer/site/internal/results"
)

// CSS is the stylesheet the charts and tables need: colours for light and
// dark schemes, through classes and custom properties only.
//
//go:embed chart.css
var CSS string

// Layout constants in SVG user units. The viewBox is narrow so that text
// stays legible when a phone shrinks the chart to 320 pixels.
const (
	width    = 360.0
	pad      = 8.0
	fontSize = 14.0 // default text, set on the <svg>
	smallSz  = 12.5 // axis ticks and secondary lines
	palette  = 8    // series colour classes c0...c7
	lineH    = 18.0 // one line of text
	barH     = 14.0
	rowGap   = 12.0 // between the rows of a bar chart
)

// svg accumulates the markup of one chart.
type svg struct {
	strings.Builder
}

// printf writes formatted markup; arguments that come from results must
// already be escaped.
func (b *svg) printf(format string, args ...any) {
	fmt.Fprintf(b, format, args...)
}

// finish returns the chart: the <svg> element with its title and
// description, then grid, drawn first so that it lies under body. The
// height ends pad below y, the baseline of the last line of text.
func finish(class string, y float64, title, desc string, grid, body *svg) template.HTML {
	var b svg
	b.printf(`<svg xmlns="http://www.w3.org/2000/svg" class="chart %s" viewBox="0 0 %s %s" width="100%%" role="img" font-size="%s">`,
		class, num(width), num(y+pad-smallSz), num(fontSize))
	b.printf("<title>%s</title><desc>%s</desc>", esc(title), esc(desc))
	b.WriteString(grid.String())
	b.WriteString(body.String())
	b.WriteString("</svg>")
	return template.HTML(b.String())
}

// text writes a <text> element; s is escaped here.
func (b *svg) text(x, y float64, class, anchor string, size float64, s string) {
	b.printf(`<text x="%s" y="%s"`, num(x), num(y))
	if class != "" {
		b.printf(` class="%s"`, class)
	}
	if anchor != "" && anchor != "start" {
		b.printf(` text-anchor="%s"`, anchor)
	}
	if size != fontSize {
		b.printf(` font-size="%s"`, num(size))
	}
	b.printf(">%s</text>", esc(s))
}

// name writes a strategy's name in bold from y, on lines of its own, and
// returns the y below it.
func (b *svg) name(s string, y float64) float64 {
	// wrap measures regular text: bold is wider by 0.63/0.58.
	for _, line := range wrap(s, (width-2*pad)*0.58/0.63, fontSize) {
		b.printf(`<text x="%s" y="%s" class="name" font-weight="bold">%s</text>`, num(pad), num(y+fontSize), esc(line))
		y += lineH
	}
	return y
}

// nameNote writes a strategy's name in bold on one line at y, followed by
// note in small muted text unless note is empty.
func (b *svg) nameNote(name, note string, y float64) {
	b.printf(`<text x="%s" y="%s"><tspan class="name" font-weight="bold">%s</tspan>`, num(pad), num(y+fontSize), esc(name))
	if note != "" {
		b.printf(`<tspan class="muted" font-size="%s"> %s</tspan>`, num(smallSz), esc(note))
	}
	b.printf("</text>")
}

// bar writes a bar of colour class c from the left end of sc to v, its top
// at y, with a whisker from lo to hi.
func (b *svg) bar(sc scale, c int, y, v, lo, hi float64) {
	b.printf(`<rect class="bar c%d" x="%s" y="%s" width="%s" height="%s"/>`,
		c, num(sc.x0), num(y), num(math.Max(sc.x(v)-sc.x0, 1)), num(barH))
	l, h := num(sc.x(lo)), num(sc.x(hi))
	b.printf(`<path class="whisker" d="M%s %sH%sM%s %sV%sM%s %sV%s"/>`,
		l, num(y+barH/2), h, l, num(y+2), num(y+barH-2), h, num(y+2), num(y+barH-2))
}

// esc escapes s for XML text and attributes, replacing characters XML
// cannot hold with U+FFFD.
func esc(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s)) // writes to a strings.Builder never fail
	return b.String()
}

// num prints a coordinate with at most two decimals.
func num(v float64) string {
	return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64)
}

// textWidth estimates the width of s in user units at the given size; the
// factor is a little above the average advance of sans-serif fonts, so
// layouts err on the side of room.
func textWidth(s string, size float64, bold bool) float64 {
	f := 0.58
	if bold {
		f = 0.63
	}
	return float64(utf8.RuneCountInString(s)) * size * f
}

// wrap breaks s into lines no wider than w at the given size, at spaces; a
// word longer than a line is cut.
func wrap(s string, w, size float64) []string {
	n := max(1, int(w/(size*0.58)))
	var lines []string
	var line []rune
	for _, word := range strings.Fields(s) {
		r := []rune(word)
		if len(line) > 0 && len(line)+1+len(r) <= n {
			line = append(append(line, ' '), r...)
			continue
		}
		if len(line) > 0 {
			lines = append(lines, string(line))
		}
		for len(r) > n {
			lines = append(lines, string(r[:n]))
			r = r[n:]
		}
		line = r
	}
	if len(line) > 0 {
		lines = append(lines, string(line))
	}
	return lines
}

// check returns an error when r cannot be drawn.
func check(r *results.Results) error {
	if r == nil {
		return errors.New("no results")
	}
	return r.Validate()
}

// axis draws the grid lines from top to the axis at y, the tick labels
// below it and the axis title, and returns the y below everything.
func (b *svg) axis(s scale, top, y float64, title string) float64 {
	for _, t := range s.ticks {
		x := s.x(t.v)
		b.printf(`<line class="grid" x1="%s" y1="%s" x2="%s" y2="%s"/>`, num(x), num(top), num(x), num(y))
	}
	b.printf(`<line class="axis" x1="%s" y1="%s" x2="%s" y2="%s"/>`, num(s.x0), num(y), num(s.x1), num(y))
	for i, t := range s.ticks {
		x, anchor := s.x(t.v), "middle"
		if i == 0 && x-textWidth(t.label, smallSz, false)/2 < 0 {
			anchor = "start"
		}
		b.text(x, y+smallSz+4, "tick", anchor, smallSz, t.label)
	}
	y += 2*smallSz + 10
	for _, line := range wrap(title, width-2*pad, smallSz) {
		b.text(width/2, y, "muted", "middle", smallSz, line)
		y += smallSz + 4
	}
	return y
}
