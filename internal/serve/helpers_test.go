package serve

import (
	"context"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/concurrency-primer/site/internal/serve/servetest"
)

// wait bounds every wait in these tests; nothing waits a fixed time.
const wait = 5 * time.Second

// secret is the content of a file beside the site folder that no request may
// reach.
const secret = "TOP-SECRET-outside-the-site"

// fixture writes a small built site into a temporary folder, with a secret
// file and folder beside it and symbolic links pointing out, and returns the
// site folder.
func fixture(t *testing.T) string {
	t.Helper()
	top := t.TempDir()
	files := map[string]string{
		"secret.txt":               secret,
		"outside/secret.txt":       secret,
		"site/index.html":          "<!doctype html><html><head><title>Home</title></head><body><p>home page</p></body></html>",
		"site/threads/index.html":  "<!doctype html><html><head><title>Threads</title></head><body><p>threads page</p></body></html>",
		"site/404.html":            "<!doctype html><html><head><title>Not found</title></head><body><p>site 404 page</p></body></html>",
		"site/bare.html":           "<p>no head, no body</p>",
		"site/css/site.3f2a9c.css": "body{color:#111}",
		"site/js/copy.js":          "document.title;",
		"site/img/chart.svg":       `<svg xmlns="http://www.w3.org/2000/svg"></svg>`,
		"site/notes.txt":           "plain",
		"site/.secret":             secret,
		"site/.hidden/page.html":   secret,
		"site/empty/readme.md":     "a folder without index.html",
	}
	for name, text := range files {
		p := filepath.Join(top, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	links := map[string]string{
		"site/link-out":   "../secret.txt",
		"site/dir-out":    "../outside",
		"site/abs-out":    filepath.Join(top, "secret.txt"),
		"site/notes-link": "notes.txt",
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(top, filepath.FromSlash(name))); err != nil {
			t.Skipf("symbolic links unavailable: %v", err)
		}
	}
	return filepath.Join(top, "site")
}

// newServer returns a Server over dir, closed at the end of the test.
func newServer(t *testing.T, opts Options) *Server {
	t.Helper()
	s, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// listen runs s.Serve on a free port of 127.0.0.1 and returns its address,
// the function that stops it and the channel that gets Serve's result.
func listen(t *testing.T, s *Server) (addr string, stop context.CancelFunc, done <-chan error) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- s.Serve(ctx, ln) }()
	return ln.Addr().String(), cancel, served
}

// event is one received Server-Sent Event; a comment has name ":".
type event = servetest.Event

// stream reads the event stream at url and sends what it receives until
// the stream ends, then closes the channel. ctx ends it early.
func stream(ctx context.Context, t *testing.T, client *http.Client, url string) <-chan event {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, "GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/event-stream" {
		t.Fatalf("GET %s: %s %q", url, resp.Status, resp.Header.Get("Content-Type"))
	}
	return servetest.Read(resp.Body)
}

// next returns the next event that is not a comment.
func next(t *testing.T, ch <-chan event) event {
	t.Helper()
	deadline := time.After(wait)
	for {
		select {
		case ev, ok := <-ch:
			if !ok {
				t.Fatal("event stream ended")
			}
			if ev.Name != ":" {
				return ev
			}
		case <-deadline:
			t.Fatal("no event after 5s")
		}
	}
}

// expect reads the next event and checks its name and that its data holds
// every fragment.
func expect(t *testing.T, ch <-chan event, name string, fragments ...string) event {
	t.Helper()
	ev := next(t, ch)
	if ev.Name != name {
		t.Fatalf("event %q %s, want %q", ev.Name, ev.Data, name)
	}
	for _, f := range fragments {
		if !strings.Contains(ev.Data, f) {
			t.Fatalf("event %s data %s, want it to contain %s", name, ev.Data, f)
		}
	}
	return ev
}

// count returns the number of pages connected to s.
func (s *Server) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.clients)
}
