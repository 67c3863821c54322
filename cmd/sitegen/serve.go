package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"html/template"
	"io"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/concurrency-primer/site/internal/demo"
	"github.com/concurrency-primer/site/internal/serve"
	"github.com/concurrency-primer/site/internal/site"
	"github.com/concurrency-primer/site/internal/watch"
)

var serveCmd = &command{
	name:    "serve",
	summary: "Serve the site with live reload, rebuilding what each change touches",
	usage:   "[-src DIR] [-bind ADDR] [-port N] [-poll] [-demos MODE] [-drafts]",
	flags: func(fs *flag.FlagSet) func(context.Context, []string) error {
		var o serveOptions
		fs.StringVar(&o.src, "src", ".", "the site `folder`, holding content/ and optionally demos/ and theme/")
		fs.StringVar(&o.bind, "bind", "127.0.0.1", "the `address` to listen on; anything but loopback is reachable from other machines")
		fs.IntVar(&o.port, "port", 1313, "the TCP `port`; 0 picks a free one")
		fs.BoolVar(&o.poll, "poll", false, "scan for changes twice a second, for file systems that send no events")
		fs.Var(&o.demos, "demos", "the demo `mode`: auto, force, frozen or off, as for build")
		fs.BoolVar(&o.drafts, "drafts", false, "include the chapters marked draft: true")
		return func(ctx context.Context, args []string) error {
			if err := noArgs(args); err != nil {
				return err
			}
			return serveSite(ctx, o, os.Stderr)
		}
	},
}

// serveOptions are the flags of serve.
type serveOptions struct {
	src, bind    string
	demos        demo.Mode
	port         int
	poll, drafts bool
	// ready, when set, is called with the site's URL once it is served and
	// watched; tests use it.
	ready func(url string)
}

// serveDemoGrace is how long a running demo has to exit after SIGTERM
// when serve stops, before every process of its run is killed: short, so
// that Ctrl-C stops serve within a second.
const serveDemoGrace = 200 * time.Millisecond

// serveSite builds the site into a temporary folder, serves it and keeps it
// up to date until ctx is done. It prints the URL and one line per rebuild
// to log. Content errors never stop it: they go to the open pages.
func serveSite(ctx context.Context, o serveOptions, log io.Writer) error {
	if o.port < 0 || o.port > 65535 {
		return &usageError{fmt.Sprintf("-port %d: want 0 to 65535", o.port)}
	}
	tmp, err := os.MkdirTemp("", "sitegen-serve-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	f := siteFlags{src: o.src, out: filepath.Join(tmp, "site"), baseURL: "/", demos: o.demos, drafts: o.drafts}
	cfg, err := f.config()
	if err != nil {
		return err
	}
	var mu sync.Mutex // one message at a time
	logf := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintf(log, "sitegen: "+format+"\n", args...)
	}
	cfg.Logf = logf
	// Stopping serve must not wait long for a demo that catches SIGTERM.
	cfg.DemoGrace = serveDemoGrace
	// Listen first: a port in use fails at once, not after the build.
	ln, err := net.Listen("tcp", net.JoinHostPort(o.bind, strconv.Itoa(o.port)))
	if err != nil {
		return err
	}
	defer ln.Close()
	if w := serve.BindWarning(ln.Addr().String()); w != "" {
		logf("%s", w)
	}
	if err := os.MkdirAll(cfg.Out, 0o755); err != nil {
		return err
	}
	srv, err := serve.New(serve.Options{Dir: cfg.Out, SiteRoot: cfg.Root, Hosts: []string{o.bind}, Logf: logf})
	if err != nil {
		return err
	}
	defer srv.Close()
	b := &builder{cfg: cfg, logf: logf, srv: srv}
	b.first(ctx)
	if ctx.Err() != nil {
		return nil // stopped during the first build
	}
	url, note := browseURL(ln.Addr().String())
	if note != "" {
		logf("%s", note)
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	var serveErr, watchErr error
	wg.Go(func() {
		serveErr = srv.Serve(ctx, ln)
		cancel()
	})
	wg.Go(func() {
		opts := watch.Options{Poll: o.poll, Logf: logf, Ready: func() {
			logf("serving %s from %s; press Ctrl-C to stop", url, cfg.Out)
			if o.ready != nil {
				o.ready(url)
			}
		}}
		watchErr = watch.Watch(ctx, watchRoots(cfg.Root), opts, func(batch watch.Batch) { b.rebuild(ctx, batch) })
		cancel()
	})
	wg.Wait()
	return errors.Join(serveErr, watchErr)
}

// browseURL returns the URL a person can open for the listening address
// addr (host:port). An unspecified host (0.0.0.0, ::) is no address a
// browser can open: the URL then names 127.0.0.1, and note says that the
// server listens on every interface.
func browseURL(addr string) (url, note string) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "http://" + addr + "/", ""
	}
	if ip := net.ParseIP(host); host == "" || ip != nil && ip.IsUnspecified() {
		return "http://" + net.JoinHostPort("127.0.0.1", port) + "/",
			fmt.Sprintf("listening on all interfaces, port %s: open http://127.0.0.1:%s/ here, or this machine's address from others", port, port)
	}
	return "http://" + net.JoinHostPort(host, port) + "/", ""
}

