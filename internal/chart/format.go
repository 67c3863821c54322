package chart

import (
	"math"
	"strconv"
)

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
	return Number(r/div) + " " + unit
}

// Ratio formats a ratio such as a speedup with three significant digits
// and a multiplication sign: "1.96×", "12.3×", "0.512×".
func Ratio(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "n/a"
	}
	return Number(x) + "×"
}

// Number formats a plain number with three significant digits ("1.97",
// "12.3", "1230"), never in exponent form, the way Seconds and Ratio
// format theirs.
func Number(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "n/a"
	}
	if x == 0 {
		return "0"
	}
	r := round3(x)
	decimals := max(0, 2-int(math.Floor(math.Log10(math.Abs(r)))))
	return strconv.FormatFloat(r, 'f', decimals, 64)
}

// timeUnit picks the divisor and name of the unit for a time of s seconds.
func timeUnit(s float64) (float64, string) {
	switch {
	case s >= 1:
		return 1, "s"
	case s >= 1e-3:
		return 1e-3, "ms"
	case s >= 1e-6:
		return 1e-6, "µs"
	default:
		return 1e-9, "ns"
	}
}

// round3 rounds x, which is not zero, to three significant digits.
func round3(x float64) float64 {
	p := math.Pow(10, 2-math.Floor(math.Log10(math.Abs(x))))
	return math.Round(x*p) / p
}
