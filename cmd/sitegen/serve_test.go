package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// wait bounds every wait of these tests.
const wait = 20 * time.Second

// event is one Server-Sent Event.
type event struct{ name, data string }

// syncBuffer is a log that a test reads while the server writes it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// served is a running serveSite.
type served struct {
	url  string
	log  *syncBuffer
	stop context.CancelFunc
	done chan error
	once sync.Once
}

// startServe runs serveSite with o on a free port of 127.0.0.1 until the
// test ends, returning once the site is served and watched.
func startServe(t testing.TB, o serveOptions) *served {
	t.Helper()
	limit := wait
	if o.demos != "off" {
		limit = 5 * time.Minute // the first build may run every demo
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &served{log: &syncBuffer{}, stop: cancel, done: make(chan error, 1)}
	ready := make(chan string, 1)
	o.bind, o.ready = "127.0.0.1", func(url string) { ready <- url }
	go func() { s.done <- serveSite(ctx, o, s.log) }()
	t.Cleanup(func() {
		s.shutdown(t)
		if t.Failed() {
			t.Logf("serve's log:\n%s", s.log)
		}
	})
	select {
	case s.url = <-ready:
	case err := <-s.done:
		t.Fatalf("serve returned %v before serving; log:\n%s", err, s.log)
	case <-time.After(limit):
		t.Fatalf("not serving after %v; log:\n%s", limit, s.log)
	}
	return s
}

// shutdown stops the server and waits for serveSite to return.
func (s *served) shutdown(t testing.TB) {
	t.Helper()
	s.once.Do(func() {
		s.stop()
		select {
		case err := <-s.done:
			if err != nil {
				t.Errorf("serve: %v", err)
			}
		case <-time.After(wait):
			t.Fatalf("serve still running %v after it was stopped", wait)
		}
	})
}

// events connects to the server's event stream until the test ends.
func events(t testing.TB, url string) <-chan event {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, err := http.NewRequestWithContext(ctx, "GET", url+"_sitegen/events", nil)
	if err != nil {
		t.Fatal(err)
	}
	tr := &http.Transport{DisableKeepAlives: true}
	t.Cleanup(tr.CloseIdleConnections)
	resp, err := (&http.Client{Transport: tr}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	ch := make(chan event, 100)
	go func() {
		defer close(ch)
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		var ev event
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "" && ev.name != "":
				ch <- ev
				ev = event{}
			case strings.HasPrefix(line, "event: "):
				ev.name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				ev.data = strings.TrimPrefix(line, "data: ")
			}
		}
	}()
	return ch
}

// expect waits for an event called name whose data holds every fragment,
// skipping others.
func expect(t testing.TB, ch <-chan event, name string, fragments ...string) event {
	t.Helper()
	deadline := time.After(wait)
	for {
		select {
		case ev, ok := <-ch:
			if !ok {
				t.Fatalf("event stream ended while waiting for %s", name)
			}
			if ev.name != name {
				continue
			}
			for _, f := range fragments {
				if !strings.Contains(ev.data, f) {
					t.Fatalf("event %s: %s, want it to contain %s", name, ev.data, f)
				}
			}
			return ev
		case <-deadline:
			t.Fatalf("no %s event after %v", name, wait)
		}
	}
}

// rewrite writes a new version of a file the way editors save: to a
// temporary file, then renamed over the old one.
func rewrite(t testing.TB, name, text string) {
	t.Helper()
	tmp := name + ".tmp"
	if err := os.WriteFile(tmp, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, name); err != nil {
		t.Fatal(err)
	}
}

