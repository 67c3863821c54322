package serve

import (
	"encoding/json"
	"fmt"
	"net/http"
	"path"
	"strings"
	"time"
)

// clientBuffer is how many events a page may fall behind.
const clientBuffer = 16

func sse(name string, data any) []byte {
	b, _ := json.Marshal(data) // strings, bools and slices of strings only
	return []byte("event: " + name + "\ndata: " + string(b) + "\n\n")
}

// Reloaded tells pages that a rebuild's files are in place: pages are URL
// paths such as "/threads/", none means every page. It clears an error.
func (s *Server) Reloaded(pages []string) {
	if len(pages) == 0 {
		s.changed("reload", map[string]any{"all": true})
		return
	}
	norm := make([]string, len(pages))
	for i, p := range pages {
		// As in the reload script, "/threads" and "/threads/index.html"
		// are "/threads/".
		p = strings.TrimSuffix("/"+strings.TrimPrefix(p, "/"), "index.html")
		if !strings.HasSuffix(p, "/") && !strings.Contains(path.Base(p), ".") {
			p += "/"
		}
		norm[i] = p
	}
	s.changed("reload", map[string]any{"pages": norm})
}

// StylesheetChanged tells pages to swap their stylesheet for the one at url
// without reloading. It clears an error.
func (s *Server) StylesheetChanged(url string) {
	s.changed("css", map[string]any{"url": url})
}

// changed clears the error, as new files mean a good build, then sends
// the named event, if any, with the new version.
func (s *Server) changed(name string, data map[string]any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.failure != nil {
		s.failure = nil
		s.sendLocked(sse("ok", struct{}{}))
	}
	if name != "" {
		s.version++
		data["version"] = fmt.Sprintf("%s.%d", s.id, s.version)
		s.sendLocked(sse(name, data))
	}
}

// Failed shows err on every page, and on pages that connect later, until
// Recovered, Reloaded or StylesheetChanged.
func (s *Server) Failed(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failure = sse("error", map[string]string{"message": err.Error()})
	s.sendLocked(s.failure)
}

// Recovered removes the error overlay from every page, if there is one.
func (s *Server) Recovered() { s.changed("", nil) }

// sendLocked queues msg for every page, dropping those whose queue is full.
func (s *Server) sendLocked(msg []byte) {
	for c := range s.clients {
		select {
		case c <- msg:
		default:
			s.dropLocked(c)
		}
	}
}

func (s *Server) dropLocked(c chan []byte) {
	if s.clients[c] {
		delete(s.clients, c)
		close(c)
	}
}

// subscribe adds a page and queues the version and the error or its
// absence. It returns nil once the streams are closed.
func (s *Server) subscribe() chan []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	c := make(chan []byte, clientBuffer)
	s.clients[c] = true
	c <- sse("hello", map[string]string{"version": fmt.Sprintf("%s.%d", s.id, s.version)})
	if s.failure != nil {
		c <- s.failure
	} else {
		c <- sse("ok", struct{}{})
	}
	return c
}

// closeStreams drops every page and refuses new ones.
func (s *Server) closeStreams() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	for c := range s.clients {
		s.dropLocked(c)
	}
}

// events streams Server-Sent Events to one page until it goes away or is
// dropped.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	c := s.subscribe()
	if c == nil {
		// 204 tells EventSource not to reconnect to a server going away.
		w.WriteHeader(http.StatusNoContent)
		return
	}
	defer func() {
		s.mu.Lock()
		s.dropLocked(c)
		s.mu.Unlock()
	}()
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-cache")
	rc := http.NewResponseController(w)
	beat := time.NewTicker(s.heartbeat)
	defer beat.Stop()
	for msg, ok := []byte("retry: 1000\n\n"), true; ok; {
		// A page that does not read must not hold this goroutine forever.
		_ = rc.SetWriteDeadline(time.Now().Add(s.writeTimeout))
		if _, err := w.Write(msg); err != nil || rc.Flush() != nil {
			return
		}
		select {
		case msg, ok = <-c:
		case <-beat.C:
			msg = []byte(": ping\n\n")
		case <-r.Context().Done():
			return
		}
	}
}
