package site

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/concurrency-primer/site/internal/demoview"
)

// Publish runs the demos, renders every page into a staging folder beside
// cfg.Out and swaps it in when complete. On any error the previous output
// stays as it was.
func (s *Site) Publish(ctx context.Context) error {
	start := time.Now()
	var views demoview.Views
	set, err := views.Resolve(ctx, s.demoSite(), s.docs())
	if err != nil {
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
	// After the swap the staging folder is gone; before it, a failed
	// build leaves nothing behind.
	defer os.RemoveAll(staging)
	if err := os.Chmod(staging, 0o755); err != nil {
		return err
	}
	jobs, pages, _, err := s.renderPages(ctx, set, nil, func(name string, data []byte) error {
		if err := writeFile(staging, name, data); err != nil {
			return err
		}
		if s.written != nil {
			s.written(name)
		}
		return nil
	})
	if err != nil {
		return err
	}
	wb, err := s.makeWholeBook(s.bookParts(jobs, pages))
	if err != nil {
		return err
	}
	if err := writeParts(staging, bookFile, wb.head, wb.sections, wb.tail); err != nil {
		return err
	}
	for name, data := range s.wholeFiles(set, wb.index) {
		if err := writeFile(staging, name, data); err != nil {
			return err
		}
	}
	// Something outside sitegen may have emptied the staging folder: a
	// site without its index is not swapped in.
	if err := builtSite(staging); err != nil {
		return fmt.Errorf("not replacing %s: staging folder %s: %w", out, staging, err)
	}
	if err := swap(staging, out); err != nil {
		return fmt.Errorf("replacing %s: %w", out, err)
	}
	s.cfg.logf("built %d pages into %s in %v", len(jobs)+1, out, time.Since(start).Round(time.Millisecond))
	return nil
}

// wholeFiles returns the files besides the pages, by output path: the
// theme's static files, the sitemap, robots.txt and the search index.
func (s *Site) wholeFiles(set *demoview.Set, index map[string][]byte) map[string][]byte {
	files := maps.Clone(s.theme.static)
	maps.Copy(files, index)
	files["sitemap.xml"] = s.sitemap(set.Pages)
	files["robots.txt"] = s.robots()
	return files
}

// demoSite is what package demoview needs of the site.
func (s *Site) demoSite() demoview.Site {
	return demoview.Site{
		Root: s.cfg.Root, Mode: s.cfg.Demos, Grace: s.cfg.DemoGrace, Logf: s.cfg.Logf,
		Markdown: s.md, Layout: s.theme.pages["demo"], LayoutFile: s.theme.name + "/layouts/demo.html",
		TemplateError: s.theme.templateError, Base: s.basePath, PageOf: s.pageOf,
	}
}

// pageOf links to the page built from file.
func (s *Site) pageOf(file string) demoview.Link {
	if s.index != nil && s.index.File == file {
		return demoview.Link{Title: s.Title, URL: s.basePath}
	}
	if ch := s.byFile[file]; ch != nil {
		return demoview.Link{Title: ch.Title, URL: s.URL(ch)}
	}
	return demoview.Link{}
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

func writeFile(dir, name string, data []byte) error {
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, data, 0o644)
}

// sitemap lists the index, every chapter and every demo's page.
func (s *Site) sitemap(demos []*demoview.Page) []byte {
	var b bytes.Buffer
	b.Grow(100 * (len(s.Chapters) + len(demos) + 1))
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
	for _, d := range demos {
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
