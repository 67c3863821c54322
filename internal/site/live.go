package site

import (
	"bytes"
	"context"
	"fmt"
	"hash/maphash"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/concurrency-primer/site/internal/demo"
	"github.com/concurrency-primer/site/internal/demoview"
	"github.com/concurrency-primer/site/internal/search"
)

// Live is a site kept loaded between builds, for the development server.
// It renders through the same code as Build, with the render cache kept
// (see renderPages): each Rebuild loads again only the source files that
// changed, renders again only the pages whose inputs changed, and writes
// into Config.Out only the files whose bytes changed, each by one rename,
// so that a server can keep serving the folder meanwhile. Its report
// lists the pages whose bytes changed: the open pages to reload.
//
// A chapter's Markdown is parsed again when it, or a file one of its
// blocks of code shows, changed. A file of demos/NAME makes demo NAME run
// again, as the mode decides (its fingerprint); shared code
// (demos/internal/...) makes every demo run again. A demo's frozen.json
// that holds the result the pages show (the runner writes it after each
// run) changes nothing. The theme is read again when a file under theme/
// changed.
//
// A failed Rebuild writes nothing and leaves the loaded site as it was;
// its changes are kept and retried with the next one.
//
// The one-page view, all/, holds every chapter, and the search index
// every chapter's text: after the first build they are written in the
// background, so that the edited pages are in place first. Settle waits
// for them and says whether they changed; call it before reading or
// removing Config.Out. Rebuild settles first by itself.
//
// Live is not safe for concurrent use.
type Live struct {
	cfg  Config
	site *Site // the last good build's
	// views keeps the demos' outcomes, blocks and pages.
	views demoview.Views
	// memo is the render cache of the pages in Config.Out.
	memo map[string]*rendered
	// files holds a digest of each file in Config.Out.
	files map[string]string
	// stale reports that a rebuild failed while it moved its files into
	// Config.Out, which may hold part of it: the next one renders every
	// page again.
	stale bool
	// pending holds the changes of failed rebuilds.
	pending map[string]bool
	// late is what the last rebuild left to write in the background.
	late *lateWrite
}

// Report says what one build did.
type Report struct {
	// Changed lists the source files the build was for, relative to the
	// site folder; empty for the first build.
	Changed []string
	// What names the kind of rebuild: "full", "chapter", "static" or
	// "demo"; "one-page view" for what Settle reports.
	What string
	// Parsed counts the Markdown files parsed; Rendered the pages rendered
	// from their templates.
	Parsed, Rendered int
	// Written and Removed list the output files whose bytes changed or
	// whose source is gone, relative to Config.Out.
	Written, Removed []string
	// Pages lists the URL paths of the pages whose content changed or
	// that were removed, as /threads/: the open pages that must reload.
	// Pages that changed only in the stylesheet's name are not listed.
	Pages []string
	// AllPages reports that a file any page may use changed, such as a
	// script or an image of the theme: every open page should reload.
	AllPages bool
	// Stylesheet is the URL of the stylesheet when its name changed.
	Stylesheet string
	// Elapsed is the time the build took.
	Elapsed time.Duration
}

// String sums the report up in one line for a terminal.
func (r *Report) String() string {
	var b strings.Builder
	if len(r.Changed) > 0 {
		b.WriteString(Summarize(r.Changed) + ": ")
	}
	fmt.Fprintf(&b, "%s rebuild, %d rendered", r.What, r.Rendered)
	fmt.Fprintf(&b, ", %d written", len(r.Written))
	if len(r.Removed) > 0 {
		fmt.Fprintf(&b, ", %d removed", len(r.Removed))
	}
	if r.Stylesheet != "" {
		b.WriteString(", new stylesheet")
	}
	fmt.Fprintf(&b, " in %v", r.Elapsed.Round(100*time.Microsecond))
	return b.String()
}

