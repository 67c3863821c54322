package chart

import (
	"math"
	"strconv"
)

// scale maps seconds to x positions, linearly from zero or by decades.
type scale struct {
	lo, hi float64 // domain in seconds; lo is 0 on a linear scale
	x0, x1 float64 // range in user units
	log    bool
	ticks  []tick
}

// tick is one labelled position on the axis.
type tick struct {
	v     float64
	label string
}

// logThreshold is the ratio of the largest to the smallest median above
// which bars use a log scale: beyond it the short bars would be invisible.
const logThreshold = 100

// newScale returns a scale covering every value in vs on x0..x1, its
// ticks labelled as times, or as ratios such as speedups ("0.5×", "1×",
// "10×") when ratio is set. A log scale needs a value above zero, which
// useLog ensures.
func newScale(vs []float64, log, ratio bool, x0, x1 float64) scale {
	var s scale
	if log {
		s = logScale(vs, x0, x1)
	} else {
		s = linearScale(vs, x0, x1)
	}
	if ratio {
		for i, t := range s.ticks {
			s.ticks[i].label = tickLabel(t.v, 1, "×")
		}
	}
	// Pull the right end in so that the last label, centred on its tick
	// like the others, still fits inside the chart.
	s.x1 -= textWidth(s.ticks[len(s.ticks)-1].label, smallSz, false) / 2
	return s
}

// useLog reports whether medians spread too widely for a linear axis.
func useLog(medians []float64) bool {
	lo, hi := math.Inf(1), 0.0
	for _, m := range medians {
		if m > 0 {
			lo, hi = math.Min(lo, m), math.Max(hi, m)
		}
	}
	return hi > 0 && hi/lo > logThreshold
}

func linearScale(vs []float64, x0, x1 float64) scale {
	hi := 0.0
	for _, v := range vs {
		hi = math.Max(hi, v)
	}
	if hi <= 0 {
		hi = 1e-9
	}
	step := niceStep(hi / 5)
	n := math.Ceil(hi/step - 1e-9)
	s := scale{hi: n * step, x0: x0, x1: x1}
	div, unit := timeUnit(s.hi)
	for i := 0.0; i <= n; i++ {
		v := i * step
		s.ticks = append(s.ticks, tick{v, tickLabel(v, div, " "+unit)})
	}
	return s
}

func logScale(vs []float64, x0, x1 float64) scale {
	lo, hi := math.Inf(1), 0.0
	for _, v := range vs {
		if v > 0 {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	elo := math.Floor(math.Log10(lo) + 1e-9)
	ehi := math.Ceil(math.Log10(hi) - 1e-9)
	if ehi <= elo {
		ehi = elo + 1
	}
	// At most about five labels: beyond that they crowd a phone's width.
	k := math.Ceil((ehi - elo) / 5)
	ehi = elo + k*math.Ceil((ehi-elo)/k)
	s := scale{lo: math.Pow(10, elo), hi: math.Pow(10, ehi), x0: x0, x1: x1, log: true}
	for e := elo; e <= ehi; e += k {
		v := math.Pow(10, e)
		div, unit := timeUnit(v * (1 + 1e-9))
		s.ticks = append(s.ticks, tick{v, tickLabel(v, div, " "+unit)})
	}
	return s
}

// tickLabel prints the tick at v in the unit div, followed by suffix,
// with as few digits as it needs ("0", "150 ms", "1.5 s").
func tickLabel(v, div float64, suffix string) string {
	if v == 0 {
		return "0"
	}
	return strconv.FormatFloat(math.Round(v/div*1e6)/1e6, 'f', -1, 64) + suffix
}

// niceStep returns the number of the form 1, 2 or 5 times a power of ten
// nearest above raw.
func niceStep(raw float64) float64 {
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5} {
		if m*p >= raw*(1-1e-9) {
			return m * p
		}
	}
	return 10 * p
}

// x returns the position of v, clamped to the range.
func (s scale) x(v float64) float64 {
	var f float64
	if s.log {
		if v <= s.lo {
			return s.x0
		}
		f = math.Log10(v/s.lo) / math.Log10(s.hi/s.lo)
	} else {
		f = v / s.hi
	}
	f = math.Max(0, math.Min(1, f))
	return s.x0 + f*(s.x1-s.x0)
}
