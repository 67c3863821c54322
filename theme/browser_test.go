package theme_test

import (
	"context"
	"flag"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/concurrency-primer/site/internal/deploy"
	"github.com/concurrency-primer/site/internal/site"
	"github.com/concurrency-primer/site/theme"

	"github.com/concurrency-primer/site/internal/demo"
)

var screenshots = flag.String("screenshots", "", "write the browser tests' screenshots to `folder` (default a temporary folder)")

// root is the repository, which holds the real site.
const root = ".."

// serve builds the site in src with the built-in theme and serves it with
// the headers of netlify.toml, Content-Security-Policy included, so that
// the pages run under the policy they are published with.
func serve(t *testing.T, src string, demos demo.Mode) string {
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
func demoMode(t *testing.T) demo.Mode {
	demos, _ := filepath.Glob(filepath.Join(root, "demos", "*", "main.go"))
	for _, d := range demos {
		if _, err := os.Stat(filepath.Join(filepath.Dir(d), "frozen.json")); err != nil {
			t.Logf("%s has no frozen.json: demos are placeholders in this test", filepath.Dir(d))
			return demo.ModeOff
		}
	}
	return demo.ModeFrozen
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