// Summarize names up to three files and counts the others.
func Summarize(files []string) string {
	if len(files) <= 3 {
		return strings.Join(files, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(files[:3], ", "), len(files)-3)
}

// NewLive loads the site of cfg and writes it into cfg.Out, which is
// created if needed and should be empty or hold an earlier Live build.
func NewLive(ctx context.Context, cfg Config) (*Live, *Report, error) {
	if err := cfg.check(); err != nil {
		return nil, nil, err
	}
	l := &Live{cfg: cfg, pending: map[string]bool{}, files: map[string]string{}}
	rep, err := l.build(ctx, nil, time.Now())
	if err != nil {
		return nil, nil, err
	}
	return l, rep, nil
}

// Rebuild updates the output for the source files that changed, given
// relative to the site folder with slashes (content/03-threads.md). On
// error nothing is written; the error names the file and line when the
// content is at fault.
//
// Rebuild first settles what the last rebuild left to write (see Settle)
// when its caller did not; a failure there makes this one render every
// page.
func (l *Live) Rebuild(ctx context.Context, changed []string) (*Report, error) {
	start := time.Now()
	l.Settle()
	var shown []string
	for _, c := range changed {
		c = path.Clean(c)
		if l.shown(c) {
			shown = append(shown, c)
			continue
		}
		l.pending[c] = true
	}
	if len(l.pending) == 0 {
		slices.Sort(shown)
		return &Report{Changed: shown, What: "no", Elapsed: time.Since(start)}, nil
	}
	all := slices.Sorted(maps.Keys(l.pending))
	rep, err := l.build(ctx, all, start)
	if err != nil {
		return nil, err
	}
	clear(l.pending)
	rep.Changed = all
	return rep, nil
}

// shown reports whether file is a demo's frozen.json that holds the
// outcome of that demo that the pages show: the result the runner wrote
// after a run, or one read before and written again unchanged.
func (l *Live) shown(file string) bool {
	name, ok := demoOf(file)
	o := l.views.Outcome(name)
	if !ok || file != "demos/"+name+"/frozen.json" || o == nil || o.Skipped {
		return false
	}
	data, err := readSource(context.Background(), l.cfg.Src, file)
	return err == nil && demo.Holds(data, o)
}

// build loads the site again after the changed files (every file for
// nil), renders it and moves what changed into Config.Out.
func (l *Live) build(ctx context.Context, changed []string, start time.Time) (*Report, error) {
	prev, memo := l.site, l.memo
	if l.stale || prev == nil {
		prev, memo = nil, nil
		l.views.Forget("")
	}
	files := map[string]bool{}
	rep := &Report{What: "chapter"}
	for _, f := range changed {
		files[f] = true
		if name, ok := demoOf(f); ok {
			l.views.Forget(name)
			rep.What = "demo"
		} else if strings.HasPrefix(f, "theme/") && rep.What != "demo" {
			rep.What = "static"
		}
	}
	s, parsed, err := load(ctx, l.cfg, prev, files)
	if err != nil {
		return nil, err
	}
	rep.Parsed = parsed
	set, err := l.views.Resolve(ctx, s.demoSite(), s.docs())
	if err != nil {
		return nil, err
	}
	out := filepath.Clean(l.cfg.Out)
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, fmt.Errorf("creating the output folder: %w", err)
	}
	unlock, err := lockOut(ctx, out, func() { l.cfg.logf("waiting for another build into %s to finish", out) })
	if err != nil {
		return nil, err
	}
	defer unlock()
	if prev == nil {
		removeLeftovers(out)
	}
	scratch, err := os.MkdirTemp(filepath.Dir(out), stagingPrefix(out))
	if err != nil {
		return nil, fmt.Errorf("creating a scratch folder: %w", err)
	}
	defer os.RemoveAll(scratch)
	b := &batch{scratch: scratch, known: l.files, seen: map[string]bool{}, sums: map[string]string{}}
	jobs, pages, n, err := s.renderPages(ctx, set, memo, b.put)
	if err != nil {
		return nil, err
	}
	rep.Rendered = n
	sections, find := s.bookParts(jobs, pages)
	// After the first build, the one-page view and the search index go in
	// the background.
	wb := &wholeBook{}
	want := map[string]bool{}
	if prev == nil {
		rep.What = "full"
		if wb, err = s.makeWholeBook(sections, find); err != nil {
			return nil, err
		}
		if err := b.putParts(bookFile, wb.head, wb.sections, wb.tail); err != nil {
			return nil, err
		}
	} else {
		if prev.theme.key != s.theme.key && prev.theme.stylesheet == s.theme.stylesheet || !sameSlugs(prev, s) {
			rep.What = "full"
		}
		for name := range l.files {
			if name == bookFile || search.IsFile(name) {
				want[name] = true // the background write replaces them
			}
		}
	}
	for name, data := range s.wholeFiles(set, wb.index) {
		if err := b.put(name, data); err != nil {
			return nil, err
		}
	}
	maps.Copy(want, b.seen)
	for _, j := range jobs {
		want[j.out] = true
	}
	if parsed == 0 && n == 0 && len(b.sums) == 0 && rep.What != "demo" {
		rep.What = "no"
	}
	oldSheet, newSheet := "", s.basePath+s.theme.stylesheet
	if prev != nil && prev.theme.stylesheet != s.theme.stylesheet {
		oldSheet, rep.Stylesheet = prev.basePath+prev.theme.stylesheet, newSheet
	}
	l.stale = true
	if err := l.commit(out, b, want, oldSheet, newSheet, s.theme.stylesheet, rep); err != nil {
		return nil, err
	}
	l.stale = false
	l.site, l.memo = s, map[string]*rendered{}
	for i, j := range jobs {
		l.memo[j.out] = pages[i]
	}
	if prev != nil {
		l.late = startLate(out, s, sections, find, l.files)
	}
	rep.Elapsed = time.Since(start)
	return rep, nil
}

