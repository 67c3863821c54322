package browsertest

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// recorder is a testing.TB that keeps what Errorf says and the cleanup.
type recorder struct {
	testing.TB
	said    []string
	cleanup func()
}

func (r *recorder) Cleanup(f func()) { r.cleanup = f }

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.said = append(r.said, fmt.Sprintf(format, args...))
}

// TestBrowser starts a browser and checks that a script error is
// recorded and reported, with its line, and that Until sees the page.
func TestBrowser(t *testing.T) {
	rec := &recorder{TB: t}
	ctx := New(t, ThrownErrors(rec))
	page := "data:text/html,<title>t</title><p id=v>ok</p><script>%0A%0Anot_defined()</script>"
	if err := chromedp.Do(ctx, chromedp.Navigate(page)); err != nil {
		t.Fatal(err)
	}
	Until(t, ctx, 10*time.Second, `document.getElementById("v").textContent === "ok"`)
	rec.cleanup()
	if len(rec.said) != 1 || !strings.Contains(rec.said[0], ":3: Uncaught") {
		t.Errorf("ThrownErrors reported %q, want one script error on line 3", rec.said)
	}
}
