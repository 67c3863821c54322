package site

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"hash/maphash"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/concurrency-primer/site/internal/demoview"
	"github.com/concurrency-primer/site/internal/lockfile"
	"github.com/concurrency-primer/site/internal/search"
	"golang.org/x/sync/errgroup"
)

// publish renders every page into a staging folder beside Config.Out and
// swaps it in when complete, so that an error leaves the output as it was.
func (s *Site) publish(ctx context.Context) error {
	start := time.Now()
	var views demoview.Views
	b, memo, _, err := s.stage(ctx, &views, nil, nil, true)
	if err != nil {
		return err
	}
	defer b.close()
	// Something else may have emptied the staging folder behind our back.
	if err := builtSite(b.dir); err != nil {
		return fmt.Errorf("not replacing %s: staging folder %s: %w", b.out, b.dir, err)
	}
	if err := swap(b.dir, b.out); err != nil {
		return fmt.Errorf("replacing %s: %w", b.out, err)
	}
	s.cfg.logf("built %d pages into %s in %v", len(memo)+1, b.out, time.Since(start).Round(time.Millisecond))
	return nil
}

// stage runs the demos and renders into a new batch the pages whose key
// changed since memo, the whole-site files and, with book, the one-page
// view and search index.
func (s *Site) stage(ctx context.Context, views *demoview.Views, memo map[string]*rendered, known map[string]uint64, book bool) (*batch, map[string]*rendered, int, error) {
	set, err := views.Resolve(ctx, s.demoSite(), s.docs())
	if err != nil {
		return nil, nil, 0, err
	}
	out := filepath.Clean(s.cfg.Out)
	b, err := openBatch(ctx, out, func() { s.cfg.logf("waiting for another build into %s to finish", out) }, known, book)
	if err != nil {
		return nil, nil, 0, err
	}
	b.written = s.written
	memo, n, err := s.renderPages(ctx, set, memo, b)
	files := maps.Clone(s.theme.static)
	files["sitemap.xml"] = s.sitemap(set.Pages)
	files["robots.txt"] = s.robots()
	if err == nil {
		err = b.putAll(files)
	}
	if err == nil && book {
		err = s.wholeBook(memo, b)
	}
	if err != nil {
		b.close()
		return nil, nil, 0, err
	}
	return b, memo, n, nil
}

// batch is one build's writing into out: it holds out's lock, so that no
// build deletes another's staging folder, and stages the files whose bytes
// differ from known (nil when the staging folder replaces out whole).
type batch struct {
	out, dir string
	unlock   func()
	known    map[string]uint64
	written  func(name string) // called after each file is staged
	mu       sync.Mutex
	seen     map[string]bool   // every file this build produced
	sums     map[string]uint64 // the changed files' digests
}

// openBatch locks out and makes a staging folder; with clean, it removes
// those a killed build left.
func openBatch(ctx context.Context, out string, waiting func(), known map[string]uint64, clean bool) (*batch, error) {
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return nil, fmt.Errorf("creating the output's parent folder: %w", err)
	}
	unlock, err := lockfile.Lock(ctx, filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+".lock"), waiting)
	if err != nil {
		if ctx.Err() == nil {
			err = fmt.Errorf("locking the output folder: %w", err)
		}
		return nil, err
	}
	b := &batch{out: out, unlock: unlock, known: known, seen: map[string]bool{}, sums: map[string]uint64{}}
	// Without known, the swap deletes what out held: it must be missing,
	// empty or an earlier build's output, never an author's own files.
	if fi, e := os.Stat(out); known == nil && e == nil && !fi.IsDir() {
		err = fmt.Errorf("output %s is not a folder", out)
	} else if known == nil && e == nil {
		if entries, _ := os.ReadDir(out); len(entries) > 0 {
			if err = builtSite(out); err != nil {
				err = fmt.Errorf("output %s holds files that are not a built site (%v): refusing to replace it; empty it or choose another folder", out, err)
			}
		}
	}
	prefix := "." + filepath.Base(out) + ".staging-"
	if clean && err == nil {
		old, _ := filepath.Glob(filepath.Join(filepath.Dir(out), prefix+"*"))
		for _, p := range old {
			os.RemoveAll(p)
		}
	}
	if err == nil {
		if b.dir, err = os.MkdirTemp(filepath.Dir(out), prefix); err == nil {
			err = os.Chmod(b.dir, 0o755)
		}
		if err != nil {
			err = fmt.Errorf("creating staging folder: %w", err)
		}
	}
	if err != nil {
		b.close()
		return nil, err
	}
	return b, nil
}

func (b *batch) close() {
	os.RemoveAll(b.dir)
	b.unlock()
}

// put records the file name, staging it when its bytes, the parts one
// after another, changed. The parts are never copied into one buffer: the
// one-page view of a long book is tens of megabytes.
func (b *batch) put(name string, parts ...[]byte) error {
	var h maphash.Hash
	h.SetSeed(digestSeed)
	for _, part := range parts {
		h.Write(part)
	}
	sum := h.Sum64()
	b.mu.Lock()
	b.seen[name] = true
	same := b.known[name] == sum
	if !same {
		b.sums[name] = sum
	}
	b.mu.Unlock()
	if same {
		return nil
	}
	p := filepath.Join(b.dir, filepath.FromSlash(name))
	err := os.MkdirAll(filepath.Dir(p), 0o755)
	if err == nil {
		err = writeParts(p, parts)
	}
	if err == nil && b.written != nil {
		b.written(name)
	}
	return err
}