// commit moves the changed files of b into out and removes the files of
// earlier builds that are not wanted any more. A page whose only change
// is the stylesheet's name, from oldSheet to newSheet, swaps the
// stylesheet in place: it need not reload. sheetFile names the stylesheet
// in out.
func (l *Live) commit(out string, b *batch, want map[string]bool, oldSheet, newSheet, sheetFile string, rep *Report) error {
	for _, name := range slices.Sorted(maps.Keys(b.sums)) {
		switch {
		case isPage(name) && oldSheet != "":
			old, err1 := os.ReadFile(filepath.Join(out, filepath.FromSlash(name)))
			cur, err2 := os.ReadFile(filepath.Join(b.scratch, filepath.FromSlash(name)))
			if err1 != nil || err2 != nil || !bytes.Equal(bytes.ReplaceAll(old, []byte(oldSheet), []byte(newSheet)), cur) {
				rep.Pages = append(rep.Pages, pageURL(name))
			}
		case isPage(name):
			rep.Pages = append(rep.Pages, pageURL(name))
		case name != sheetFile && name != "sitemap.xml" && name != "robots.txt" && !search.IsFile(name):
			rep.AllPages = true
		}
	}
	written, err := b.moveInto(out)
	rep.Written = written
	if err != nil {
		return err
	}
	for _, name := range slices.Sorted(maps.Keys(l.files)) {
		if want[name] {
			continue
		}
		if err := removeOut(out, name); err != nil {
			return err
		}
		delete(l.files, name)
		rep.Removed = append(rep.Removed, name)
		if isPage(name) {
			rep.Pages = append(rep.Pages, pageURL(name))
		}
	}
	return nil
}

// moveInto moves the changed files of b into out, each by one rename, and
// records their digests as known. It returns the files it moved.
func (b *batch) moveInto(out string) ([]string, error) {
	var moved []string
	for _, name := range slices.Sorted(maps.Keys(b.sums)) {
		dst := filepath.Join(out, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return moved, fmt.Errorf("writing %s: %w", name, err)
		}
		if err := os.Rename(filepath.Join(b.scratch, filepath.FromSlash(name)), dst); err != nil {
			return moved, fmt.Errorf("writing %s: %w", name, err)
		}
		b.known[name] = b.sums[name]
		moved = append(moved, name)
	}
	return moved, nil
}

// removeOut removes the file name of out and the folders it leaves empty.
func removeOut(out, name string) error {
	p := filepath.Join(out, filepath.FromSlash(name))
	if err := os.Remove(p); err != nil && !os.IsNotExist(err) {
		return fmt.Errorf("removing %s: %w", name, err)
	}
	for dir := filepath.Dir(p); dir != out && os.Remove(dir) == nil; dir = filepath.Dir(dir) {
	}
	return nil
}

// batch gathers the files of one build in a scratch folder: only those
// whose bytes differ from the known ones are kept there. Its methods may
// be called from several goroutines.
type batch struct {
	scratch string
	mu      sync.Mutex
	known   map[string]string // output path -> digest of the file in the output
	seen    map[string]bool   // every file this build produced
	sums    map[string]string // the changed files' digests
}

// put records the file name with content data, writing it to the scratch
// folder when it changed.
func (b *batch) put(name string, data []byte) error {
	return b.record(name, digest(data), func() error { return writeFile(b.scratch, name, data) })
}

// putParts is put for a file made of head, parts and tail, which it hashes
// and writes without joining them.
func (b *batch) putParts(name string, head []byte, parts []string, tail []byte) error {
	return b.record(name, partsDigest(head, parts, tail), func() error { return writeParts(b.scratch, name, head, parts, tail) })
}

func (b *batch) record(name, sum string, write func() error) error {
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
	return write()
}

func digest(data []byte) string {
	return partsDigest(data, nil, nil)
}

