package theme_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/concurrency-primer/site/internal/browsertest"
	"github.com/concurrency-primer/site/internal/demo"
)

// searchSite is a small book whose search results are known: the queries
// below check the ranking the script does, from the index the build
// writes, under the site's Content-Security-Policy.
const searchSite = "testdata/search"

// search types query into the box of the open page and returns the
// results' links and the announced count.
func search(t *testing.T, ctx context.Context, query string) (hrefs []string, count string) {
	t.Helper()
	eval[bool](t, ctx, "clear", `(document.querySelector("#search-box").value = "", true)`)
	if err := chromedp.Do(ctx, chromedp.Focus("#search-box"), chromedp.SendKeys("#search-box", query)); err != nil {
		t.Fatal(err)
	}
	browsertest.Until(t, ctx, 10*time.Second, `(() => { const c = document.querySelector("#search-count").textContent; return c !== "" && !c.startsWith("Loading"); })()`)
	got := eval[string](t, ctx, "results", `[...document.querySelectorAll(".search-results a")].map(a => new URL(a.href).pathname + new URL(a.href).hash).join(" ")`)
	return strings.Fields(got), eval[string](t, ctx, "count", `document.querySelector("#search-count").textContent`)
}

// TestSearch types queries and checks the first result: heading matches
// before body ones, plurals and singulars alike, prefixes as one types,
// every word of the query needed, code left out.
func TestSearch(t *testing.T) {
	ctx := browsertest.New(t, browsertest.ThrownErrors(t))
	base := serve(t, searchSite, demo.ModeOff)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 800), chromedp.Navigate(base+"/threads/")); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ query, first string }{
		{"locks", "/threads/#locks"},  // heading before the body that says it first
		{"lock", "/threads/#locks"},   // singular finds the plural heading
		{"pipe", "/processes/#pipes"}, // and plural the singular
		{"processes", "/processes/"},  // the chapter's title
		{"sema", "/threads/"},         // a prefix, as one types
		{"startin", "/processes/#starting-a-process"},
		{"queue process", "/processes/#pipes"}, // every word
		{"Memory", "/threads/#shared-memory"},  // case
	}
	for _, tt := range tests {
		hrefs, count := search(t, ctx, tt.query)
		if len(hrefs) == 0 || hrefs[0] != tt.first {
			t.Errorf("%q: results %q, want %s first", tt.query, hrefs, tt.first)
		}
		if want := map[bool]string{true: "1 result", false: strconv.Itoa(len(hrefs)) + " results"}[len(hrefs) == 1]; count != want {
			t.Errorf("%q: count %q, want %q", tt.query, count, want)
		}
	}
	if hrefs, count := search(t, ctx, "zebra"); len(hrefs) != 0 || count != "No results" {
		t.Errorf("a word only in code: results %q, count %q; want none", hrefs, count)
	}

	// The snippet marks the match, and the count says how many.
	search(t, ctx, "thread")
	if got := eval[string](t, ctx, "mark", `document.querySelector(".search-results mark").textContent`); !strings.HasPrefix(strings.ToLower(got), "thread") {
		t.Errorf("first marked text %q, want a word starting with thread", got)
	}

	// Keyboard: Escape closes, / opens, arrows move, Enter opens.
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Escape)); err != nil {
		t.Fatal(err)
	}
	if eval[bool](t, ctx, "closed", `document.querySelector(".search-results").checkVisibility()`) {
		t.Error("Escape left the results open")
	}
	eval[bool](t, ctx, "blur", `(document.activeElement.blur(), true)`)
	if err := chromedp.Do(ctx, chromedp.KeyEvent("/")); err != nil {
		t.Fatal(err)
	}
	if id := eval[string](t, ctx, "focus", `document.activeElement.id`); id != "search-box" {
		t.Fatalf("/ focused %q, want the search box", id)
	}
	if hrefs, _ := search(t, ctx, "pipes"); len(hrefs) == 0 {
		t.Fatal("no results for pipes")
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.ArrowDown)); err != nil {
		t.Fatal(err)
	}
	if got := eval[string](t, ctx, "arrow", `document.activeElement.closest(".search-results") ? new URL(document.activeElement.href).hash : "not in the results"`); got != "#pipes" {
		t.Errorf("ArrowDown focused %q, want the first result", got)
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Fatal(err)
	}
	browsertest.Until(t, ctx, 10*time.Second, `location.pathname === "/processes/" && location.hash === "#pipes"`)

	// Open results at a desktop's width and a phone's, light and dark,
	// for a person to look at; none may widen the page.
	dir := screenshotDir(t)
	for _, v := range []struct {
		width, height int64
		scheme        string
	}{{1280, 800, "light"}, {390, 844, "dark"}, {320, 640, "light"}} {
		err := chromedp.Do(ctx, chromedp.EmulateViewport(v.width, v.height), browsertest.Media("", v.scheme), chromedp.Navigate(base+"/threads/"))
		if err != nil {
			t.Fatal(err)
		}
		search(t, ctx, "thread")
		if over := eval[int64](t, ctx, "width", `document.documentElement.scrollWidth - window.innerWidth`); over > 0 {
			t.Errorf("with results open, the document is %dpx wider than the %dpx viewport", over, v.width)
		}
		shot(t, ctx, dir, "search-"+strconv.FormatInt(v.width, 10)+"-"+v.scheme, false)
	}
}

// TestSearchNoScript checks that without scripts the header links to the
// one-page view instead of showing a box that does nothing.
func TestSearchNoScript(t *testing.T) {
	ctx := browsertest.New(t)
	base := serve(t, searchSite, demo.ModeOff)
	noScript := func(ctx context.Context, _ *chromedp.Target) (chromedp.Void, error) {
		_, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return chromedp.Void{}, err
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(320, 640), noScript, chromedp.Navigate(base+"/threads/")); err != nil {
		t.Fatal(err)
	}
	got := eval[string](t, ctx, "header", `[document.querySelector("form.search").checkVisibility(),
		document.querySelector(".search-link").checkVisibility(),
		new URL(document.querySelector(".search-link").href).pathname].join(" ")`)
	if got != "false true /all/" {
		t.Errorf("without scripts: box shown, link shown, link = %q, want \"false true /all/\"", got)
	}
}
