// Package chart draws a demo's results at build time as inline SVG charts,
// with no JavaScript, and as HTML tables for readers who cannot see them.
// Each chart is an <svg role="img"> whose <title> and <desc> say what it
// shows. Colour comes only from classes styled by CSS, so that a
// Content-Security-Policy without 'unsafe-inline' allows the charts.
package chart

import (
	"cmp"
	_ "embed"
	"encoding/xml"
	"errors"
	"fmt"
	"html/template"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/concurrency-primer/site/internal/results"
)

// CSS is the stylesheet that colours the charts and tables, in light and
// dark schemes, through custom properties a site may override.
//
//go:embed chart.css
var CSS string

// Layout in SVG user units, in a viewBox narrow enough for 320 pixels.
const (
	width    = 360.0
	pad      = 8.0
	fontSize = 14.0 // set on the <svg>
	smallSz  = 12.5 // ticks and secondary lines
	palette  = 8    // series colour classes c0...c7
	lineH    = 18.0
	barH     = 14.0
	rowGap   = 12.0
	muted    = ` class="muted"` // the attributes of secondary text

	laneLabelW = 34.0 // room for "w12" left of a timeline's lanes
	laneMaxH   = 14.0
	laneGap    = 4.0
	lanesMaxH  = 180.0 // many workers share this height
)

// svg accumulates markup; strings from results must pass through esc.
type svg struct{ strings.Builder }

// finish wraps grid and body over it in the <svg>, ending below baseline y.
func finish(class string, y float64, title, desc string, grid, body *svg) template.HTML {
	return template.HTML(fmt.Sprintf(`<svg xmlns="http://www.w3.org/2000/svg" class="chart %s" viewBox="0 0 %s %s" width="100%%" role="img" font-size="%s"><title>%s</title><desc>%s</desc>%s%s</svg>`,
		class, num(width), num(y+pad-smallSz), num(fontSize), esc(title), esc(desc), grid, body))
}

func (b *svg) text(x, y float64, attrs, s string) {
	fmt.Fprintf(b, `<text x="%s" y="%s"%s font-size="%s">%s</text>`, num(x), num(y), attrs, num(smallSz), esc(s))
}

// lines writes s wrapped in small text at y+dy, and returns y moved a step a line.
func (b *svg) lines(s string, x, y, dy, step float64, attrs string) float64 {
	for _, line := range wrap(s, width-pad-x, smallSz) {
		b.text(x, y+dy, attrs, line)
		y += step
	}
	return y
}

// name writes a name in bold, wider than wrap measures, and returns the y below.
func (b *svg) name(s string, y float64) float64 {
	for _, line := range wrap(s, (width-2*pad)*0.58/0.63, fontSize) {
		fmt.Fprintf(b, `<text x="%s" y="%s" class="name" font-weight="bold">%s</text>`, num(pad), num(y+fontSize), esc(line))
		y += lineH
	}
	return y
}

func (b *svg) nameNote(name, note string, y float64) {
	fmt.Fprintf(b, `<text x="%s" y="%s"><tspan class="name" font-weight="bold">%s</tspan>`, num(pad), num(y+fontSize), esc(name))
	if note != "" {
		fmt.Fprintf(b, `<tspan class="muted" font-size="%s"> %s</tspan>`, num(smallSz), esc(note))
	}
	b.WriteString("</text>")
}

// bar writes a bar of colour c to v, its top at y, whiskered from lo to hi.
func (b *svg) bar(sc scale, c int, y, v, lo, hi float64) {
	fmt.Fprintf(b, `<rect class="bar c%d" x="%s" y="%s" width="%s" height="%s"/>`,
		c, num(sc.x0), num(y), num(math.Max(sc.x(v)-sc.x0, 1)), num(barH))
	l, h := num(sc.x(lo)), num(sc.x(hi))
	fmt.Fprintf(b, `<path class="whisker" d="M%s %sH%sM%s %sV%sM%s %sV%s"/>`,
		l, num(y+barH/2), h, l, num(y+2), num(y+barH-2), h, num(y+2), num(y+barH-2))
}

// esc escapes s for XML, replacing characters XML cannot hold with U+FFFD.
func esc(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s)) // writes to a strings.Builder never fail
	return b.String()
}

func num(v float64) string {
	return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64)
}

// textWidth overestimates s bold at full size, or small, so layouts err on room.
func textWidth(s string, bold bool) float64 {
	if bold {
		return float64(utf8.RuneCountInString(s)) * fontSize * 0.63
	}
	return float64(utf8.RuneCountInString(s)) * smallSz * 0.58
}

// wrap breaks s at spaces into lines no wider than w, cutting long words.
func wrap(s string, w, size float64) []string {
	n := max(1, int(w/(size*0.58)))
	var lines []string
	for _, word := range strings.Fields(s) {
		r := []rune(word)
		if k := len(lines) - 1; k >= 0 && utf8.RuneCountInString(lines[k])+1+len(r) <= n {
			lines[k] += " " + word
			continue
		}
		for len(r) > n {
			lines = append(lines, string(r[:n]))
			r = r[n:]
		}
		lines = append(lines, string(r))
	}
	return lines
}

func check(r *results.Results) error {
	if r == nil {
		return errors.New("no results")
	}
	return r.Validate()
}