// partsDigest is the digest of the file made of head, parts and tail.
func partsDigest(head []byte, parts []string, tail []byte) string {
	var h maphash.Hash
	h.SetSeed(digestSeed)
	h.Write(head)
	for _, p := range parts {
		h.WriteString(p)
	}
	h.Write(tail)
	return string(h.Sum(nil))
}

// digestSeed seeds the digests of sources, outputs and render keys. They
// are compared only within one process, so a fast 64-bit hash does: a 30
// MB one-page view takes milliseconds, not tens of them.
var digestSeed = maphash.MakeSeed()

// pageURL returns the URL path of the page in the output file name.
func pageURL(name string) string { return "/" + strings.TrimSuffix(name, "index.html") }

// isPage reports whether an output file is an HTML page.
func isPage(name string) bool { return strings.HasSuffix(name, ".html") }

// lateWrite is the one-page view and the search index being written in
// the background.
type lateWrite struct {
	done        chan struct{}
	wrote, gone []string // the files it wrote, the search files it removed
	err         error
	elapsed     time.Duration
}

// startLate makes the one-page view of site s from the chapters' sections
// and the search index of the chapters find, in the background, and
// writes them into out, each changed file by one rename from a scratch
// folder beside out, removing the search index files the new one
// replaces. known holds the digests of the files in out, which it
// updates: the caller must not use it until Settle returns.
func startLate(out string, s *Site, sections []string, find []search.Chapter, known map[string]string) *lateWrite {
	lw := &lateWrite{done: make(chan struct{})}
	go func() {
		defer close(lw.done)
		start := time.Now()
		lw.err = lw.write(out, s, sections, find, known)
		lw.elapsed = time.Since(start)
	}()
	return lw
}

func (lw *lateWrite) write(out string, s *Site, sections []string, find []search.Chapter, known map[string]string) error {
	wb, err := s.makeWholeBook(sections, find)
	if err != nil {
		return err
	}
	// A build into the same folder may hold it; the next rebuild settles
	// this write first, so it cannot be waiting for its own.
	unlock, err := lockOut(context.Background(), out, func() {})
	if err != nil {
		return err
	}
	defer unlock()
	b := &batch{known: known, seen: map[string]bool{}, sums: map[string]string{}}
	if b.scratch, err = os.MkdirTemp(filepath.Dir(out), stagingPrefix(out)); err != nil {
		return err
	}
	defer os.RemoveAll(b.scratch)
	if err := b.putParts(bookFile, wb.head, wb.sections, wb.tail); err != nil {
		return err
	}
	for name, data := range wb.index {
		if err := b.put(name, data); err != nil {
			return err
		}
	}
	if lw.wrote, err = b.moveInto(out); err != nil {
		return err
	}
	for name := range known {
		if search.IsFile(name) && wb.index[name] == nil {
			if err := removeOut(out, name); err != nil {
				return err
			}
			delete(known, name)
			lw.gone = append(lw.gone, name)
		}
	}
	return nil
}

// Settle waits for what the last rebuild left to write in the background,
// and reports what that wrote: the one-page view, to reload, when its
// bytes changed. It returns nil, nil when nothing was left. Rebuild
// settles first by itself; a caller settles to know when the output is
// complete. After an error the next rebuild renders every page.
func (l *Live) Settle() (*Report, error) {
	lw := l.late
	if lw == nil {
		return nil, nil
	}
	<-lw.done
	l.late = nil
	if lw.err != nil {
		l.stale = true
		return nil, fmt.Errorf("writing the one-page view and search index: %w", lw.err)
	}
	rep := &Report{What: "one-page view", Elapsed: lw.elapsed, Written: lw.wrote, Removed: lw.gone}
	for _, name := range lw.wrote {
		if isPage(name) {
			rep.Pages = append(rep.Pages, pageURL(name))
		}
	}
	return rep, nil
}

// demoOf returns the demo that file, a changed source file, belongs to
// ("" for shared code: every demo), and false for a file that is no demo's
// or that the runner leaves out (hidden files, through which it writes
// frozen.json, and Python's bytecode cache).
func demoOf(file string) (name string, ok bool) {
	rest, ok := strings.CutPrefix(file, "demos/")
	base := path.Base(file)
	if !ok || strings.HasPrefix(base, ".") || base == "__pycache__" || strings.Contains(file, "/__pycache__/") || strings.HasSuffix(base, ".pyc") {
		return "", false
	}
	name, _, inside := strings.Cut(rest, "/")
	if name == "internal" || !inside {
		return "", true
	}
	return name, true
}
