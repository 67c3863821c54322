package serve

import (
	"encoding/json"
	"fmt"
	"net/http"
	"path"
	"strings"
	"time"
)

// clientBuffer is how many events a page may fall behind before it is
// dropped.
const clientBuffer = 16

// sse formats one Server-Sent Event.
func sse(name string, data any) []byte {
	b, _ := json.Marshal(data) // strings, bools and slices of strings only
	return []byte("event: " + name + "\ndata: " + string(b) + "\n\n")
}

// Reloaded tells pages that a rebuild finished and its files are in place.
// pages are URL paths such as "/threads/" ("/threads/index.html" is the
// same page); none means every page. It clears a current error.
func (s *Server) Reloaded(pages []string) {
	if len(pages) == 0 {
		s.changed("reload", map[string]any{"all": true})
		return
	}
	norm := make([]string, len(pages))
	for i, p := range pages {
		// As the reload script does: "/threads", "/threads/" and
		// "/threads/index.html" are one page.
		p = strings.TrimSuffix("/"+strings.TrimPrefix(p, "/"), "index.html")
		if !strings.HasSuffix(p, "/") && !strings.Contains(path.Base(p), ".") {
			p += "/"
		}
		norm[i] = p
	}
	s.changed("reload", map[string]any{"pages": norm})
}

// StylesheetChanged tells pages to swap their stylesheet for the one at url
// (a new fingerprinted name) without reloading. It clears a current error.
func (s *Server) StylesheetChanged(url string) {
	s.changed("css", map[string]any{"url": url})
}

// changed sends a reload or css event with the new version, or with no
// name nothing more. New files in place mean a good build: it first clears
// a current error.
func (s *Server) changed(name string, data map[string]any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.failure != nil {
		s.failure = nil
		s.sendLocked(sse("ok", struct{}{}))
	}
	if name != "" {
		s.version++
		data["version"] = s.versionLocked()
		s.sendLocked(sse(name, data))
	}
}

// Failed shows err on every page, and on pages that connect later, until
// Recovered, Reloaded or StylesheetChanged. Its message should name the
// file and line.
func (s *Server) Failed(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failure = sse("error", map[string]string{"message": err.Error()})
	s.sendLocked(s.failure)
}

// Recovered removes the error overlay from every page; without a current
// error it does nothing, so a caller may call it after every good build.
func (s *Server) Recovered() { s.changed("", nil) }

func (s *Server) versionLocked() string { return fmt.Sprintf("%s.%d", s.id, s.version) }

// sendLocked queues msg for every page, dropping those whose queue is full:
// sends never block.
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

// subscribe adds a page and queues what it must know first: the version and
// the current error or its absence. It returns nil once the streams are
// closed.
func (s *Server) subscribe() chan []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	c := make(chan []byte, clientBuffer)
	s.clients[c] = true
	c <- sse("hello", map[string]string{"version": s.versionLocked()})
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

// events streams Server-Sent Events to one page until the page goes away,
// it is dropped, or the server shuts down.
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
