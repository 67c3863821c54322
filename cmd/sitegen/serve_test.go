package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/concurrency-primer/site/internal/demo"
	"github.com/concurrency-primer/site/internal/serve/servetest"
)

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
			s := startServe(t, serveOptions{siteFlags: siteFlags{src: src, demos: demo.ModeOff}, poll: poll})
			ch := events(t, s.url)
			expect(t, ch, "hello")
			if page := fetch(t, s.url+"a/"); !strings.Contains(page, "First words.") || !strings.Contains(page, "/_sitegen/reload.js") {
				t.Fatalf("the page lacks its text or the reload script:\n%s", page)
			}

			rewrite(t, chapter, "---\ntitle: A\n---\nSecond words.\n")
			ev := expect(t, ch, "reload", `"/a/"`)
			if strings.Contains(ev.Data, `"/b/"`) {
				t.Errorf("reload %s names a page that did not change", ev.Data)
			}
			if page := fetch(t, s.url+"a/"); !strings.Contains(page, "Second words.") {
				t.Errorf("after the reload event the page is still the old one:\n%s", page)
			}
			// The one-page view follows the page, with its own event.
			expect(t, ch, "reload", `"/all/"`)
			if page := fetch(t, s.url+"all/"); !strings.Contains(page, "Second words.") {
				t.Errorf("after its reload event the one-page view is still the old one")
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
			if _, err := os.Stat(filepath.Join(src, "public")); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("serve wrote into the site folder's public/: %v", err)
			}
			if _, err := os.Stat(out); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("the served folder %s is still there: %v", out, err)
			}
			for _, line := range []string{"rebuild failed: content/01-a.md:3", "chapter rebuild, 1 rendered"} {
				if !strings.Contains(s.log.String(), line) {
					t.Errorf("log lacks %q:\n%s", line, s.log)
				}
			}
			servetest.NoLeak(t, before, wait)
		})
	}
}

// TestServeBrokenStart starts serve on a site that does not build: it
// serves a page with the error, then the site once it is fixed.
func TestServeBrokenStart(t *testing.T) {
	src := writeSite(t, map[string]string{"content/01-a.md": "---\ntitle: A\nweight: x\n---\nWords.\n"})
	s := startServe(t, serveOptions{siteFlags: siteFlags{src: src, demos: demo.ModeOff}})
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

// TestServeDrafts checks that serve -drafts serves the chapters marked
// draft, and that serve without it does not.
func TestServeDrafts(t *testing.T) {
	src := writeSite(t, map[string]string{
		"content/01-a.md": "---\ntitle: A\n---\nWords.\n",
		"content/02-b.md": "---\ntitle: B\ndraft: true\n---\nNot yet.\n",
	})
	for _, drafts := range []bool{false, true} {
		t.Run(fmt.Sprintf("drafts=%v", drafts), func(t *testing.T) {
			s := startServe(t, serveOptions{siteFlags: siteFlags{src: src, demos: demo.ModeOff, drafts: drafts}})
			if got := strings.Contains(fetch(t, s.url+"b/"), "Not yet."); got != drafts {
				t.Errorf("the draft chapter served: %v, want %v", got, drafts)
			}
		})
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

// TestServeFlags checks that serve refuses bad flags and a port in use
// before building anything.
func TestServeFlags(t *testing.T) {
	src := writeSite(t, map[string]string{"content/01-a.md": "---\ntitle: A\n---\nWords.\n"})
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	_, port, _ := net.SplitHostPort(busy.Addr().String())
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"port out of range", []string{"-port", "70000"}, 2, "-port 70000: want 0 to 65535"},
		{"bad demo mode", []string{"-demos", "sometimes"}, 2, `invalid value "sometimes" for flag -demos: unknown demo mode`},
		{"extra argument", []string{"x"}, 2, `unexpected argument "x"`},
		{"no site folder", []string{"-src", filepath.Join(src, "nope")}, 1, "no such folder"},
		{"port in use", []string{"-port", port}, 1, "address already in use"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stderr bytes.Buffer
			args := append([]string{"serve", "-src", src}, tt.args...)
			if code := run(t.Context(), args, &stderr); code != tt.code {
				t.Errorf("exit code %d, want %d; stderr:\n%s", code, tt.code, stderr.String())
			}
			if !strings.Contains(stderr.String(), tt.stderr) {
				t.Errorf("stderr %q, want it to contain %q", stderr.String(), tt.stderr)
			}
			if strings.Contains(stderr.String(), "built the site") {
				t.Errorf("serve built the site before failing:\n%s", stderr.String())
			}
		})
	}
}

