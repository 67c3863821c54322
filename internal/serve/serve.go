// Package serve is the development HTTP server: it serves a built site
// folder and tells open pages when to reload.
//
// Files are read through an os.Root, so no request leaves the folder;
// encoded slashes and dot files are refused, folders never listed, and a
// miss gets the site's 404.html. The [[headers]] of the site's
// netlify.toml apply, so that an author sees the deployed policy.
//
// Every HTML response gets the script /_sitegen/reload.js, which listens
// on /_sitegen/events, a Server-Sent Events stream of:
//
//   - hello {"version"}: on connect; a page that knew another version
//     reloads.
//   - reload {"pages", "all", "version"}: a page listed (or all) reloads,
//     keeping its scroll position.
//   - css {"url", "version"}: the page swaps the <link> whose file name
//     starts alike (up to the first dot or dash) without reloading.
//   - error {"message"}: the page shows the message in an overlay; a page
//     connecting meanwhile gets it at once.
//   - ok {}: the error is gone (also on connect when there is none).
//
// A page that stops reading is dropped without slowing the others.
package serve

import (
	"context"
	"crypto/rand"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/concurrency-primer/site/internal/deploy"
)

//go:embed assets/reload.js assets/overlay.css
var assets embed.FS

// Options configures a Server.
type Options struct {
	// Dir is the built site folder to serve.
	Dir string
	// SiteRoot is the folder holding netlify.toml, if there is one.
	SiteRoot string
	// Hosts lists names answered in the Host header besides loopback and
	// the address Serve listens on.
	Hosts []string
}

// Server serves a built site with live reload. Its methods are safe for
// concurrent use.
type Server struct {
	opts    Options
	netlify deploy.Config // the zero Config without a netlify.toml
	root    *os.Root
	fsys    fs.FS  // the built folder, read at each request
	id      string // this server's, so that pages notice a restart
	// heartbeat is the interval of keep-alive comments; a page that takes
	// no event for writeTimeout is dropped.
	heartbeat, writeTimeout time.Duration

	mu      sync.Mutex
	clients map[chan []byte]bool // each page's queue, closed when it is dropped
	closed  bool
	failure []byte // the current error event, nil after a good build
	version int    // counts reload and css events
}

// New opens opts.Dir and reads the headers of SiteRoot/netlify.toml. The
// caller closes the Server when done.
func New(opts Options) (*Server, error) {
	s := &Server{opts: opts, clients: map[chan []byte]bool{}, id: rand.Text()[:8],
		heartbeat: 15 * time.Second, writeTimeout: 10 * time.Second}
	if opts.SiteRoot != "" {
		c, err := deploy.Load(os.DirFS(opts.SiteRoot))
		if err == nil {
			s.netlify = *c
		} else if !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("headers for the site at %s: %w", opts.SiteRoot, err)
		}
	}
	root, err := os.OpenRoot(opts.Dir)
	if err != nil {
		return nil, fmt.Errorf("serving %s: %w", opts.Dir, err)
	}
	s.root, s.fsys = root, root.FS()
	return s, nil
}

// ServeHTTP serves the site, the reload script and the event stream, to any
// Host: Serve puts the Host check in front of it.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.RawPath == "" && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
		switch r.URL.Path {
		case "/_sitegen/reload.js", "/_sitegen/overlay.css":
			// They change with the binary, so browsers revalidate them.
			w.Header().Set("Cache-Control", "no-cache")
			http.ServeFileFS(w, r, assets, "assets/"+path.Base(r.URL.Path))
			return
		case "/_sitegen/events":
			s.events(w, r)
			return
		}
	}
	s.files(w, r)
}

// Serve accepts connections on ln until ctx is done, then closes every event
// stream and shuts down, waiting at most a second for requests in flight.
// It returns nil after ctx is done. A Server serves once.
//
// Serve answers a Host other than loopback, localhost, ln's address or
// Options.Hosts with 421, so that a page of another site pointing its name
// at this machine (DNS rebinding) cannot read the preview.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	allowed := hostCheck(ln.Addr(), s.opts.Hosts)
	srv := &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if allowed(r.Host) {
				s.ServeHTTP(w, r)
				return
			}
			http.Error(w, fmt.Sprintf("sitegen serve answers only localhost and the address it listens on, not %q; "+
				"to use another name, start it with -bind NAME", r.Host), http.StatusMisdirectedRequest)
		}),
		ReadHeaderTimeout: 10 * time.Second,
		BaseContext:       func(net.Listener) context.Context { return ctx },
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	var err error
	select {
	case err = <-errc:
	case <-ctx.Done():
		// The event streams never end by themselves.
		s.closeStreams()
		sctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		if srv.Shutdown(sctx) != nil {
			srv.Close()
		}
		err = <-errc
	}
	s.closeStreams()
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return fmt.Errorf("serving on %s: %w", ln.Addr(), err)
}

// Close ends the event streams and closes the built folder.
func (s *Server) Close() error {
	s.closeStreams()
	return s.root.Close()
}

// hostCheck reports which Host headers a server listening on addr answers;
// with an unspecified addr, any IP address, as no page can make an address
// its origin's name.
func hostCheck(addr net.Addr, hosts []string) func(host string) bool {
	names := map[string]bool{"localhost": true, hostName(addr.String()): true}
	for _, h := range hosts {
		names[hostName(h)] = true
	}
	delete(names, "")
	ip := net.ParseIP(hostName(addr.String()))
	anyIP := ip != nil && ip.IsUnspecified()
	return func(host string) bool {
		h := hostName(host)
		ip := net.ParseIP(h)
		return names[h] || ip != nil && (ip.IsLoopback() || anyIP)
	}
}

// hostName returns the host of a Host header or address as names compare.
func hostName(host string) string {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	return strings.TrimSuffix(strings.ToLower(host), ".")
}
