package chart

import (
	"cmp"
	"math"
	"slices"
	"strconv"
)

// scale maps values to x positions, linearly from zero or by decades.
type scale struct {
	lo, hi, x0, x1 float64 // domain and range; lo is 0 on a linear scale
	log            bool
	ticks          []float64
	labels         []string
}

// newScale returns a scale covering every value in vs on x0..x1, its ticks
// labelled as times or, when ratio is set, as ratios ("0.5×", "10×"). A log
// scale needs a value above zero, which useLog ensures.
func newScale(vs []float64, log, ratio bool, x0, x1 float64) scale {
	s := scale{x0: x0, x1: x1, log: log}
	if log {
		lo, hi := span(vs)
		elo := math.Floor(math.Log10(lo) + 1e-9)
		ehi := math.Max(math.Ceil(math.Log10(hi)-1e-9), elo+1)
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
		div, unit := 1.0, "×"
		if !ratio && log {
			div, unit = timeUnit(t * (1 + 1e-9))
		} else if !ratio {
			div, unit = timeUnit(s.hi)
		}
		label := "0"
		if t != 0 {
			label = strconv.FormatFloat(math.Round(t/div*1e6)/1e6, 'f', -1, 64) + unit
		}
		s.labels = append(s.labels, label)
	}
	// Pull the right end in so that the last label, centred, fits.
	s.x1 -= textWidth(s.labels[len(s.labels)-1], smallSz, false) / 2
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

// useLog reports whether medians spread too widely for a linear axis, on
// which the short bars would vanish.
func useLog(medians []float64) bool {
	lo, hi := span(medians)
	return hi > 0 && hi/lo > 100
}

// x returns the position of v, clamped to the range.
func (s scale) x(v float64) float64 {
	f := v / s.hi
	if s.log {
		f = math.Log10(v/s.lo) / math.Log10(s.hi/s.lo)
	}
	return s.x0 + math.Max(0, math.Min(1, f))*(s.x1-s.x0)
}

// Seconds formats a duration in seconds with three significant digits and
// the unit that keeps the number between 1 and 1000: "412 ms", "1.96 s",
// "85.0 ns". Zero is "0 s"; a value that is not a finite number is "n/a".
func Seconds(s float64) string {
	if math.IsNaN(s) || math.IsInf(s, 0) {
		return "n/a"
	}
	if s == 0 {
		return "0 s"
	}
	r := round3(s)
	div, unit := timeUnit(math.Abs(r))
	return Number(r/div) + unit
}

// Ratio formats a ratio such as a speedup like Number: "1.96×", "0.512×".
func Ratio(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "n/a"
	}
	return Number(x) + "×"
}

// Number formats x with three significant digits, never in exponent form
// ("1.97", "1230"), so that prose quotes results as the charts show them.
func Number(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "n/a"
	}
	if x == 0 {
		return "0"
	}
	r := round3(x)
	return strconv.FormatFloat(r, 'f', max(0, 2-int(math.Floor(math.Log10(math.Abs(r))))), 64)
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
