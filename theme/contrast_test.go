package theme_test

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/concurrency-primer/site/theme"
)

// colourVar matches a custom property holding a #rrggbb colour.
var colourVar = regexp.MustCompile(`--([a-z-]+):\s*#([0-9a-fA-F]{6});`)

// palettes returns the colours of static/style.css: the light palette of
// its first :root rule, and the dark one, which overrides it.
func palettes(t *testing.T) map[string]map[string]string {
	data, err := theme.FS.ReadFile("static/style.css")
	if err != nil {
		t.Fatal(err)
	}
	css := string(data)
	dark := strings.Index(css, "(prefers-color-scheme: dark)")
	if dark < 0 {
		t.Fatal("style.css has no dark palette")
	}
	read := func(s string) map[string]string {
		m := map[string]string{}
		for _, v := range colourVar.FindAllStringSubmatch(s, -1) {
			m[v[1]] = v[2]
		}
		return m
	}
	light := read(css[:dark])
	darkVars := read(css[dark : dark+strings.Index(css[dark:], "}\n}")])
	merged := map[string]string{}
	for k, v := range light {
		merged[k] = v
	}
	for k, v := range darkVars {
		merged[k] = v
	}
	return map[string]map[string]string{"light": light, "dark": merged}
}

// TestContrast checks the theme's colour pairs against WCAG 2.2 AA: 4.5:1
// for text, 3:1 for the focus ring and diagram outlines against the page.
func TestContrast(t *testing.T) {
	pairs := []struct {
		fg, bg string
		min    float64
	}{
		{"fg", "bg", 4.5}, {"fg", "surface", 4.5}, {"fg", "mark", 4.5},
		{"muted", "bg", 4.5}, {"muted", "surface", 4.5},
		{"link", "bg", 4.5}, {"link", "surface", 4.5},
		{"link-visited", "bg", 4.5}, {"link-visited", "surface", 4.5},
		{"accent", "bg", 4.5}, {"accent", "surface", 4.5},
		{"focus", "bg", 3}, {"focus", "surface", 3},
		// Diagrams: labels sit on the task fills; outlines must stand out.
		{"fg", "diagram-a", 4.5}, {"fg", "diagram-b", 4.5},
		{"diagram-a-line", "bg", 3}, {"diagram-b-line", "bg", 3},
	}
	for scheme, p := range palettes(t) {
		for _, pair := range pairs {
			fg, bg := p[pair.fg], p[pair.bg]
			if fg == "" || bg == "" {
				t.Errorf("%s: --%s or --%s is not a #rrggbb colour in style.css", scheme, pair.fg, pair.bg)
				continue
			}
			if c := contrast(fg, bg); c < pair.min {
				t.Errorf("%s: --%s #%s on --%s #%s has contrast %.2f:1, want at least %.1f:1", scheme, pair.fg, fg, pair.bg, bg, c, pair.min)
			}
		}
	}
}

func contrast(a, b string) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// luminance is the WCAG relative luminance of a rrggbb colour.
func luminance(hex string) float64 {
	ch := func(i int) float64 {
		v, _ := strconv.ParseUint(hex[i:i+2], 16, 8)
		s := float64(v) / 255
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*ch(0) + 0.7152*ch(2) + 0.0722*ch(4)
}