// axis draws the grid from top to y, the ticks and title, and returns the y below.
func (b *svg) axis(s scale, top, y float64, title string) float64 {
	for _, t := range s.ticks {
		fmt.Fprintf(b, `<line class="grid" x1="%s" y1="%s" x2="%s" y2="%s"/>`, num(s.x(t)), num(top), num(s.x(t)), num(y))
	}
	fmt.Fprintf(b, `<line class="axis" x1="%s" y1="%s" x2="%s" y2="%s"/>`, num(s.x0), num(y), num(s.x1), num(y))
	for i, t := range s.ticks {
		x, attrs := s.x(t), ` class="tick" text-anchor="middle"`
		if i == 0 && x-textWidth(s.labels[0], false)/2 < 0 {
			attrs = ` class="tick"`
		}
		b.text(x, y+smallSz+4, attrs, s.labels[i])
	}
	y += 2*smallSz + 10
	for _, line := range wrap(title, width-2*pad, smallSz) {
		b.text(width/2, y, muted+` text-anchor="middle"`, line)
		y += smallSz + 4
	}
	return y
}

// scale maps values to x positions, linearly from zero or by decades.
type scale struct {
	lo, hi, x0, x1 float64 // domain and range; lo is 0 on a linear scale
	log            bool
	ticks          []float64
	labels         []string
}

// newScale returns a scale of vs on x0..x1, its ticks labelled as times or
// ratios ("0.5×"), by decades when the medians, among vs, spread too widely
// for short bars to show; they then span at least two decades.
func newScale(vs, medians []float64, ratio bool, x0, x1 float64) scale {
	s := scale{x0: x0, x1: x1}
	if lo, hi := span(medians); hi/lo > 100 {
		s.log = true
		lo, hi := span(vs)
		elo := math.Floor(math.Log10(lo) + 1e-9)
		ehi := math.Ceil(math.Log10(hi) - 1e-9)
		// At most about five labels: more crowd a phone's width.
		k := math.Ceil((ehi - elo) / 5)
		ehi = elo + k*math.Ceil((ehi-elo)/k)
		s.lo, s.hi = math.Pow(10, elo), math.Pow(10, ehi)
		for e := elo; e <= ehi; e += k {
			s.ticks = append(s.ticks, math.Pow(10, e))
		}
	} else {
		hi := cmp.Or(slices.Max(append(vs, 0)), 1e-9)
		// About five steps of 1, 2 or 5 times a power of ten.
		p := math.Pow(10, math.Floor(math.Log10(hi/5)))
		step := 10 * p
		for _, m := range []float64{5, 2, 1} {
			if m*p >= hi/5*(1-1e-9) {
				step = m * p
			}
		}
		n := math.Ceil(hi/step - 1e-9)
		s.hi = n * step
		for i := 0.0; i <= n; i++ {
			s.ticks = append(s.ticks, i*step)
		}
	}
	for _, t := range s.ticks {
		div, unit := timeUnit(s.hi)
		switch {
		case t == 0:
			unit = ""
		case ratio:
			div, unit = 1, "×"
		case s.log:
			div, unit = timeUnit(t * (1 + 1e-9))
		}
		s.labels = append(s.labels, strconv.FormatFloat(math.Round(t/div*1e6)/1e6, 'f', -1, 64)+unit)
	}
	// Pull the right end in so that the last label, centred, fits.
	s.x1 -= textWidth(s.labels[len(s.labels)-1], false) / 2
	return s
}

// span returns the least and the greatest of the values above zero.
func span(vs []float64) (lo, hi float64) {
	lo = math.Inf(1)
	for _, v := range vs {
		if v > 0 {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	return lo, hi
}

func (s scale) x(v float64) float64 {
	f := v / s.hi
	if s.log {
		f = math.Log10(v/s.lo) / math.Log10(s.hi/s.lo)
	}
	return s.x0 + math.Max(0, math.Min(1, f))*(s.x1-s.x0)
}

// Seconds formats a duration like Number, in the unit that keeps it between
// 1 and 1000: "412 ms", "85.0 ns". Zero is "0 s", a non-finite value "n/a".
func Seconds(s float64) string {
	if s == 0 {
		return "0 s"
	}
	r := round3(s) // not finite: NaN, which number says is "n/a"
	div, unit := timeUnit(math.Abs(r))
	return number(r/div, unit)
}

// Ratio formats a ratio such as a speedup like Number: "1.96×", "0.512×".
func Ratio(x float64) string {
	return number(x, "×")
}

// Number formats x with three significant digits, never in exponent form
// ("1.97", "1230"), so that prose quotes results as the charts show them.
func Number(x float64) string {
	return number(x, "")
}

func number(x float64, unit string) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "n/a"
	}
	if x == 0 {
		return "0" + unit
	}
	r := round3(x)
	return strconv.FormatFloat(r, 'f', max(0, 2-int(math.Floor(math.Log10(math.Abs(r))))), 64) + unit
}

func timeUnit(s float64) (float64, string) {
	units := []string{" s", " ms", " µs"}
	for i, div := range []float64{1, 1e-3, 1e-6} {
		if s >= div {
			return div, units[i]
		}
	}
	return 1e-9, " ns"
}

// round3 rounds x, which is not zero, to three significant digits.
func round3(x float64) float64 {
	p := math.Pow(10, 2-math.Floor(math.Log10(math.Abs(x))))
	return math.Round(x*p) / p
}
