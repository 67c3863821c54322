// Package servetest holds what the tests of package serve and of sitegen's
// serve command share: reading the server's event stream (Server-Sent
// Events) as a client does, and checking that a stopped server left no
// goroutine behind. It exists for tests only: no command or library
// imports it.
package servetest

import (
	"bufio"
	"io"
	"runtime"
	"strings"
	"testing"
	"time"
)

// Event is one received Server-Sent Event. A comment line, such as the
// server's keep-alive ": ping", is an Event named ":" whose Data is the
// whole line.
type Event struct{ Name, Data string }

// Read reads the event stream in body, a response body, sending each event
// and comment on the returned channel as it arrives; when the stream ends
// it closes body and the channel. The channel holds up to 1000 events that
// nobody has read.
func Read(body io.ReadCloser) <-chan Event {
	ch := make(chan Event, 1000)
	go func() {
		defer close(ch)
		defer body.Close()
		sc := bufio.NewScanner(body)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		var ev Event
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "":
				if ev.Name != "" {
					ch <- ev
				}
				ev = Event{}
			case strings.HasPrefix(line, ":"):
				ch <- Event{Name: ":", Data: line}
			case strings.HasPrefix(line, "event: "):
				ev.Name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				ev.Data = strings.TrimPrefix(line, "data: ")
			}
		}
	}()
	return ch
}

// NoLeak fails t if more goroutines than before (a count taken with
// runtime.NumGoroutine before the server started) still run after within,
// showing every goroutine's stack.
func NoLeak(t testing.TB, before int, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for runtime.NumGoroutine() > before {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<20)
			t.Fatalf("%d goroutines, %d before:\n%s", runtime.NumGoroutine(), before, buf[:runtime.Stack(buf, true)])
		}
		time.Sleep(time.Millisecond)
	}
}
