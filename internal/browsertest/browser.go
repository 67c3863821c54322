// Package browsertest starts the headless Chromium that browser tests
// drive. Without one a test is skipped, or fails when the environment sets
// SITEGEN_REQUIRE_TOOLS=1.
package browsertest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// Path returns the path of the browser, skipping t when there is none.
func Path(t testing.TB) string {
	t.Helper()
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	msg := "chromium not found (apt-get install chromium)"
	if os.Getenv("SITEGEN_REQUIRE_TOOLS") == "1" {
		t.Fatal(msg + " and SITEGEN_REQUIRE_TOOLS=1")
	}
	t.Skip(msg + "; skipping the browser test")
	return ""
}

// New starts a headless browser, without the sandbox (CI runs as root) or
// the GPU, and returns the context of one tab with opts applied. It closes
// the browser when the test ends or after three minutes, so that a hung
// page fails its test and not the binary.
func New(t testing.TB, opts ...chromedp.ContextOption) context.Context {
	t.Helper()
	exe := Path(t)
	flags := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe), chromedp.NoSandbox, chromedp.DisableGPU)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	t.Cleanup(cancel)
	ctx, cancelAlloc := chromedp.NewExecAllocator(ctx, flags...)
	t.Cleanup(cancelAlloc)
	ctx, cancelTab := chromedp.NewContext(ctx, opts...)
	t.Cleanup(cancelTab)
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("starting %s: %v", exe, err)
	}
	return ctx
}

// Media emulates a media type ("print", or "" for screen) and the
// prefers-color-scheme media feature ("light" or "dark").
func Media(media, scheme string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Media:    media,
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
		})
		return err
	})
}

// Until evaluates js in the page until it is true, failing t with the
// page's text when it is still false after within. Errors are retried: the
// page may be between two loads.
func Until(t testing.TB, ctx context.Context, within time.Duration, js string) {
	t.Helper()
	var last string
	for deadline := time.Now().Add(within); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js))
		if err == nil && ok {
			return
		}
		last = fmt.Sprint(ok, err)
	}
	state, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`JSON.stringify({url: location.href, scrollY: window.scrollY}) + "\n" +
		(document.body ? document.body.innerText.slice(0, 2000) : "")`))
	t.Fatalf("after %v, still waiting for %s (last: %s); page:\n%s", within, js, last, state)
}

// ThrownErrors returns the option for New that fails t, when the test
// ends, listing every script error the page threw.
func ThrownErrors(t testing.TB) chromedp.ContextOption {
	var mu sync.Mutex
	var thrown []string
	t.Cleanup(func() {
		mu.Lock()
		defer mu.Unlock()
		if len(thrown) > 0 {
			t.Errorf("script errors in the page: %s", strings.Join(thrown, "; "))
		}
	})
	return chromedp.WithListener(func(ev any) {
		if ex, ok := ev.(*runtime.EventExceptionThrown); ok {
			d := ex.ExceptionDetails
			mu.Lock()
			defer mu.Unlock()
			thrown = append(thrown, fmt.Sprintf("%s:%d: %s", d.URL, d.LineNumber+1, d.Text))
		}
	})
}