// TestServe edits a chapter under a running server, watching with events
// and by polling, and follows the event stream: a reload naming the
// chapter's page once the new page is served; an error naming file and
// line for broken front matter, the last good page still served; the error
// cleared and a reload once fixed. Stopping the server leaves no goroutine
// and no temporary folder behind.
func TestServe(t *testing.T) {
	for _, poll := range []bool{false, true} {
		t.Run(map[bool]string{false: "events", true: "poll"}[poll], func(t *testing.T) {
			before := runtime.NumGoroutine()
			src := writeSite(t, map[string]string{
				"content/01-a.md": "---\ntitle: A\n---\nFirst words.\n",
				"content/02-b.md": "---\ntitle: B\n---\nOther words.\n",
			})
			chapter := filepath.Join(src, "content", "01-a.md")
			s := startServe(t, serveOptions{src: src, demos: "off", poll: poll})
			ch := events(t, s.url)
			expect(t, ch, "hello")
			if page := fetch(t, s.url+"a/"); !strings.Contains(page, "First words.") || !strings.Contains(page, "/_sitegen/reload.js") {
				t.Fatalf("the page lacks its text or the reload script:\n%s", page)
			}

			rewrite(t, chapter, "---\ntitle: A\n---\nSecond words.\n")
			ev := expect(t, ch, "reload", `"/a/"`)
			if strings.Contains(ev.data, `"/b/"`) {
				t.Errorf("reload %s names a page that did not change", ev.data)
			}
			if page := fetch(t, s.url+"a/"); !strings.Contains(page, "Second words.") {
				t.Errorf("after the reload event the page is still the old one:\n%s", page)
			}

			rewrite(t, chapter, "---\ntitle: A\nweight: soon\n---\nThird words.\n")
			expect(t, ch, "error", "content/01-a.md:3: front matter")
			if page := fetch(t, s.url+"a/"); !strings.Contains(page, "Second words.") {
				t.Errorf("a failed rebuild changed the served page:\n%s", page)
			}

			rewrite(t, chapter, "---\ntitle: A\n---\nFourth words.\n")
			expect(t, ch, "ok")
			expect(t, ch, "reload", `"/a/"`)

			out := servedFolder(t, s.log.String())
			s.shutdown(t)
			if _, err := os.Stat(out); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("the served folder %s is still there: %v", out, err)
			}
			for _, line := range []string{"rebuild failed: content/01-a.md:3", "chapter rebuild, 1 rendered"} {
				if !strings.Contains(s.log.String(), line) {
					t.Errorf("log lacks %q:\n%s", line, s.log)
				}
			}
			noLeak(t, before)
		})
	}
}

// TestServeBrokenStart starts serve on a site that does not build: it
// serves a page with the error, then the site once it is fixed.
func TestServeBrokenStart(t *testing.T) {
	src := writeSite(t, map[string]string{"content/01-a.md": "---\ntitle: A\nweight: x\n---\nWords.\n"})
	s := startServe(t, serveOptions{src: src, demos: "off"})
	ch := events(t, s.url)
	expect(t, ch, "error", "content/01-a.md:3")
	if page := fetch(t, s.url); !strings.Contains(page, "content/01-a.md:3") {
		t.Errorf("the stand-in page lacks the error:\n%s", page)
	}
	rewrite(t, filepath.Join(src, "content", "01-a.md"), "---\ntitle: A\n---\nWords.\n")
	expect(t, ch, "reload")
	if page := fetch(t, s.url+"a/"); !strings.Contains(page, "Words.") {
		t.Errorf("the fixed site is not served:\n%s", page)
	}
}

// fetch returns the body at url.
func fetch(t *testing.T, url string) string {
	t.Helper()
	tr := &http.Transport{DisableKeepAlives: true}
	defer tr.CloseIdleConnections()
	resp, err := (&http.Client{Transport: tr}).Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	if _, err := b.ReadFrom(resp.Body); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// servedFolder finds the temporary folder in the server's log.
func servedFolder(t *testing.T, log string) string {
	t.Helper()
	_, rest, ok := strings.Cut(log, " from ")
	dir, _, ok2 := strings.Cut(rest, ";")
	if !ok || !ok2 || !filepath.IsAbs(dir) {
		t.Fatalf("no served folder in the log:\n%s", log)
	}
	return dir
}

// noLeak fails if more goroutines than before still run after a bounded
// wait.
func noLeak(t *testing.T, before int) {
	t.Helper()
	deadline := time.Now().Add(wait)
	for runtime.NumGoroutine() > before {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<20)
			t.Fatalf("%d goroutines, %d before:\n%s", runtime.NumGoroutine(), before, buf[:runtime.Stack(buf, true)])
		}
		time.Sleep(time.Millisecond)
	}
}

// TestBuildHasNoReloadScript builds a site and checks that nothing of the
// development server's live reload reaches the output.
func TestBuildHasNoReloadScript(t *testing.T) {
	src := writeSite(t, map[string]string{
		"content/_index.md": "---\ntitle: Site\n---\nHello.\n",
		"content/01-a.md":   "---\ntitle: A\n---\nWords.\n",
	})
	var stderr bytes.Buffer
	if code := run(t.Context(), []string{"build", "-src", src, "-demos", "off"}, &stderr); code != 0 {
		t.Fatalf("build: exit %d:\n%s", code, stderr.String())
	}
	pages := 0
	err := filepath.WalkDir(filepath.Join(src, "public"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if strings.HasSuffix(p, ".html") {
			pages++
		}
		if bytes.Contains(data, []byte("_sitegen")) || bytes.Contains(data, []byte("EventSource")) {
			t.Errorf("%s holds the live reload script or its paths", p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if pages < 3 {
		t.Errorf("build wrote %d pages, want at least 3", pages)
	}
}
