package theme_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/concurrency-primer/site/internal/browsertest"
	"github.com/concurrency-primer/site/internal/demo"
)

// TestScreens opens the index and a chapter of the real site at a
// desktop's and a phone's size, in the light and the dark scheme. Each
// screenshot goes to -screenshots (or a temporary folder) for a person to
// look at; the test checks what can be measured: the page never scrolls
// sideways, the scheme follows the system, the sidebar turns into a
// disclosure on a phone, the text keeps a readable measure and every code
// block gets a copy button.
func TestScreens(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping the browser screenshots in -short mode")
	}
	ctx := browsertest.New(t)
	base := serve(t, root, demoMode(t))
	dir := screenshotDir(t)

	backgrounds := map[string]string{"light": "rgb(255, 255, 255)", "dark": "rgb(13, 17, 23)"}
	pages := []struct{ name, path string }{{"index", "/"}, {"chapter", "/threads/"}, {"all", "/all/"}}
	sizes := []struct {
		name          string
		width, height int64
	}{{"desktop", 1280, 800}, {"phone", 390, 844}}
	for _, p := range pages {
		for _, size := range sizes {
			for _, sch := range []string{"light", "dark"} {
				name := p.name + "-" + size.name + "-" + sch
				t.Run(name, func(t *testing.T) {
					if p.name == "all" && sch == "dark" {
						t.Skip("the one-page view is shot in the light scheme only")
					}
					err := chromedp.Do(ctx, chromedp.EmulateViewport(size.width, size.height), browsertest.Media("", sch), chromedp.Navigate(base+p.path))
					if err != nil {
						t.Fatal(err)
					}
					if over := eval[int64](t, ctx, "width", `document.documentElement.scrollWidth - window.innerWidth`); over > 0 {
						t.Errorf("the document is %dpx wider than the %dpx viewport", over, size.width)
					}
					if bg := eval[string](t, ctx, "background", `getComputedStyle(document.body).backgroundColor`); bg != backgrounds[sch] {
						t.Errorf("body background %s, want %s for the %s scheme", bg, backgrounds[sch], sch)
					}
					wide := eval[string](t, ctx, "sidebar", `getComputedStyle(document.querySelector(".nav-wide")).display`)
					small := eval[string](t, ctx, "disclosure", `getComputedStyle(document.querySelector(".nav-small")).display`)
					if phone := size.width < 600; phone != (wide == "none") || phone == (small == "none") {
						t.Errorf("at %dpx the sidebar's display is %q and the disclosure's %q", size.width, wide, small)
					}
					if p.name == "chapter" && size.name == "desktop" {
						// Characters per line of the first long paragraph,
						// from its width and its text's average advance.
						cpl := eval[float64](t, ctx, "measure", `(() => {
							const p = [...document.querySelectorAll(".prose > p")].find(p => p.textContent.length > 300);
							const c = document.createElement("canvas").getContext("2d");
							c.font = getComputedStyle(p).font;
							return p.clientWidth / (c.measureText(p.textContent).width / p.textContent.length);
						})()`)
						if cpl < 60 || cpl > 80 {
							t.Errorf("the measure is %.0f characters per line, want 60 to 80", cpl)
						}
					}
					// The buttons are added while the page is idle.
					browsertest.Until(t, ctx, 10*time.Second, `document.querySelectorAll(".code").length === document.querySelectorAll(".code .copy").length`)
					// The one-page view is a book long: its first screen will do.
					shot(t, ctx, dir, name, p.name != "all")
				})
			}
		}
	}
}

// TestPhoneMenu opens the chapter list on a phone with scripts off: a
// <details> element needs none.
func TestPhoneMenu(t *testing.T) {
	ctx := browsertest.New(t)
	base := serve(t, root, demo.ModeOff)
	noScript := func(ctx context.Context, _ *chromedp.Target) (chromedp.Void, error) {
		_, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return chromedp.Void{}, err
	}
	err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844), noScript, chromedp.Navigate(base+"/threads/"))
	if err != nil {
		t.Fatal(err)
	}
	if eval[bool](t, ctx, "closed", `document.querySelector(".nav-small .chapters").checkVisibility()`) {
		t.Error("the chapter list shows before it is opened")
	}
	if err := chromedp.Do(ctx, chromedp.Click(".nav-small summary")); err != nil {
		t.Fatal(err)
	}
	got := eval[string](t, ctx, "open", `(() => {
		const list = document.querySelector(".nav-small .chapters");
		const current = list.querySelector('[aria-current="page"]');
		return list.checkVisibility() + " " + (current ? current.textContent : "none") + " " +
			(document.documentElement.scrollWidth <= innerWidth);
	})()`)
	if got != "true Threads true" {
		t.Errorf("opened chapter list: visible, current, fits = %q, want \"true Threads true\"", got)
	}
	shot(t, ctx, screenshotDir(t), "chapter-phone-menu", false)
}

