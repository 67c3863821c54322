package site

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/concurrency-primer/site/internal/markdown"
)

// Publish runs the demos, renders every page into a staging folder beside
// cfg.Out and swaps it in when complete. On any error the previous output
// stays as it was. Publish may be called again after the site changes, but
// not by two goroutines at once.
func (s *Site) Publish(ctx context.Context) error {
	start := time.Now()
	res, err := s.resolver(ctx)
	if err != nil {
		return err
	}
	if s.nav, err = s.renderNav(); err != nil {
		return err
	}
	out := filepath.Clean(s.cfg.Out)
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return fmt.Errorf("creating the output's parent folder: %w", err)
	}
	// From here to the swap, no other build may touch out or the staging
	// folders beside it.
	unlock, err := lockOut(ctx, out, func() { s.cfg.logf("waiting for another build into %s to finish", out) })
	if err != nil {
		return err
	}
	defer unlock()
	if fi, err := os.Stat(out); err == nil && !fi.IsDir() {
		return fmt.Errorf("output %s is not a folder", out)
	}
	if err := replaceable(out); err != nil {
		return err
	}
	removeLeftovers(out)
	staging, err := os.MkdirTemp(filepath.Dir(out), stagingPrefix(out))
	if err != nil {
		return fmt.Errorf("creating staging folder: %w", err)
	}
	done := false
	defer func() {
		if !done {
			os.RemoveAll(staging)
		}
	}()
	if err := os.Chmod(staging, 0o755); err != nil {
		return err
	}
	n, err := s.writeAll(ctx, staging, res)
	if err != nil {
		return err
	}
	// Something outside sitegen may have emptied the staging folder: a
	// site without its index is not swapped in.
	if err := builtSite(staging); err != nil {
		return fmt.Errorf("not replacing %s: staging folder %s: %w", out, staging, err)
	}
	if err := swap(staging, out); err != nil {
		return fmt.Errorf("replacing %s: %w", out, err)
	}
	done = true
	s.cfg.logf("built %d pages into %s in %v", n, out, time.Since(start).Round(time.Millisecond))
	return nil
}

// stagingPrefix names the staging folders of out, so that a later build can
// remove those a killed build left behind. Only the holder of out's lock
// (see lockOut) removes them, so a live build never loses its own.
func stagingPrefix(out string) string { return "." + filepath.Base(out) + ".staging-" }

func removeLeftovers(out string) {
	old, _ := filepath.Glob(filepath.Join(filepath.Dir(out), stagingPrefix(out)+"*"))
	for _, p := range old {
		os.RemoveAll(p)
	}
}

// parallel calls fn for 0 to n-1 on a pool of GOMAXPROCS workers, stopping
// at the first error. It returns the error of the lowest index that
// failed, else ctx's error.
func parallel(ctx context.Context, n int, fn func(i int) error) error {
	errs := make([]error, n)
	stop, cancel := context.WithCancel(ctx)
	defer cancel()
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Go(func() {
			for i := range next {
				if errs[i] = fn(i); errs[i] != nil {
					cancel()
				}
			}
		})
	}
feed:
	for i := range n {
		select {
		case next <- i:
		case <-stop.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return ctx.Err()
}

// writeAll renders the pages with a pool of GOMAXPROCS workers and writes
// every file into dir. It returns the number of pages.
func (s *Site) writeAll(ctx context.Context, dir string, res markdown.Resolver) (int, error) {
	jobs := s.jobs()
	err := parallel(ctx, len(jobs), func(i int) error { return s.writePage(dir, jobs[i], res) })
	if err != nil {
		return 0, err
	}
	// The one-page view reuses the content the chapters' pages rendered.
	if err := s.writeBook(dir); err != nil {
		return 0, err
	}
	if err := s.putSearch(func(name string, data []byte) error { return writeFile(dir, name, data) }); err != nil {
		return 0, err
	}
	for name, data := range s.theme.static {
		if err := writeFile(dir, name, data); err != nil {
			return 0, err
		}
	}
	if err := writeFile(dir, "sitemap.xml", s.sitemap()); err != nil {
		return 0, err
	}
	if err := writeFile(dir, "robots.txt", s.robots()); err != nil {
		return 0, err
	}
	return len(jobs) + 1, nil
}

func (s *Site) writePage(dir string, j job, res markdown.Resolver) error {
	html, err := s.render(j, res)
	if err != nil {
		return err
	}
	if err := writeFile(dir, j.out, html); err != nil {
		return err
	}
	if s.written != nil {
		s.written(j.out)
	}
	return nil
}

func writeFile(dir, name string, data []byte) error {
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, data, 0o644)
}

// sitemap lists the index, every chapter and every demo's page.
func (s *Site) sitemap() []byte {
	var b bytes.Buffer
	b.Grow(100 * (len(s.Chapters) + len(s.demoState.pages) + 1))
	b.WriteString(xml.Header + "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n")
	loc := func(u string) {
		b.WriteString("  <url>\n    <loc>")
		xml.EscapeText(&b, []byte(u))
		b.WriteString("</loc>\n  </url>\n")
	}
	loc(s.absURL(s.basePath))
	for _, ch := range s.Chapters {
		loc(s.absURL(s.URL(ch)))
	}
	for _, d := range s.demoState.pages {
		loc(s.absURL(d.URL))
	}
	b.WriteString("</urlset>\n")
	return b.Bytes()
}

// robots allows everything and names the sitemap when its URL is known.
func (s *Site) robots() []byte {
	var b strings.Builder
	b.WriteString("User-agent: *\nAllow: /\n")
	if s.base.Host != "" {
		b.WriteString("\nSitemap: " + s.absURL(s.basePath+"sitemap.xml") + "\n")
	}
	return []byte(b.String())
}

// replaceable reports an error unless out is missing, empty, or an earlier
// build's output (it has index.html and 404.html): the swap deletes what
// the folder held, and an author's own files must never go with it.
func replaceable(out string) error {
	entries, err := os.ReadDir(out)
	if err != nil || len(entries) == 0 {
		return nil
	}
	if err := builtSite(out); err != nil {
		return fmt.Errorf("output %s holds files that are not a built site (%v): refusing to replace it; empty it or choose another folder", out, err)
	}
	return nil
}

// builtSite reports an error unless dir holds the files every build
// writes at its root.
func builtSite(dir string) error {
	for _, name := range []string{"index.html", "404.html"} {
		if fi, err := os.Stat(filepath.Join(dir, name)); err != nil || !fi.Mode().IsRegular() {
			return fmt.Errorf("no %s", name)
		}
	}
	return nil
}
