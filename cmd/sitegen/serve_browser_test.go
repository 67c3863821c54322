package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/concurrency-primer/site/internal/browsertest"
	"github.com/concurrency-primer/site/internal/demo"
	"github.com/concurrency-primer/site/theme"
)

// copyFixture copies testdata/serve and the built-in theme into a fresh
// folder, so that the test can edit both.
func copyFixture(t *testing.T) string {
	t.Helper()
	src := t.TempDir()
	if err := os.CopyFS(src, os.DirFS("testdata/serve")); err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(filepath.Join(src, "theme"), theme.FS); err != nil {
		t.Fatal(err)
	}
	return src
}

// TestServeInBrowser runs serve on a copy of the fixture site and a
// headless Chromium on one of its chapters, then edits the site's files
// the way an author does: the new text shows without the test reloading
// the page, a stylesheet change applies without any reload, broken front
// matter shows the error overlay with file and line, and the fix removes
// it.
func TestServeInBrowser(t *testing.T) {
	src := copyFixture(t)
	s := startServe(t, serveOptions{siteFlags: siteFlags{src: src, demos: demo.ModeOff}})

	var streams atomic.Int32 // event streams the page has opened
	ctx := browsertest.New(t, browsertest.ThrownErrors(t), chromedp.WithListener(func(ev any) {
		if e, ok := ev.(*network.EventResponseReceived); ok &&
			strings.HasSuffix(e.Response.URL, "/_sitegen/events") && e.Response.Status == 200 {
			streams.Add(1)
		}
	}))

	if err := chromedp.Do(ctx, chromedp.Navigate(s.url+"first/")); err != nil {
		t.Fatal(err)
	}
	connected := connectedAfter(t, &streams, 0)
	chapter := filepath.Join(src, "content", "01-first.md")
	original, err := os.ReadFile(chapter)
	if err != nil {
		t.Fatal(err)
	}
	sheet := filepath.Join(src, "theme", "static", "style.css")
	css, err := os.ReadFile(sheet)
	if err != nil {
		t.Fatal(err)
	}
	text := func(s string) string {
		return `document.querySelector("main").textContent.includes(` + fmt.Sprintf("%q", s) + `)`
	}
	noOverlay := `document.querySelector(".sitegen-overlay") === null`

	steps := []struct {
		name   string
		change func(t *testing.T)
		js     string // true once the page shows the change
		reload bool   // the page reloads, then opens a new stream
	}{{
		name: "new text shows",
		change: func(t *testing.T) {
			rewrite(t, chapter, strings.Replace(string(original), "The first version", "The second version", 1))
		},
		js:     text("The second version of this paragraph.") + " && !" + text("The first version"),
		reload: true,
	}, {
		name: "stylesheet swapped without reload",
		change: func(t *testing.T) {
			if _, err := chromedp.Run(ctx, chromedp.Evaluate[string](`window.kept = "yes"`)); err != nil {
				t.Fatal(err)
			}
			rewrite(t, sheet, string(css)+"\nbody { outline: 3px solid rgb(1, 2, 3) }\n")
		},
		js: `getComputedStyle(document.body).outlineColor === "rgb(1, 2, 3)" && window.kept === "yes"`,
	}, {
		name: "broken front matter shows the overlay",
		change: func(t *testing.T) {
			rewrite(t, chapter, strings.Replace(string(original), "weight: 10", "weight: [", 1))
		},
		js: `(() => { const o = document.querySelector(".sitegen-overlay pre");
			return o !== null && o.textContent.includes("content/01-first.md:4") && ` + text("The second version") + `; })()`,
	}, {
		name: "the fix removes the overlay",
		change: func(t *testing.T) {
			rewrite(t, chapter, strings.Replace(string(original), "The first version", "The third version", 1))
		},
		js:     noOverlay + " && " + text("The third version of this paragraph."),
		reload: true,
	}}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			st.change(t)
			browsertest.Until(t, ctx, wait, st.js)
			if st.reload {
				connected = connectedAfter(t, &streams, connected)
			}
		})
	}
}

// connectedAfter waits until the page has opened more than n event
// streams, and returns how many.
func connectedAfter(t *testing.T, streams *atomic.Int32, n int32) int32 {
	t.Helper()
	deadline := time.Now().Add(wait)
	for streams.Load() <= n {
		if time.Now().After(deadline) {
			t.Fatalf("the page opened no event stream in %v", wait)
		}
		time.Sleep(5 * time.Millisecond)
	}
	return streams.Load()
}