// TestPrint emulates printing a chapter on a system set to dark: the page
// is light, and the navigation and copy buttons are left out.
func TestPrint(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping the print screenshot in -short mode")
	}
	ctx := browsertest.New(t)
	base := serve(t, root, demoMode(t))
	// A4 at 96 dots per inch.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(794, 1123), browsertest.Media("print", "dark"), chromedp.Navigate(base+"/terms/")); err != nil {
		t.Fatal(err)
	}
	got := eval[string](t, ctx, "print", `[getComputedStyle(document.body).backgroundColor,
		getComputedStyle(document.body).color,
		getComputedStyle(document.querySelector(".nav-wide")).display,
		getComputedStyle(document.querySelector(".pager")).display,
		[...document.querySelectorAll(".copy")].every(b => getComputedStyle(b).display === "none") ? "none" : "shown"].join(" / ")`)
	if want := "rgb(255, 255, 255) / rgb(0, 0, 0) / none / none / none"; got != want {
		t.Errorf("printed page: background / text / sidebar / pager / copy buttons = %q, want %q", got, want)
	}
	shot(t, ctx, screenshotDir(t), "chapter-print", true)
}

// codeSite is a one-chapter site with code with and without line numbers.
var codeSite = map[string]string{
	"content/_index.md": "---\ntitle: Code\ndescription: Code blocks.\n---\nCode blocks.\n",
	"content/01-code.md": "---\ntitle: Code\ndescription: Two blocks.\n---\n## Numbered\n\n" +
		"```go {linenos=true hl_lines=\"2\"}\n" + numbered + "```\n\n## Plain\n\n```sh\n" + plain + "```\n",
}

const (
	numbered = "package main\n\nfunc main() {\n\tprintln(\"hi\")\n}\n"
	plain    = "go run ./demos/cpu\n"
)

// TestCopyButton clicks each code block's copy button and reads the
// clipboard: the code comes without its line numbers. With scripts off
// there is no button and the page reads the same.
func TestCopyButton(t *testing.T) {
	ctx := browsertest.New(t)
	src := t.TempDir()
	for name, text := range codeSite {
		if err := os.MkdirAll(filepath.Join(src, filepath.Dir(name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(src, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	base := serve(t, src, demo.ModeOff)
	_, err := chromedp.Run(ctx, func(ctx context.Context, _ *chromedp.Target) (chromedp.Void, error) {
		for _, name := range []string{"clipboard-read", "clipboard-write"} {
			_, err := chromedp.CallBrowser(ctx, cdpbrowser.SetPermission, cdpbrowser.SetPermissionParams{
				Permission: &cdpbrowser.PermissionDescriptor{Name: name, AllowWithoutSanitization: true},
				Setting:    cdpbrowser.PermissionSettingGranted,
				Origin:     base,
			})
			if err != nil {
				return chromedp.Void{}, err
			}
		}
		return chromedp.Void{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 800), chromedp.Navigate(base+"/code/")); err != nil {
		t.Fatal(err)
	}
	for i, want := range []string{numbered, plain} {
		sel := []string{`#numbered + .code .copy`, `#plain + .code .copy`}[i]
		if err := chromedp.Do(ctx, chromedp.Click(sel)); err != nil {
			t.Fatalf("clicking %s: %v", sel, err)
		}
		got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`navigator.clipboard.readText()`, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("reading the clipboard: %v", err)
		}
		if got != want {
			t.Errorf("block %d copied %q, want %q", i+1, got, want)
		}
		status, err := chromedp.Run(ctx, chromedp.Poll[string](fmt.Sprintf(`document.querySelectorAll(".copy-status")[%d].textContent`, i),
			chromedp.WithPollingTimeout(10*time.Second)))
		if err != nil || status != "Copied" {
			t.Errorf("block %d: status %q, want Copied (%v)", i+1, status, err)
		}
	}

	// Scripts off: no buttons, and the code is still there to select.
	_, err = chromedp.Run(ctx, func(ctx context.Context, _ *chromedp.Target) (chromedp.Void, error) {
		_, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return chromedp.Void{}, err
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/code/")); err != nil {
		t.Fatal(err)
	}
	nodes, err := chromedp.Run(ctx, chromedp.Nodes(".copy", chromedp.AtLeast(0)))
	if err != nil {
		t.Fatal(err)
	}
	if len(nodes) != 0 {
		t.Errorf("%d copy buttons with scripts off, want none", len(nodes))
	}
	text, err := chromedp.Run(ctx, chromedp.Text("#plain + .code pre"))
	if err != nil || text != plain[:len(plain)-1] && text != plain {
		t.Errorf("with scripts off the plain block reads %q (%v), want %q", text, err, plain)
	}
}

// TestKeyboard checks the skip link: the first Tab shows it on screen with
// a visible focus ring, and following it moves the focus to the main
// content.
func TestKeyboard(t *testing.T) {
	ctx := browsertest.New(t)
	base := serve(t, root, demo.ModeOff)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844), chromedp.Navigate(base+"/threads/"), chromedp.KeyEvent("\t")); err != nil {
		t.Fatal(err)
	}
	focused := eval[string](t, ctx, "focus", `(() => {
		const a = document.activeElement, r = a.getBoundingClientRect(), s = getComputedStyle(a);
		return a.className + " " + (r.top >= 0 && r.bottom <= innerHeight) + " " + s.outlineStyle + " " + s.outlineWidth;
	})()`)
	if focused != "skip true solid 3px" {
		t.Errorf("after one Tab: %q, want the skip link on screen with a 3px solid outline", focused)
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent("\r")); err != nil {
		t.Fatal(err)
	}
	if got := eval[string](t, ctx, "skip", `location.hash + " " + document.activeElement.id`); got != "#main main" {
		t.Errorf("after following the skip link: %q, want the focus on #main", got)
	}
}
