package serve

import (
	"net/http"
	"time"
)

// events streams Server-Sent Events to one page until the page goes away,
// the hub drops it, or the server shuts down.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	c := s.hub.subscribe()
	if c == nil {
		// 204 tells EventSource not to reconnect to a server going away.
		w.WriteHeader(http.StatusNoContent)
		return
	}
	defer s.hub.unsubscribe(c)

	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	rc := http.NewResponseController(w)
	write := func(msg []byte) bool {
		// A page that does not read must not hold this goroutine
		// forever. Recorders without deadlines simply do not get one.
		_ = rc.SetWriteDeadline(time.Now().Add(s.opts.WriteTimeout))
		if _, err := w.Write(msg); err != nil {
			return false
		}
		return rc.Flush() == nil
	}
	if !write([]byte("retry: 1000\n\n")) {
		return
	}
	beat := time.NewTicker(s.opts.Heartbeat)
	defer beat.Stop()
	for {
		select {
		case msg, ok := <-c:
			if !ok || !write(msg) {
				return
			}
		case <-beat.C:
			if !write([]byte(": ping\n\n")) {
				return
			}
		case <-r.Context().Done():
			return
		}
	}
}
