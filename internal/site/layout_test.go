package site

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/concurrency-primer/site/internal/browsertest"
	"github.com/concurrency-primer/site/theme"
)

// TestNoSidewaysScroll opens every page of the fixture in chromium at a
// phone's width and a desktop's, and checks that the page itself never
// scrolls sideways: wide code and tables must scroll in their own boxes.
func TestNoSidewaysScroll(t *testing.T) {
	browsertest.Path(t)
	src := readArchive(t, "testdata/fixture.txtar").mapFS()
	out := filepath.Join(t.TempDir(), "public")
	if err := Build(t.Context(), Config{Src: src, Theme: theme.FS, Out: out}); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(out)))
	defer srv.Close()

	ctx := browsertest.New(t)

	for _, width := range []int64{320, 390, 1280} {
		for _, page := range []string{"/", "/intro/", "/terms/", "/404.html"} {
			err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 800), chromedp.Navigate(srv.URL+page))
			if err != nil {
				t.Fatalf("%s at %dpx: %v", page, width, err)
			}
			overflow, err := chromedp.Run(ctx, chromedp.Evaluate[int64](`document.documentElement.scrollWidth - window.innerWidth`))
			if err != nil {
				t.Fatalf("%s at %dpx: %v", page, width, err)
			}
			if overflow > 0 {
				t.Errorf("%s at %dpx: the page scrolls sideways by %dpx", page, width, overflow)
			}
		}
	}
}
