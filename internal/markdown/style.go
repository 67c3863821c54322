package markdown

import (
	"bytes"
	"fmt"
	"math"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/styles"
)

// The chroma styles of the two palettes, the media query of the dark one
// (screens only, so that a page printed from a dark system is light), and
// WCAG AA contrast for normal text, which every colour is moved to reach.
const (
	lightStyle  = "github"
	darkStyle   = "github-dark"
	darkMedia   = "screen and (prefers-color-scheme: dark)"
	minContrast = 4.5
)

// CSS returns the stylesheet for highlighted code: the light palette, and the
// dark one for screens whose system prefers a dark scheme. Each sits in its
// own media query, so that no colour of one leaks into the other.
func CSS() ([]byte, error) {
	var b bytes.Buffer
	f := chromahtml.New(chromahtml.WithClasses(true), chromahtml.WithLineNumbers(true), chromahtml.LineNumbersInTable(true))
	for _, p := range [][2]string{{"not " + darkMedia, lightStyle}, {darkMedia, darkStyle}} {
		s, err := accessible(p[1])
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(&b, "@media %s {\n/* Code: %s */\n", p[0], p[1])
		if err := f.WriteCSS(&b, s); err != nil {
			return nil, err
		}
		b.WriteString("}\n")
	}
	return b.Bytes(), nil
}

// accessible returns the named style with every foreground colour moved,
// if needed, until it reaches minContrast on the style's background.
func accessible(name string) (*chroma.Style, error) {
	s := styles.Get(name)
	bg := s.Get(chroma.Background).Background
	// A highlighted line keeps its tokens' colours, so its background must
	// be one they can all be read on.
	hl := mix(bg, 128, 0.15)
	b := s.Builder()
	// The line numbers' colour reaches the page too, though a style may
	// give it only through inheritance.
	for _, tt := range append(s.Types(), chroma.LineNumbers, chroma.LineNumbersTable) {
		e := s.Get(tt)
		switch {
		case tt == chroma.LineHighlight:
			e.Colour, e.Background = 0, hl
		case !e.Colour.IsSet() || tt == chroma.Background:
			continue
		case e.Background.IsSet():
			e.Colour = fixContrast(e.Colour, e.Background)
		default:
			e.Colour = fixContrast(fixContrast(e.Colour, bg), hl)
		}
		b.AddEntry(tt, e)
	}
	return b.Build()
}

// fixContrast darkens or lightens fg, away from bg, until the pair reaches
// minContrast; TestCSSContrast checks that it does for both styles.
func fixContrast(fg, bg chroma.Colour) chroma.Colour {
	to := 0.0
	if luminance(bg) < 0.5 {
		to = 255
	}
	for i := 0; i < 60 && contrast(fg, bg) < minContrast; i++ {
		fg = mix(fg, to, 0.08)
	}
	return fg
}

func mix(c chroma.Colour, to float64, t float64) chroma.Colour {
	m := func(v uint8) uint8 { return uint8(math.Round(float64(v)*(1-t) + to*t)) }
	return chroma.NewColour(m(c.Red()), m(c.Green()), m(c.Blue()))
}

// contrast is the WCAG contrast ratio of two colours.
func contrast(a, b chroma.Colour) float64 {
	la, lb := luminance(a), luminance(b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

// luminance is the WCAG relative luminance of c.
func luminance(c chroma.Colour) float64 {
	ch := func(v uint8) float64 {
		s := float64(v) / 255
		if s <= 0.03928 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*ch(c.Red()) + 0.7152*ch(c.Green()) + 0.0722*ch(c.Blue())
}
