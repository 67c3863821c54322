package theme_test

import (
	"context"
	"flag"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/concurrency-primer/site/internal/deploy"
	"github.com/concurrency-primer/site/internal/site"
	"github.com/concurrency-primer/site/theme"
)

var screenshots = flag.String("screenshots", "", "write the browser tests' screenshots to `folder` (default a temporary folder)")

// root is the repository, which holds the real site.
const root = ".."

// chromium returns the browser the tests drive, skipping the test when
// there is none unless SITEGEN_REQUIRE_TOOLS=1.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	msg := "chromium not found (apt-get install chromium); the browser tests of the theme need it"
	if os.Getenv("SITEGEN_REQUIRE_TOOLS") == "1" {
		t.Fatal(msg + " and SITEGEN_REQUIRE_TOOLS=1")
	}
	t.Skip(msg)
	return ""
}

// newBrowser starts a headless Chromium with a fresh profile and returns a
// context for one tab in it.
func newBrowser(t *testing.T) context.Context {
	exe := chromium(t)
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
	}
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	t.Cleanup(cancel)
	ctx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(cancelAlloc)
	ctx, cancelTab := chromedp.NewContext(ctx)
	t.Cleanup(cancelTab)
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("starting %s: %v", exe, err)
	}
	return ctx
}

// serve builds the site in src with the built-in theme and serves it with
// the headers of netlify.toml, Content-Security-Policy included, so that
// the pages run under the policy they are published with.
func serve(t *testing.T, src string, demos string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	abs, err := filepath.Abs(src)
	if err != nil {
		t.Fatal(err)
	}
	cfg := site.Config{Src: os.DirFS(abs), Root: abs, Theme: theme.FS, Out: out, Demos: demos}
	if err := site.Build(t.Context(), cfg); err != nil {
		t.Fatal(err)
	}
	netlify, err := deploy.Load(os.DirFS(root))
	if err != nil {
		t.Fatal(err)
	}
	files := http.FileServer(http.Dir(out))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for k, v := range netlify.Headers(r.URL.Path) {
			w.Header()[k] = v
		}
		files.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// demoMode is frozen when every demo has committed results, else off:
// running the demos takes minutes and a quiet machine.
func demoMode(t *testing.T) string {
	demos, _ := filepath.Glob(filepath.Join(root, "demos", "*", "main.go"))
	for _, d := range demos {
		if _, err := os.Stat(filepath.Join(filepath.Dir(d), "frozen.json")); err != nil {
			t.Logf("%s has no frozen.json: demos are placeholders in this test", filepath.Dir(d))
			return "off"
		}
	}
	return "frozen"
}

// screenshotDir returns the folder for screenshots.
func screenshotDir(t *testing.T) string {
	if *screenshots == "" {
		return t.TempDir()
	}
	if err := os.MkdirAll(*screenshots, 0o755); err != nil {
		t.Fatal(err)
	}
	return *screenshots
}

// scheme emulates the system's light or dark setting.
func scheme(name string) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, _ *chromedp.Target) (chromedp.Void, error) {
		_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: name}},
		})
		return chromedp.Void{}, err
	}
}

// eval runs a JavaScript expression in the page and returns its value.
func eval[T any](t *testing.T, ctx context.Context, what, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return v
}

// shot writes a screenshot to dir/name.png: of the whole page, or of the
// viewport only when full is false.
func shot(t *testing.T, ctx context.Context, dir, name string, full bool) {
	t.Helper()
	capture := chromedp.CaptureScreenshot()
	if full {
		capture = chromedp.FullScreenshot(100)
	}
	png, err := chromedp.Run(ctx, capture)
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	file := filepath.Join(dir, name+".png")
	if err := os.WriteFile(file, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s", file)
}
