package serve

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/concurrency-primer/site/internal/browsertest"
)

// page is a tall page, so scrolling means something, in the site's shape:
// one fingerprinted stylesheet and no inline script or style.
func page(version string) string {
	return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Home</title>` +
		`<link rel="stylesheet" href="/style.1111.css"></head><body><main>` +
		`<p id="v">` + version + `</p>` + strings.Repeat("<p>text</p>", 400) + `</main></body></html>`
}

// TestReloadScriptInBrowser runs the reload script in headless Chromium under
// the fixture's Content-Security-Policy (default-src 'self'): stylesheet
// swap without reload, reload of the open page keeping its scroll
// position, no reload for another page, and the error overlay shown,
// dismissed and removed, without any script error.
func TestReloadScriptInBrowser(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"index.html":     page("first"),
		"style.1111.css": "body{background:rgb(255,255,255)}",
		"style.2222.css": "body{background:rgb(0,128,0)}",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s := newServer(t, Options{Dir: dir, SiteRoot: "testdata"})
	var current atomic.Pointer[Server] // a restart swaps it
	current.Store(s)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		current.Load().ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	t.Cleanup(func() { current.Load().closeStreams() }) // before ts.Close: the streams end

	ctx := browsertest.New(t, browsertest.ThrownErrors(t))

	if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+"/")); err != nil {
		t.Fatal(err)
	}
	waitCount(t, s, 1)
	mark := `window.scrollTo(0, 1500); window.mark = "kept"; window.scrollY`
	if y, err := chromedp.Run(ctx, chromedp.Evaluate[float64](mark)); err != nil || y < 1400 {
		t.Fatalf("scrolling the page: y=%v, %v", y, err)
	}

	steps := []struct {
		name string
		act  func()
		js   string // true once the page shows the effect
	}{
		{"stylesheet swapped without reload", func() { s.StylesheetChanged("/style.2222.css") },
			`getComputedStyle(document.body).backgroundColor === "rgb(0, 128, 0)" && window.mark === "kept" &&
			 document.querySelectorAll('link[href*="/style."]').length === 1`},
		{"other page's reload ignored, error shown", func() {
			s.Reloaded([]string{"/threads/"})
			s.Failed(errors.New("content/03-threads.md:12: unknown demo \"cpux\""))
		}, `(() => { const o = document.querySelector(".sitegen-overlay");
			 return window.mark === "kept" && o !== null && o.getAttribute("role") === "alertdialog" &&
			 getComputedStyle(o).position === "fixed" &&
			 o.querySelector("pre").textContent.includes("content/03-threads.md:12: unknown demo") &&
			 document.activeElement === o.querySelector("button") && Math.abs(window.scrollY - 1500) < 2; })()`},
		{"escape dismisses", func() {
			chromedp.Do(ctx, chromedp.KeyEvent("\u001b"))
		}, `document.querySelector(".sitegen-overlay") === null && window.mark === "kept" &&
			 Math.abs(window.scrollY - 1500) < 2`},
		{"a new error shows again", func() { s.Failed(errors.New("content/01-intro.md:2: bad front matter")) },
			`(document.querySelector(".sitegen-overlay pre") || {}).textContent === "content/01-intro.md:2: bad front matter"`},
		{"recovery removes the overlay", s.Recovered,
			`document.querySelector(".sitegen-overlay") === null && window.mark === "kept"`},
		{"reload keeps the scroll position", func() {
			if err := os.WriteFile(filepath.Join(dir, "index.html"), []byte(page("second")), 0o644); err != nil {
				t.Fatal(err)
			}
			s.Reloaded([]string{"/index.html"})
		}, `document.getElementById("v").textContent === "second" && window.mark === undefined &&
			 Math.abs(window.scrollY - 1500) < 2`},
		{"a restarted server reloads the page", func() {
			// The page reloaded by the last step has connected: it knows
			// the old server's version (the new one's comes at least
			// the retry interval later).
			waitCount(t, s, 1)
			if _, err := chromedp.Run(ctx, chromedp.Evaluate[string](`window.mark = "again"`)); err != nil {
				t.Fatal(err)
			}
			current.Store(newServer(t, Options{Dir: dir, SiteRoot: "testdata"}))
			s.closeStreams() // the old server's streams end
		}, `window.mark === undefined && document.getElementById("v").textContent === "second"`},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			st.act()
			browsertest.Until(t, ctx, 10*time.Second, st.js)
		})
	}
}
