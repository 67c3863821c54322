package serve

import (
	"crypto/rand"
	"encoding/json"
	"fmt"
	"path"
	"strings"
	"sync"
)

// clientBuffer is how many events a page may fall behind before it is
// dropped.
const clientBuffer = 16

// hub fans events out to every connected page. One mutex owns its state;
// sends never block, so a page that stops reading cannot hold up the others.
type hub struct {
	logf func(format string, args ...any)

	mu sync.Mutex
	// clients holds each connected page's queue of events; the hub
	// closes a queue when it drops the page.
	clients map[chan []byte]bool
	closed  bool
	failure []byte // the current error event, nil when the last build was good
	id      string // this server's instance, so pages notice a restart
	version int    // counts reload and css events
}

func newHub(logf func(string, ...any)) *hub {
	return &hub{logf: logf, clients: map[chan []byte]bool{}, id: rand.Text()[:8]}
}

// encode formats one Server-Sent Event.
func encode(event string, data any) []byte {
	b, err := json.Marshal(data)
	if err != nil {
		panic(err) // only maps and slices of strings are sent
	}
	return []byte("event: " + event + "\ndata: " + string(b) + "\n\n")
}

func (h *hub) versionLocked() string { return fmt.Sprintf("%s.%d", h.id, h.version) }

// subscribe adds a client and queues what a new page must know: the version
// and the current error or its absence. It returns nil once the hub is
// closed.
func (h *hub) subscribe() chan []byte {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return nil
	}
	c := make(chan []byte, clientBuffer)
	h.clients[c] = true
	c <- encode("hello", map[string]string{"version": h.versionLocked()})
	if h.failure != nil {
		c <- h.failure
	} else {
		c <- encode("ok", struct{}{})
	}
	return c
}

// unsubscribe removes a client whose stream ended.
func (h *hub) unsubscribe(c chan []byte) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.dropLocked(c)
}

// dropLocked removes c, if still there, and closes its queue.
func (h *hub) dropLocked(c chan []byte) {
	if h.clients[c] {
		delete(h.clients, c)
		close(c)
	}
}

// sendLocked queues msg for every client, dropping those whose buffer is
// full.
func (h *hub) sendLocked(msg []byte) {
	for c := range h.clients {
		select {
		case c <- msg:
		default:
			h.dropLocked(c)
			h.logf("serve: dropped a live-reload client that stopped reading")
		}
	}
}

// recoverLocked clears the current error, telling pages to remove the
// overlay; without one it sends nothing.
func (h *hub) recoverLocked() {
	if h.failure != nil {
		h.failure = nil
		h.sendLocked(encode("ok", struct{}{}))
	}
}

// changed sends a reload or css event with data and the new version. New
// files in place mean the build is good: it clears a current error first.
func (h *hub) changed(event string, data map[string]any) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.recoverLocked()
	h.version++
	data["version"] = h.versionLocked()
	h.sendLocked(encode(event, data))
}

// close drops every client; later subscriptions are refused.
func (h *hub) close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.closed = true
	for c := range h.clients {
		h.dropLocked(c)
	}
}

// Reloaded tells pages that a rebuild finished and its files are in place.
// pages are URL paths such as "/threads/" ("/threads/index.html" is the
// same page); none means every page. It clears a current error.
func (s *Server) Reloaded(pages []string) {
	data := map[string]any{}
	if len(pages) == 0 {
		data["all"] = true
	} else {
		norm := make([]string, len(pages))
		for i, p := range pages {
			norm[i] = pagePath(p)
		}
		data["pages"] = norm
	}
	s.hub.changed("reload", data)
}

// StylesheetChanged tells pages to swap their stylesheet for the one at url
// (a new fingerprinted name) without reloading. It clears a current error.
func (s *Server) StylesheetChanged(url string) {
	s.hub.changed("css", map[string]any{"url": url})
}

// Failed shows err on every page, and on pages that connect later, until
// Recovered, Reloaded or StylesheetChanged. Its message should name the
// file and line.
func (s *Server) Failed(err error) {
	h := s.hub
	h.mu.Lock()
	defer h.mu.Unlock()
	h.failure = encode("error", map[string]string{"message": err.Error()})
	h.sendLocked(h.failure)
}

// Recovered removes the error overlay from every page; without a current
// error it does nothing, so a caller may call it after every good build.
func (s *Server) Recovered() {
	s.hub.mu.Lock()
	defer s.hub.mu.Unlock()
	s.hub.recoverLocked()
}

// pagePath normalizes a page's URL path as the reload script does:
// "/threads", "/threads/" and "/threads/index.html" are one page.
func pagePath(p string) string {
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	p = strings.TrimSuffix(p, "index.html")
	if !strings.HasSuffix(p, "/") && !strings.Contains(path.Base(p), ".") {
		p += "/"
	}
	return p
}
