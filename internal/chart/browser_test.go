package chart

import (
	"flag"
	"fmt"
	"html/template"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/concurrency-primer/site/internal/browsertest"
	"github.com/concurrency-primer/site/internal/results"
)

var screenshots = flag.String("screenshots", "", "write PNGs of the sample page at each width and colour scheme to this folder")

// samplePage writes an HTML page with every chart of the fixtures and the
// chart stylesheet, linked as the site links it, and returns its URL.
func samplePage(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString(`<!doctype html><html lang="en"><head><meta charset="utf-8">` +
		`<meta name="viewport" content="width=device-width, initial-scale=1">` +
		`<title>charts</title><link rel="stylesheet" href="chart.css"></head><body><main>`)
	for _, name := range fixtures {
		fmt.Fprintf(&b, `<section id="%s">`, name)
		r := load(t, name)
		for _, f := range []func() (template.HTML, error){
			func() (template.HTML, error) { return Bars(r) },
			func() (template.HTML, error) {
				if len(r.Timeline) == 0 {
					return "", nil
				}
				return Timeline(r)
			},
			func() (template.HTML, error) { return Table(r) },
		} {
			h, err := f()
			if err != nil {
				t.Fatal(err)
			}
			b.WriteString(string(h))
		}
		b.WriteString("</section>")
	}
	for _, v := range versusFixtures {
		fmt.Fprintf(&b, `<section id="%s-versus-%s">`, v[0], v[1])
		for _, f := range []func(a, b *results.Results) (template.HTML, error){Versus, VersusTable} {
			h, err := f(load(t, v[0]), load(t, v[1]))
			if err != nil {
				t.Fatal(err)
			}
			b.WriteString(string(h))
		}
		b.WriteString("</section>")
	}
	b.WriteString("</main></body></html>\n")
	page := `body{margin:0 auto;padding:0 1rem;max-width:48rem;font-family:system-ui,sans-serif}` +
		`@media screen and (prefers-color-scheme: dark){body{background:#0d1014;color:#e6e9ed}}` + "\n" + CSS
	for name, data := range map[string]string{"index.html": b.String(), "chart.css": page} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return "file://" + filepath.Join(dir, "index.html")
}

// inspectJS measures every chart as the browser lays it out: text that
// spills out of the viewBox or overlaps other text, the smallest font size
// on screen, and the colours of every text with the chart's background.
const inspectJS = `(() => {
  const out = {spill: [], overlap: [], minPx: 1e9, pairs: []};
  for (const svg of document.querySelectorAll("svg.chart")) {
    const vb = svg.viewBox.baseVal, k = svg.getBoundingClientRect().width / vb.width;
    const bg = getComputedStyle(svg).backgroundColor;
    const boxes = [];
    for (const t of svg.querySelectorAll("text")) {
      const b = t.getBBox();
      for (const [o, c] of boxes)
        if (b.x < c.x + c.width - 1 && c.x < b.x + b.width - 1 && b.y < c.y + c.height - 1 && c.y < b.y + b.height - 1)
          out.overlap.push(o.textContent + " | " + t.textContent);
      boxes.push([t, b]);
      if (b.x < -0.5 || b.y < -0.5 || b.x + b.width > vb.width + 0.5 || b.y + b.height > vb.height + 0.5)
        out.spill.push(t.textContent);
      for (const e of [t, ...t.querySelectorAll("tspan")]) {
        const cs = getComputedStyle(e);
        out.minPx = Math.min(out.minPx, parseFloat(cs.fontSize) * k);
        out.pairs.push([e.textContent, cs.fill, bg]);
      }
    }
  }
  return out;
})()`

type inspection struct {
	Spill   []string    `json:"spill"`
	Overlap []string    `json:"overlap"`
	MinPx   float64     `json:"minPx"`
	Pairs   [][3]string `json:"pairs"`
}