// watchRoots lists the folders of the site that sources come from.
func watchRoots(src string) []string {
	var roots []string
	for _, name := range sourceDirs {
		p := filepath.Join(src, name)
		if fi, err := os.Stat(p); err == nil && fi.IsDir() {
			roots = append(roots, p)
		}
	}
	return roots
}

// builder keeps the live site and tells the server about each rebuild. It
// is used by the watcher's goroutine only.
type builder struct {
	cfg  site.Config
	logf func(format string, args ...any)
	srv  *serve.Server
	live *site.Live // nil until a build succeeds
}

// first builds the whole site. When that fails, it writes a page saying so,
// which shows the error overlay until a build succeeds.
func (b *builder) first(ctx context.Context) {
	live, rep, err := site.NewLive(ctx, b.cfg)
	if ctx.Err() != nil {
		return // stopped during the build
	}
	if err != nil {
		b.logf("build failed: %v", err)
		page := []byte(fmt.Sprintf(failedPage, template.HTMLEscapeString(err.Error())))
		for _, name := range []string{"index.html", "404.html"} {
			if werr := os.WriteFile(filepath.Join(b.cfg.Out, name), page, 0o644); werr != nil {
				err = errors.Join(err, werr)
				break
			}
		}
		b.srv.Failed(err)
		return
	}
	b.live = live
	b.logf("built the site: %s", rep)
}

// failedPage stands in for the site until its first build succeeds.
const failedPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Build failed</title></head>
<body><main><h1>The site did not build</h1><pre>%s</pre><p>Fix the file and save: this page reloads.</p></main></body></html>
`

// rebuild handles one batch of changes.
func (b *builder) rebuild(ctx context.Context, batch watch.Batch) {
	var files []string
	for _, c := range batch {
		rel, err := filepath.Rel(b.cfg.Root, c)
		if err != nil || strings.HasPrefix(rel, "..") {
			continue
		}
		files = append(files, filepath.ToSlash(rel))
	}
	if len(files) == 0 {
		return
	}
	var rep *site.Report
	var err error
	if b.live == nil {
		b.live, rep, err = site.NewLive(ctx, b.cfg)
		if rep != nil {
			rep.Changed = files
		}
	} else {
		rep, err = b.live.Rebuild(ctx, files)
	}
	if ctx.Err() != nil {
		return // shutting down
	}
	if err != nil {
		b.logf("%s: rebuild failed: %v", site.Summarize(files), err)
		b.srv.Failed(err)
		return
	}
	b.logf("%s", rep)
	// A good build removes the error overlay even when no page changed.
	b.srv.Recovered()
	if rep.Stylesheet != "" {
		b.srv.StylesheetChanged(rep.Stylesheet)
	}
	if rep.AllPages {
		b.srv.Reloaded(nil)
	} else if len(rep.Pages) > 0 {
		b.srv.Reloaded(rep.Pages)
	}
	// The pages are in place and reloading; the one-page view may still
	// be on its way (see site.Live.Settle).
	late, err := b.live.Settle()
	if err != nil {
		b.logf("rebuild failed: %v", err)
		b.srv.Failed(err)
		return
	}
	if late != nil && len(late.Written) > 0 {
		b.logf("%s", late)
		b.srv.Reloaded(late.Pages)
	}
}