func writeParts(name string, parts [][]byte) error {
	if len(parts) == 1 {
		return os.WriteFile(name, parts[0], 0o644)
	}
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	// Many small parts go in few large writes.
	w := bufio.NewWriterSize(f, 256<<10)
	for _, part := range parts {
		w.Write(part) // an error stays for Flush
	}
	return cmp.Or(w.Flush(), f.Close())
}

func (b *batch) putAll(files map[string][]byte) error {
	for name, data := range files {
		if err := b.put(name, data); err != nil {
			return err
		}
	}
	return nil
}

// commit moves the changed files into out, each by one rename, removes the
// known files this build did not produce unless kept, and reports them in
// rep; a page changed only in the stylesheet's name need not reload.
func (b *batch) commit(rep *Report, oldSheet, newSheet, sheetFile string, keep func(name string) bool) error {
	for _, name := range slices.Sorted(maps.Keys(b.sums)) {
		src, dst := filepath.Join(b.dir, filepath.FromSlash(name)), filepath.Join(b.out, filepath.FromSlash(name))
		switch {
		case isPage(name) && oldSheet != "":
			old, err1 := os.ReadFile(dst)
			cur, err2 := os.ReadFile(src)
			if err1 != nil || err2 != nil || !bytes.Equal(bytes.ReplaceAll(old, []byte(oldSheet), []byte(newSheet)), cur) {
				rep.Pages = append(rep.Pages, pageURL(name))
			}
		case isPage(name):
			rep.Pages = append(rep.Pages, pageURL(name))
		case name != sheetFile && name != "sitemap.xml" && name != "robots.txt" && !search.IsFile(name):
			rep.AllPages = true
		}
		err := os.MkdirAll(filepath.Dir(dst), 0o755)
		if err == nil {
			err = os.Rename(src, dst)
		}
		if err != nil {
			return fmt.Errorf("writing %s: %w", name, err)
		}
		b.known[name] = b.sums[name]
		rep.Written = append(rep.Written, name)
	}
	for _, name := range slices.Sorted(maps.Keys(b.known)) {
		if b.seen[name] || keep(name) {
			continue
		}
		p := filepath.Join(b.out, filepath.FromSlash(name))
		if err := os.Remove(p); err != nil && !os.IsNotExist(err) {
			return fmt.Errorf("removing %s: %w", name, err)
		}
		for dir := filepath.Dir(p); dir != b.out && os.Remove(dir) == nil; dir = filepath.Dir(dir) {
		}
		delete(b.known, name)
		rep.Removed = append(rep.Removed, name)
		if isPage(name) {
			rep.Pages = append(rep.Pages, pageURL(name))
		}
	}
	return nil
}

// digestSeed seeds the digests, compared only within one process.
var digestSeed = maphash.MakeSeed()

func pageURL(name string) string { return "/" + strings.TrimSuffix(name, "index.html") }

func isPage(name string) bool { return strings.HasSuffix(name, ".html") }

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

// parallel calls fn for 0 to n-1, GOMAXPROCS at a time, until one fails;
// the error of the lowest index wins, so that errors are reproducible.
func parallel(ctx context.Context, n int, fn func(i int) error) error {
	errs := make([]error, n+1)
	g, stop := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i := 0; i < n && stop.Err() == nil; i++ {
		g.Go(func() error {
			errs[i] = fn(i)
			return errs[i]
		})
	}
	g.Wait()
	errs[n] = ctx.Err()
	return cmp.Or(errs...)
}

// sitemap lists the index, every chapter and every demo's page.
func (s *Site) sitemap(demos []*demoview.Page) []byte {
	type url struct {
		Loc string `xml:"loc"`
	}
	m := struct {
		XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
		URLs    []url    `xml:"url"`
	}{URLs: []url{{s.absURL(s.basePath)}}}
	for _, ch := range s.Chapters {
		m.URLs = append(m.URLs, url{s.absURL(s.URL(ch))})
	}
	for _, d := range demos {
		m.URLs = append(m.URLs, url{s.absURL(d.URL)})
	}
	data, _ := xml.MarshalIndent(m, "", "  ")
	return append(append([]byte(xml.Header), data...), '\n')
}

// robots allows everything and names the sitemap when its URL is known.
func (s *Site) robots() []byte {
	text := "User-agent: *\nAllow: /\n"
	if s.base.Host != "" {
		text += "\nSitemap: " + s.absURL(s.basePath+"sitemap.xml") + "\n"
	}
	return []byte(text)
}

// builtSite reports an error unless dir holds what every build writes.
func builtSite(dir string) error {
	for _, name := range []string{"index.html", "404.html"} {
		if fi, err := os.Stat(filepath.Join(dir, name)); err != nil || !fi.Mode().IsRegular() {
			return fmt.Errorf("no %s", name)
		}
	}
	return nil
}

// swapRenames replaces out with staging where there is no atomic exchange.
func swapRenames(staging, out string) error {
	old := staging + ".old"
	if err := os.Rename(out, old); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if err := os.Rename(staging, out); err != nil {
		os.Rename(old, out)
		return err
	}
	return os.RemoveAll(old)
}
