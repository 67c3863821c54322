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
	"time"

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
		o.register(fs, false)
		fs.StringVar(&o.bind, "bind", "127.0.0.1", "the `address` to listen on; anything but loopback is reachable from other machines")
		fs.IntVar(&o.port, "port", 1313, "the TCP `port`; 0 picks a free one")
		fs.BoolVar(&o.poll, "poll", false, "scan for changes twice a second, for file systems that send no events")
		return func(ctx context.Context, _ []string) error { return serveSite(ctx, o, os.Stderr) }
	},
}

// serveOptions are the flags of serve.
type serveOptions struct {
	siteFlags
	bind string
	port int
	poll bool
}

// serveSite builds the site into a temporary folder, serves it and keeps it
// up to date until ctx is done, logging one Write per line to log. Content
// errors never stop it: they go to the open pages.
func serveSite(ctx context.Context, o serveOptions, log io.Writer) error {
	if o.port < 0 || o.port > 65535 {
		return &usageError{fmt.Sprintf("-port %d: want 0 to 65535", o.port)}
	}
	tmp, err := os.MkdirTemp("", "sitegen-serve-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	o.out, o.baseURL = filepath.Join(tmp, "site"), "/"
	cfg, err := o.config()
	if err != nil {
		return err
	}
	cfg.Logf = func(format string, args ...any) { fmt.Fprintf(log, "sitegen: "+format+"\n", args...) }
	// Ctrl-C stops serve within a second, even during a demo.
	cfg.DemoGrace = 200 * time.Millisecond
	// Listen first: a port in use fails at once, not after the build.
	ln, err := net.Listen("tcp", net.JoinHostPort(o.bind, strconv.Itoa(o.port)))
	if err != nil {
		return err
	}
	defer ln.Close()
	if err := os.MkdirAll(cfg.Out, 0o755); err != nil {
		return err
	}
	srv, err := serve.New(serve.Options{Dir: cfg.Out, SiteRoot: cfg.Root, Hosts: []string{o.bind}})
	if err != nil {
		return err
	}
	defer srv.Close()
	b := &builder{cfg: cfg, srv: srv}
	if b.rebuild(ctx, nil); ctx.Err() != nil {
		return nil // stopped during the first build
	}
	url, notes := browseURL(ln.Addr().String())
	for _, n := range notes {
		cfg.Logf("%s", n)
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	served := make(chan error, 1)
	go func() {
		served <- srv.Serve(ctx, ln)
		cancel()
	}()
	opts := watch.Options{Poll: o.poll, Logf: cfg.Logf, Ready: func() {
		cfg.Logf("serving %s from %s; press Ctrl-C to stop", url, cfg.Out)
	}}
	var roots []string
	for _, name := range sourceDirs {
		if fi, err := os.Stat(filepath.Join(cfg.Root, name)); err == nil && fi.IsDir() {
			roots = append(roots, filepath.Join(cfg.Root, name))
		}
	}
	err = watch.Watch(ctx, roots, opts, func(batch watch.Batch) { b.rebuild(ctx, batch) })
	cancel()
	return errors.Join(err, <-served)
}

// browseURL returns the URL a person can open for the listening address
// addr, and notes to print: a warning off loopback, and for 0.0.0.0 or ::,
// which no browser opens, that the URL names 127.0.0.1 instead.
func browseURL(addr string) (url string, notes []string) {
	host, port, _ := net.SplitHostPort(addr)
	ip := net.ParseIP(host)
	if host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		notes = append(notes, fmt.Sprintf("warning: listening on %s, which other machines can reach: "+
			"the development server is meant for 127.0.0.1 and serves drafts and live-reload endpoints", addr))
	}
	if host == "" || ip != nil && ip.IsUnspecified() {
		host = "127.0.0.1"
		notes = append(notes, fmt.Sprintf("listening on all interfaces, port %s: open http://127.0.0.1:%s/ here, or this machine's address from others", port, port))
	}
	return "http://" + net.JoinHostPort(host, port) + "/", notes
}

// builder keeps the live site and tells the server about each rebuild, in
// the watcher's goroutine.
type builder struct {
	cfg  site.Config
	srv  *serve.Server
	live *site.Live // nil until a build succeeds
}

// failedPage stands in for the site until its first build succeeds.
const failedPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Build failed</title></head>
<body><main><h1>The site did not build</h1><pre>%s</pre><p>Fix the file and save: this page reloads.</p></main></body></html>
`

// rebuild builds the site again for a batch of changes, or for none, the
// first time, the whole site.
func (b *builder) rebuild(ctx context.Context, batch watch.Batch) {
	var files []string
	for _, p := range batch { // all under the site folder: they are watched there
		rel, _ := filepath.Rel(b.cfg.Root, p)
		files = append(files, filepath.ToSlash(rel))
	}
	var rep *site.Report
	var err error
	if b.live == nil {
		b.live, rep, err = site.NewLive(ctx, b.cfg)
		if rep != nil && batch != nil {
			rep.Changed = files
		}
	} else {
		rep, err = b.live.Rebuild(ctx, files)
	}
	if ctx.Err() != nil {
		return // shutting down
	}
	if err != nil && batch == nil {
		b.cfg.Logf("build failed: %v", err)
		// Every page is the stand-in until a build succeeds.
		page := fmt.Sprintf(failedPage, template.HTMLEscapeString(err.Error()))
		err = errors.Join(err, os.WriteFile(filepath.Join(b.cfg.Out, "404.html"), []byte(page), 0o644))
	} else if err != nil {
		b.cfg.Logf("%s: rebuild failed: %v", site.Summarize(files), err)
	}
	if err != nil {
		b.srv.Failed(err)
		return
	}
	if batch == nil {
		b.cfg.Logf("built the site: %s", rep)
		return
	}
	b.cfg.Logf("%s", rep)
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
	// The one-page view may still be on its way.
	late, err := b.live.Settle()
	if err != nil {
		b.cfg.Logf("rebuild failed: %v", err)
		b.srv.Failed(err)
	} else if late != nil && len(late.Written) > 0 {
		b.cfg.Logf("%s", late)
		b.srv.Reloaded(late.Pages)
	}
}
