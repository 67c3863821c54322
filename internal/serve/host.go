package serve

import (
	"fmt"
	"net"
	"net/http"
	"strings"
)

// hostGuard answers 421 Misdirected Request to every request whose Host
// header names neither a loopback address nor one the server was asked to
// listen on. A page on another site can point its own name at 127.0.0.1
// (DNS rebinding) and then read the preview, drafts and error messages
// included, as same-origin: its requests carry its own name as Host, which
// is how they are told apart.
type hostGuard struct {
	// names holds the host names and addresses answered besides loopback,
	// lower case.
	names map[string]bool
	// anyIP answers every IP address: a server listening on all
	// interfaces is reached by any of the machine's addresses, and a
	// page cannot make an address its own origin's name.
	anyIP bool
}

// newHostGuard returns the guard for a server listening on addr that also
// answers the names in hosts (the -bind argument).
func newHostGuard(addr net.Addr, hosts []string) *hostGuard {
	g := &hostGuard{names: map[string]bool{}}
	for _, h := range hosts {
		if h = hostName(h); h != "" {
			g.names[h] = true
		}
	}
	if h, _, err := net.SplitHostPort(addr.String()); err == nil {
		if ip := net.ParseIP(h); ip != nil && ip.IsUnspecified() {
			g.anyIP = true
		} else {
			g.names[hostName(h)] = true
		}
	}
	return g
}

// allowed reports whether a request with Host header host is answered.
func (g *hostGuard) allowed(host string) bool {
	h := hostName(host)
	if h == "" {
		return false
	}
	if h == "localhost" || g.names[h] {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && (ip.IsLoopback() || g.anyIP)
}

// wrap returns next behind the guard.
func (g *hostGuard) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !g.allowed(r.Host) {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.Header().Set("X-Content-Type-Options", "nosniff")
			w.WriteHeader(http.StatusMisdirectedRequest)
			fmt.Fprintf(w, "sitegen serve answers only localhost and the address it listens on, not %q; "+
				"to use another name, start it with -bind NAME\n", r.Host)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// hostName returns the host of a Host header or address without its port
// or brackets, in lower case and without a final dot.
func hostName(host string) string {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	return strings.TrimSuffix(strings.ToLower(host), ".")
}