// TestInBrowser lays the charts out in headless Chromium at two phones' and a
// desktop's width, light and dark, and checks that no text spills out of
// its chart or covers other text, that text stays legible and that it
// meets WCAG AA contrast.
func TestInBrowser(t *testing.T) {
	ctx := browsertest.New(t)
	url := samplePage(t)

	for _, width := range []int64{320, 390, 1280} {
		for _, scheme := range []string{"light", "dark"} {
			t.Run(fmt.Sprintf("%d-%s", width, scheme), func(t *testing.T) {
				err := chromedp.Do(ctx,
					chromedp.EmulateViewport(width, 800),
					browsertest.Media("", scheme),
					chromedp.Navigate(url),
				)
				if err != nil {
					t.Fatal(err)
				}
				got, err := chromedp.Run(ctx, chromedp.Evaluate[inspection](inspectJS))
				if err != nil {
					t.Fatal(err)
				}
				if *screenshots != "" {
					names := slices.Clone(fixtures)
					for _, v := range versusFixtures {
						names = append(names, v[0]+"-versus-"+v[1])
					}
					for _, name := range names {
						png, err := chromedp.Run(ctx, chromedp.Screenshot(chromedp.ID(name)))
						if err != nil {
							t.Fatal(err)
						}
						path := filepath.Join(*screenshots, fmt.Sprintf("%s-%d-%s.png", name, width, scheme))
						if err := os.WriteFile(path, png, 0o644); err != nil {
							t.Fatal(err)
						}
					}
				}
				if len(got.Pairs) == 0 {
					t.Fatal("no chart text found on the page")
				}
				for _, s := range got.Spill {
					t.Errorf("text %q spills out of its chart", s)
				}
				for _, s := range got.Overlap {
					t.Errorf("texts overlap: %s", s)
				}
				t.Logf("smallest chart text: %.1f px", got.MinPx)
				if got.MinPx < 9 {
					t.Errorf("smallest text is %.1f px on screen, want at least 9", got.MinPx)
				}
				for _, p := range got.Pairs {
					fg, err1 := parseRGB(p[1])
					bg, err2 := parseRGB(p[2])
					if err1 != nil || err2 != nil {
						t.Errorf("text %q: colours %q on %q: %v %v", p[0], p[1], p[2], err1, err2)
						continue
					}
					if c := contrast(fg, bg); c < 4.5 {
						t.Errorf("text %q: contrast %.2f of %s on %s, want at least 4.5", p[0], c, p[1], p[2])
					}
				}
			})
		}
	}
	// Printing from a dark system gives light charts: the dark colours are
	// for screens only.
	t.Run("print-dark", func(t *testing.T) {
		err := chromedp.Do(ctx, browsertest.Media("print", "dark"), chromedp.Navigate(url))
		if err != nil {
			t.Fatal(err)
		}
		bg, err := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector("svg.chart")).backgroundColor`))
		if err != nil {
			t.Fatal(err)
		}
		if bg != "rgb(255, 255, 255)" {
			t.Errorf("printed from a dark system, a chart's background is %s, want rgb(255, 255, 255)", bg)
		}
	})
}

// parseRGB reads a computed CSS colour "rgb(r, g, b)".
func parseRGB(s string) ([3]float64, error) {
	var c [3]float64
	if _, err := fmt.Sscanf(s, "rgb(%g, %g, %g)", &c[0], &c[1], &c[2]); err != nil {
		return c, fmt.Errorf("parsing colour %q: %w", s, err)
	}
	return c, nil
}

// contrast returns the WCAG contrast ratio of two sRGB colours.
func contrast(a, b [3]float64) float64 {
	l1, l2 := luminance(a), luminance(b)
	return (math.Max(l1, l2) + 0.05) / (math.Min(l1, l2) + 0.05)
}

func luminance(c [3]float64) float64 {
	var l [3]float64
	for i, v := range c {
		v /= 255
		if v <= 0.04045 {
			l[i] = v / 12.92
		} else {
			l[i] = math.Pow((v+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*l[0] + 0.7152*l[1] + 0.0722*l[2]
}