// TestBrowseURL checks the URL serve prints for each kind of address it
// may listen on, one a browser can open, and its notes: a warning off
// loopback, and a note for every interface.
func TestBrowseURL(t *testing.T) {
	tests := []struct {
		addr, url  string
		warn, note bool
	}{
		{"127.0.0.1:1313", "http://127.0.0.1:1313/", false, false},
		{"localhost:1313", "http://localhost:1313/", false, false},
		{"[::1]:1313", "http://[::1]:1313/", false, false},
		{"127.0.0.2:1313", "http://127.0.0.2:1313/", false, false},
		{"192.0.2.7:80", "http://192.0.2.7:80/", true, false},
		{"example.com:80", "http://example.com:80/", true, false},
		{"0.0.0.0:1313", "http://127.0.0.1:1313/", true, true},
		{"[::]:1313", "http://127.0.0.1:1313/", true, true},
		{":1313", "http://127.0.0.1:1313/", true, true},
	}
	for _, tt := range tests {
		t.Run(tt.addr, func(t *testing.T) {
			url, notes := browseURL(tt.addr)
			if url != tt.url {
				t.Errorf("URL %q, want %q", url, tt.url)
			}
			all := strings.Join(notes, "\n")
			if strings.Contains(all, "other machines can reach") != tt.warn || strings.Contains(all, "all interfaces") != tt.note {
				t.Errorf("notes %q, want a warning: %v, a note for every interface: %v", notes, tt.warn, tt.note)
			}
		})
	}
}

// TestServeAllInterfaces serves with -bind 0.0.0.0 and checks that the URL
// printed is one a browser opens, and that the log says the server listens
// on every interface.
func TestServeAllInterfaces(t *testing.T) {
	src := writeSite(t, map[string]string{"content/01-a.md": "---\ntitle: A\n---\nWords.\n"})
	ctx, cancel := context.WithCancel(t.Context())
	log := newSyncBuffer()
	done := make(chan error, 1)
	o := serveOptions{bind: "0.0.0.0", siteFlags: siteFlags{src: src, demos: demo.ModeOff}}
	go func() { done <- serveSite(ctx, o, log) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	}()
	var url string
	select {
	case url = <-log.ready:
	case err := <-done:
		t.Fatalf("serve returned %v before serving; log:\n%s", err, log)
	case <-time.After(wait):
		t.Fatalf("not serving after %v; log:\n%s", wait, log)
	}
	if !strings.HasPrefix(url, "http://127.0.0.1:") {
		t.Errorf("URL %s, want one on 127.0.0.1", url)
	}
	if !strings.Contains(log.String(), "serving "+url) || !strings.Contains(log.String(), "all interfaces") {
		t.Errorf("the log does not print %s and say it listens on all interfaces:\n%s", url, log)
	}
	if page := fetch(t, url+"a/"); !strings.Contains(page, "Words.") {
		t.Errorf("%sa/ does not serve the chapter:\n%s", url, page)
	}
}

// TestServeDemoEdit edits a demo under a running server: the page that
// shows it reloads with the new output, and the frozen.json the runner
// writes meanwhile is seen but rebuilds nothing.
func TestServeDemoEdit(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs a demo")
	}
	src := writeSite(t, map[string]string{
		"go.mod":              "module fixture\n\ngo 1.26\n",
		"demos/hello/main.go": "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"hello one\") }\n",
		"content/01-a.md":     "---\ntitle: A\n---\n```demo hello chart=none\n```\n",
		"content/02-b.md":     "---\ntitle: B\n---\nNo demo.\n",
	})
	s := startServe(t, serveOptions{siteFlags: siteFlags{src: src, demos: demo.ModeAuto}})
	ch := events(t, s.url)
	expect(t, ch, "hello")
	rewrite(t, filepath.Join(src, "demos", "hello", "main.go"),
		"package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"hello two\") }\n")
	expect(t, ch, "reload", `"/a/"`)
	if page := fetch(t, s.url+"a/"); !strings.Contains(page, "hello two") {
		t.Errorf("the page does not show the demo's new output:\n%s", page)
	}
	const skipped = "demos/hello/frozen.json: no rebuild"
	deadline := time.Now().Add(wait)
	for !strings.Contains(s.log.String(), skipped) && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	log := s.log.String()
	if !strings.Contains(log, skipped) {
		t.Errorf("the log lacks %q:\n%s", skipped, log)
	}
	if n := strings.Count(log, "demo rebuild"); n != 1 {
		t.Errorf("%d demo rebuilds, want 1:\n%s", n, log)
	}
}
