package main

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/concurrency-primer/site/internal/demo"
	"github.com/concurrency-primer/site/internal/serve/servetest"
)

// wait bounds every wait of these tests.
const wait = 20 * time.Second

// event is one Server-Sent Event.
type event = servetest.Event

// syncBuffer is a log that a test reads while the server writes it. When
// serve logs that it is serving, one Write a line, the URL goes to ready.
type syncBuffer struct {
	mu    sync.Mutex
	b     bytes.Buffer
	ready chan string
}

func newSyncBuffer() *syncBuffer { return &syncBuffer{ready: make(chan string, 1)} }

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if rest, ok := strings.CutPrefix(string(p), "sitegen: serving "); ok {
		url, _, _ := strings.Cut(rest, " ")
		s.ready <- url
	}
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
	if o.demos != demo.ModeOff {
		limit = 5 * time.Minute // the first build may run every demo
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &served{log: newSyncBuffer(), stop: cancel, done: make(chan error, 1)}
	o.bind = "127.0.0.1"
	go func() { s.done <- serveSite(ctx, o, s.log) }()
	t.Cleanup(func() {
		s.shutdown(t)
		if t.Failed() {
			t.Logf("serve's log:\n%s", s.log)
		}
	})
	select {
	case s.url = <-s.log.ready:
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
	return servetest.Read(resp.Body)
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
			if ev.Name != name {
				continue
			}
			for _, f := range fragments {
				if !strings.Contains(ev.Data, f) {
					t.Fatalf("event %s: %s, want it to contain %s", name, ev.Data, f)
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
