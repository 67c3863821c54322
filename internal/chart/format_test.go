package chart

import (
	"math"
	"regexp"
	"strings"
	"testing"
)

func TestSeconds(t *testing.T) {
	tests := []struct {
		in   float64
		want string
	}{
		{0, "0 s"},
		{0.412, "412 ms"},
		{0.2084, "208 ms"},
		{1.96, "1.96 s"},
		{12.34, "12.3 s"},
		{1234.5, "1230 s"},
		{0.0999999, "100 ms"},
		{0.9996, "1.00 s"},
		{0.0009996, "1.00 ms"},
		{4.5e-8, "45.0 ns"},
		{2.1e-7, "210 ns"},
		{6.1e-6, "6.10 µs"},
		{5e-10, "0.500 ns"},
		{-0.012, "-12.0 ms"},
		{math.NaN(), "n/a"},
		{math.Inf(1), "n/a"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := Seconds(tt.in); got != tt.want {
				t.Errorf("Seconds(%v) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestRatioNumber(t *testing.T) {
	tests := []struct {
		f    func(float64) string
		in   float64
		want string
	}{
		{Ratio, 1.9634, "1.96×"},
		{Ratio, 1, "1.00×"},
		{Ratio, 12.34, "12.3×"},
		{Ratio, 0.5123, "0.512×"},
		{Ratio, 1999, "2000×"},
		{Ratio, math.NaN(), "n/a"},
		{Number, 1.974, "1.97"},
		{Number, 0, "0"},
		{Number, 0.04123, "0.0412"},
		{Number, 99.96, "100"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := tt.f(tt.in); got != tt.want {
				t.Errorf("(%v) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestScale(t *testing.T) {
	tests := []struct {
		name   string
		vs     []float64
		log    bool
		labels string
	}{
		{"linear ms", []float64{0.205, 0.42}, false, "0,100 ms,200 ms,300 ms,400 ms,500 ms"},
		{"linear s", []float64{1.4, 1.6}, false, "0,0.5 s,1 s,1.5 s,2 s"},
		{"linear exact", []float64{0.4}, false, "0,100 ms,200 ms,300 ms,400 ms"},
		{"linear µs", []float64{7.3e-6}, false, "0,2 µs,4 µs,6 µs,8 µs"},
		{"all zero", []float64{0}, false, "0,0.2 ns,0.4 ns,0.6 ns,0.8 ns,1 ns"},
		{"log decades", []float64{4.4e-8, 4.7e-4}, true, "10 ns,100 ns,1 µs,10 µs,100 µs,1 ms"},
		{"log wide", []float64{1e-9, 20}, true, "1 ns,1 µs,1 ms,1 s,1000 s"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var medians []float64
			if tt.log {
				medians = tt.vs
			}
			s := newScale(tt.vs, medians, false, 0, 100)
			if s.log != tt.log {
				t.Errorf("log %v, want %v", s.log, tt.log)
			}
			if g := strings.Join(s.labels, ","); g != tt.labels {
				t.Errorf("ticks %s, want %s", g, tt.labels)
			}
			if x := s.x(s.hi); x != s.x1 || x > 100 || x < 70 {
				t.Errorf("x(hi) = %v, want the right end, a little inside 100", x)
			}
			for _, v := range tt.vs {
				if x := s.x(v); x < 0 || x > 100 {
					t.Errorf("x(%v) = %v, outside the range", v, x)
				}
			}
		})
	}
}

func TestUseLog(t *testing.T) {
	useLog := func(medians []float64) bool { return newScale(medians, medians, false, 0, 100).log }
	if useLog([]float64{0.2, 0.41}) {
		t.Error("log scale for medians a factor 2 apart")
	}
	if !useLog([]float64{4.5e-8, 4.2e-4}) {
		t.Error("linear scale for medians 10^4 apart")
	}
	if useLog([]float64{0, 0.1}) {
		t.Error("log scale because of a zero median")
	}
}

func TestWrap(t *testing.T) {
	for _, s := range []string{"", "short", "needs /dev/shm, which this machine does not mount at all, so shm cannot run", strings.Repeat("x", 100)} {
		lines := wrap(s, 120, smallSz)
		if strings.Join(strings.Fields(strings.Join(lines, "")), "") != strings.Join(strings.Fields(s), "") {
			t.Errorf("wrap(%q) lost text: %q", s, lines)
		}
		for _, l := range lines {
			if w := textWidth(l, false); w > 120 {
				t.Errorf("wrap(%q): line %q is %v wide, want at most 120", s, l, w)
			}
		}
	}
}

// TestCSSPrintLight checks that the dark colours are for screens only, as
// in the theme's stylesheet: a chart printed from a dark system is light.
func TestCSSPrintLight(t *testing.T) {
	if n, m := strings.Count(CSS, "prefers-color-scheme"), strings.Count(CSS, "@media screen and (prefers-color-scheme: dark)"); n != 1 || m != 1 {
		t.Errorf("chart.css has %d prefers-color-scheme queries, %d of them screen-only dark; want one, screen-only", n, m)
	}
}

// TestCSSContrast checks the text colours of chart.css against its
// background in both colour schemes (WCAG AA: 4.5) without a browser.
func TestCSSContrast(t *testing.T) {
	dark := strings.Index(CSS, "prefers-color-scheme: dark")
	if dark < 0 {
		t.Fatal("chart.css has no dark colour scheme")
	}
	prop := regexp.MustCompile(`--chart-(bg|fg|muted):\s*#([0-9a-f]{6});`)
	for name, block := range map[string]string{"light": CSS[:dark], "dark": CSS[dark:]} {
		t.Run(name, func(t *testing.T) {
			colours := map[string][3]float64{}
			for _, m := range prop.FindAllStringSubmatch(block, 3) {
				var c [3]float64
				for i := range c {
					var v int
					for _, h := range m[2][2*i : 2*i+2] {
						v = v*16 + strings.IndexRune("0123456789abcdef", h)
					}
					c[i] = float64(v)
				}
				colours[m[1]] = c
			}
			if len(colours) != 3 {
				t.Fatalf("found colours %v, want bg, fg and muted", colours)
			}
			for _, fg := range []string{"fg", "muted"} {
				if c := contrast(colours[fg], colours["bg"]); c < 4.5 {
					t.Errorf("--chart-%s on --chart-bg: contrast %.2f, want at least 4.5", fg, c)
				}
			}
		})
	}
}
