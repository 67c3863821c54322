package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/concurrency-primer/site/internal/serve/servetest"
)

// liveServer runs s behind an httptest server and returns the events URL
// and a client whose connections are closed at the end of the test.
func liveServer(t *testing.T, s *Server) (string, *http.Client) {
	t.Helper()
	ts := httptest.NewServer(s)
	client := &http.Client{Transport: &http.Transport{MaxConnsPerHost: 0}}
	t.Cleanup(func() {
		s.closeStreams() // end the streams so the test server can close
		ts.Close()
		client.CloseIdleConnections()
	})
	return ts.URL + "/_sitegen/events", client
}

func TestEventsToManyClients(t *testing.T) {
	s := newServer(t, Options{Dir: fixture(t)})
	url, client := liveServer(t, s)
	const n = 100
	streams := make([]<-chan event, n)
	for i := range streams {
		streams[i] = stream(context.Background(), t, client, url)
		expect(t, streams[i], "hello", `"version"`)
		expect(t, streams[i], "ok")
	}
	s.Reloaded([]string{"/threads/index.html", "intro", "/404.html"})
	s.StylesheetChanged("/css/site.9e8d7c.css")
	s.Failed(errors.New(`content/03-threads.md:12: unknown demo "cpux"`))
	s.Recovered()
	s.Reloaded(nil)

	var wg sync.WaitGroup
	for i, ch := range streams {
		wg.Go(func() {
			t.Run(fmt.Sprint("client ", i), func(t *testing.T) {
				expect(t, ch, "reload", `"pages":["/threads/","/intro/","/404.html"]`)
				expect(t, ch, "css", `"url":"/css/site.9e8d7c.css"`)
				expect(t, ch, "error", `content/03-threads.md:12: unknown demo \"cpux\"`)
				expect(t, ch, "ok")
				expect(t, ch, "reload", `"all":true`)
			})
		})
	}
	wg.Wait()
}

func TestErrorShownToNewClients(t *testing.T) {
	s := newServer(t, Options{Dir: fixture(t)})
	url, client := liveServer(t, s)
	s.Failed(errors.New("content/01-intro.md:3: bad front matter"))

	late := stream(context.Background(), t, client, url)
	expect(t, late, "hello")
	expect(t, late, "error", "content/01-intro.md:3: bad front matter")

	// A good rebuild removes the overlay before reloading.
	s.Reloaded([]string{"/intro/"})
	expect(t, late, "ok")
	expect(t, late, "reload", `"/intro/"`)

	fresh := stream(context.Background(), t, client, url)
	expect(t, fresh, "hello")
	expect(t, fresh, "ok")
}

func TestVersionChangesWithRebuilds(t *testing.T) {
	s := newServer(t, Options{Dir: fixture(t)})
	url, client := liveServer(t, s)
	before := expect(t, stream(context.Background(), t, client, url), "hello")
	s.StylesheetChanged("/css/site.1.css")
	after := expect(t, stream(context.Background(), t, client, url), "hello")
	if before.Data == after.Data {
		t.Fatalf("hello %s before and after a rebuild: a page that missed it would not reload", before.Data)
	}
}

func TestHeartbeat(t *testing.T) {
	s := newServer(t, Options{Dir: fixture(t)})
	s.heartbeat = 5 * time.Millisecond
	url, client := liveServer(t, s)
	ch := stream(context.Background(), t, client, url)
	deadline := time.After(wait)
	for {
		select {
		case ev := <-ch:
			if ev.Name == ":" && ev.Data == ": ping" {
				return
			}
		case <-deadline:
			t.Fatal("no heartbeat comment after 5s")
		}
	}
}

