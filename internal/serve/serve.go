// Package serve is the development HTTP server: it serves a built site
// folder and tells open pages when to reload.
//
// Files are read only through an os.Root of the built folder and sent with
// http.ServeContent, so no request can leave the folder, whether by "..",
// "%2e%2e", an encoded slash or a symbolic link pointing out. On top of that the server refuses backslashes, encoded
// slashes and dot files, lists no folders (a folder without index.html is a
// miss) and answers every miss with the site's own 404.html and status 404.
//
// Serve answers only requests whose Host header names localhost, a loopback
// address or the address it listens on (see Serve), so that a page of
// another site cannot read the preview through DNS rebinding.
//
// When the site root holds a netlify.toml, its [[headers]] rules are applied
// to every file response, 404s included, so the Content-Security-Policy and
// caching an author sees locally are the deployed ones. Package deploy reads
// the file and matches paths as Netlify does. A broken netlify.toml is an
// error of New naming the file and, for a syntax error, the line.
//
// Live reload: the server adds
//
//	<script src="/_sitegen/reload.js" defer></script>
//
// to every HTML response (built files never contain it). The script is a
// same-origin file, so a policy allowing only 'self' scripts still allows
// it, and it listens on /_sitegen/events, a Server-Sent Events stream of:
//
//   - hello {"version"}: sent on connect; a page whose last known version
//     differs (a rebuild or a server restart happened while it was
//     disconnected) reloads.
//   - reload {"pages", "all", "version"}: a rebuild finished and its files
//     are in place; a page reloads if it is listed (or all is true),
//     keeping its scroll position.
//   - css {"url", "version"}: a new fingerprinted stylesheet; the page swaps
//     the <link> whose file name starts alike (up to the first dot or dash:
//     "style" for /style.b43b4657.css) without reloading, or reloads if no
//     link matches.
//   - error {"message"}: a rebuild failed; the page shows an overlay
//     (styled by /_sitegen/overlay.css) with the message, which names
//     file:line. A page that connects while an error is current gets it at
//     once.
//   - ok {}: the error is gone (also sent on connect when there is none);
//     the page removes the overlay.
//
// The caller publishes these with Reloaded, StylesheetChanged, Failed and
// Recovered, after the new files are in place: the server serves one
// folder for its life, read from disk at each request. Each event goes to
// every connected page; a page that stops reading is dropped without
// slowing the others.
package serve

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path"
	"time"

	"github.com/concurrency-primer/site/internal/deploy"
)

// assets holds the reload script and the overlay's stylesheet.
//
//go:embed assets/reload.js assets/overlay.css
var assets embed.FS

// Options configures a Server.
type Options struct {
	// Dir is the built site folder to serve.
	Dir string
	// SiteRoot is the folder holding netlify.toml, usually the repository
	// root; empty or without a netlify.toml, no extra headers are applied.
	SiteRoot string
	// Heartbeat is the interval of keep-alive comments on the event
	// stream; 15s when zero.
	Heartbeat time.Duration
	// WriteTimeout bounds each write to an event stream; a page that does
	// not read for that long is disconnected. 10s when zero.
	WriteTimeout time.Duration
	// Hosts lists names answered in the Host header besides loopback
	// (localhost, 127.0.0.1, [::1]) and the address Serve listens on:
	// the -bind argument, when it is a name. Any other Host gets 421.
	Hosts []string
	// Logf, when set, receives problems that do not stop serving.
	Logf func(format string, args ...any)
}

// Server serves a built site with live reload. Its methods are safe for
// concurrent use.
type Server struct {
	opts    Options
	netlify *deploy.Config // nil: no netlify.toml
	root    *os.Root
	fsys    fs.FS // the built folder as it is on disk
	hub     *hub
}

// New opens opts.Dir and reads the headers of SiteRoot/netlify.toml. The
// caller closes the Server when done.
func New(opts Options) (*Server, error) {
	if opts.Heartbeat <= 0 {
		opts.Heartbeat = 15 * time.Second
	}
	if opts.WriteTimeout <= 0 {
		opts.WriteTimeout = 10 * time.Second
	}
	if opts.Logf == nil {
		opts.Logf = func(string, ...any) {}
	}
	netlify, err := readDeploy(opts.SiteRoot)
	if err != nil {
		return nil, err
	}
	root, err := os.OpenRoot(opts.Dir)
	if err != nil {
		return nil, fmt.Errorf("serving %s: %w", opts.Dir, err)
	}
	return &Server{opts: opts, netlify: netlify, root: root, fsys: root.FS(), hub: newHub(opts.Logf)}, nil
}

// ServeHTTP serves the site, the reload script and the event stream. It
// answers any Host header: Serve puts the Host check in front of it.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// The server's own paths are matched as sent, never cleaned or
	// redirected; every other request, and any method but GET or HEAD,
	// is a file request.
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
// It returns nil after ctx is done. A Server serves once: its event streams
// stay closed afterwards.
//
// Serve answers only requests whose Host header names a loopback address,
// localhost, the address of ln or one of Options.Hosts; when ln listens on
// every interface, any IP address too. Others get 421 Misdirected
// Request: a page of another site that points its name at this machine
// (DNS rebinding) cannot read the preview.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           newHostGuard(ln.Addr(), s.opts.Hosts).wrap(s),
		ReadHeaderTimeout: 10 * time.Second,
		BaseContext:       func(net.Listener) context.Context { return ctx },
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	var err error
	select {
	case err = <-errc:
	case <-ctx.Done():
		// The event streams never end by themselves: close them first,
		// so that Shutdown has only short requests to wait for.
		s.hub.close()
		sctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		if srv.Shutdown(sctx) != nil {
			srv.Close()
		}
		err = <-errc
	}
	s.hub.close()
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return fmt.Errorf("serving on %s: %w", ln.Addr(), err)
}

// Close ends the event streams and closes the built folder; requests
// after it find no files.
func (s *Server) Close() error {
	s.hub.close()
	return s.root.Close()
}

// BindWarning returns a warning to print when addr (host:port or host) is
// reachable from other machines, or "" for a loopback address.
func BindWarning(addr string) string {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		host = addr
	}
	if host == "localhost" {
		return ""
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return ""
	}
	return fmt.Sprintf("warning: listening on %s, which other machines can reach: "+
		"the development server is meant for 127.0.0.1 and serves drafts and live-reload endpoints", addr)
}

// readDeploy reads root/netlify.toml; no root or no file, no headers.
func readDeploy(root string) (*deploy.Config, error) {
	if root == "" {
		return nil, nil
	}
	c, err := deploy.Load(os.DirFS(root))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("headers for the site at %s: %w", root, err)
	}
	return c, nil
}