// TestHubDropsStalledClient checks the hub alone: a client that takes
// nothing from its queue is dropped, the others get every event.
func TestHubDropsStalledClient(t *testing.T) {
	s := newServer(t, Options{Dir: fixture(t)})
	stalled := s.subscribe()
	readers := []chan []byte{s.subscribe(), s.subscribe(), s.subscribe()}
	for _, c := range readers {
		<-c // hello
		<-c // ok
	}
	for i := range 100 {
		url := fmt.Sprintf("/css/site.%d.css", i)
		s.StylesheetChanged(url)
		for j, c := range readers {
			if msg := string(<-c); !strings.Contains(msg, url) {
				t.Fatalf("reader %d got %q, want the event for %s", j, msg, url)
			}
		}
	}
	// The stalled client's queue was closed once it filled up.
	n := 0
	for range stalled {
		n++
	}
	if n != clientBuffer {
		t.Errorf("stalled client kept %d events, want its buffer of %d", n, clientBuffer)
	}
	if got := s.count(); got != len(readers) {
		t.Errorf("hub has %d clients, want the %d readers", got, len(readers))
	}
}

// TestStalledConnectionDropped checks the same over TCP: a page that stops
// reading its stream is disconnected while the others keep receiving.
func TestStalledConnectionDropped(t *testing.T) {
	s := newServer(t, Options{Dir: fixture(t)})
	s.writeTimeout = 100 * time.Millisecond
	url, client := liveServer(t, s)
	addr := strings.TrimPrefix(strings.TrimSuffix(url, "/_sitegen/events"), "http://")

	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.(*net.TCPConn).SetReadBuffer(1024) // fill up quickly
	if _, err := io.WriteString(conn, "GET /_sitegen/events HTTP/1.1\r\nHost: x\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	readers := make([]<-chan event, 3)
	for i := range readers {
		readers[i] = stream(context.Background(), t, client, url)
		expect(t, readers[i], "hello")
	}
	waitCount(t, s, 4)

	// Large events fill the socket buffers of the stalled connection, so
	// its writer blocks and its queue overflows. Each event waits until
	// the readers have the previous one: a reader is never the slow one.
	big := strings.Repeat("x", 64<<10)
	for _, ch := range readers {
		expect(t, ch, "ok")
	}
	for i := range 300 {
		s.StylesheetChanged(fmt.Sprintf("/css/%d.%s.css", i, big))
		for _, ch := range readers {
			expect(t, ch, "css", fmt.Sprintf(`"/css/%d.`, i))
		}
	}
	waitCount(t, s, 3)
}

// waitCount waits until the hub has n clients.
func waitCount(t *testing.T, s *Server, n int) {
	t.Helper()
	deadline := time.Now().Add(wait)
	for s.count() != n {
		if time.Now().After(deadline) {
			t.Fatalf("hub has %d clients after 5s, want %d", s.count(), n)
		}
		time.Sleep(time.Millisecond)
	}
}

func TestServeShutdown(t *testing.T) {
	before := runtime.NumGoroutine()
	s, err := New(Options{Dir: fixture(t)})
	if err != nil {
		t.Fatal(err)
	}
	addr, cancel, done := listen(t, s)

	client := &http.Client{Transport: &http.Transport{}}
	url := "http://" + addr + "/_sitegen/events"
	streams := make([]<-chan event, 5)
	for i := range streams {
		streams[i] = stream(context.Background(), t, client, url)
		expect(t, streams[i], "hello")
	}
	resp, err := client.Get("http://" + addr + "/")
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Serve: %v", err)
		}
	case <-time.After(wait):
		t.Fatal("Serve did not return within 5s of cancel")
	}
	for _, ch := range streams {
		for range ch { // every stream ends
		}
	}
	if _, err := net.Dial("tcp", addr); err == nil {
		t.Error("listener still accepts after Serve returned")
	}
	client.CloseIdleConnections()
	s.Close()
	servetest.NoLeak(t, before, wait)
}

// TestReloadScriptAbsentFromFiles guards the contract that built files
// never contain the script: only responses do.
func TestReloadScriptAbsentFromFiles(t *testing.T) {
	dir := fixture(t)
	s := newServer(t, Options{Dir: dir})
	w := httptest.NewRecorder()
	s.ServeHTTP(w, httptest.NewRequest("GET", "/", nil))
	if !strings.Contains(w.Body.String(), reloadTag) {
		t.Fatal("response lacks the reload script")
	}
	b, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), "_sitegen") {
		t.Fatal("serving wrote the reload script into the built file")
	}
}
