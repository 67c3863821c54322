package site

import (
	"bytes"
	"context"
	"fmt"
	"hash/maphash"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/concurrency-primer/site/internal/markdown"
	"github.com/concurrency-primer/site/internal/search"
)

// write renders jobs, assembles the files every build writes whole (static
// files, sitemap, robots.txt and, in a full build, the one-page view, which
// a partial one leaves to startBook), and moves into Config.Out those whose
// bytes changed, each by one rename from a scratch folder beside it, named
// as a build's staging folder so that a later build removes it if a killed
// one left it behind. Files of earlier builds whose source is gone are
// removed. When the stylesheet was renamed from oldSheet, the pages not
// rendered get their links to it rewritten.
func (l *Live) write(ctx context.Context, s *Site, jobs []job, res markdown.Resolver, oldSheet string, rep *Report) error {
	out := filepath.Clean(l.cfg.Out)
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return fmt.Errorf("creating the output's parent folder: %w", err)
	}
	unlock, err := lockOut(ctx, out, func() { l.cfg.logf("waiting for another build into %s to finish", out) })
	if err != nil {
		return err
	}
	// The one-page view written in the background takes the lock again.
	unlock = sync.OnceFunc(unlock)
	defer unlock()
	if rep.What == "full" {
		removeLeftovers(out)
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return fmt.Errorf("creating the output folder: %w", err)
	}
	pages, err := renderJobs(ctx, s, jobs, res)
	if err != nil {
		return err
	}
	rep.Rendered = len(jobs)
	scratch, err := os.MkdirTemp(filepath.Dir(out), stagingPrefix(out))
	if err != nil {
		return fmt.Errorf("creating a scratch folder: %w", err)
	}
	defer os.RemoveAll(scratch)
	b := &batch{scratch: scratch, known: l.files, seen: map[string]bool{}, sums: map[string]string{}}
	for i, j := range jobs {
		if err := b.put(j.out, pages[i]); err != nil {
			return err
		}
	}
	for name, data := range s.theme.static {
		if err := b.put(name, data); err != nil {
			return err
		}
	}
	if err := b.put("sitemap.xml", s.sitemap()); err != nil {
		return err
	}
	if err := b.put("robots.txt", s.robots()); err != nil {
		return err
	}
	if err := s.putSearch(b.put); err != nil {
		return err
	}
	// A full build writes the one-page view with the rest; a partial one
	// leaves it to the background (see startBook).
	late := rep.What != "full"
	if !late {
		head, sections, tail, err := s.bookPage()
		if err != nil {
			return err
		}
		if err := b.putParts(bookFile, head, sections, tail); err != nil {
			return err
		}
	}

	want := maps.Clone(b.seen)
	for _, j := range s.jobs() {
		want[j.out] = true
	}
	want[bookFile] = true
	newSheet := s.basePath + s.theme.stylesheet
	if oldSheet != "" {
		rep.Stylesheet = newSheet
		for name := range l.files {
			if !isPage(name) || b.seen[name] || !want[name] || late && name == bookFile {
				continue
			}
			data, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(name)))
			if err != nil {
				return fmt.Errorf("relinking %s: %w", name, err)
			}
			if err := b.put(name, bytes.ReplaceAll(data, []byte(oldSheet), []byte(newSheet))); err != nil {
				return err
			}
			rep.Relinked++
		}
	}
	l.stale = true
	if err := l.commit(out, b, want, oldSheet, newSheet, s.theme.stylesheet, rep); err != nil {
		return err
	}
	l.stale = false
	if late {
		unlock()
		l.startBook(s, out)
	}
	return nil
}

// commit moves the changed files of b into out and removes the files of
// earlier builds that are not wanted any more. sheetFile names the
// stylesheet in out.
func (l *Live) commit(out string, b *batch, want map[string]bool, oldSheet, newSheet, sheetFile string, rep *Report) error {
	for _, name := range slices.Sorted(maps.Keys(b.sums)) {
		dst := filepath.Join(out, filepath.FromSlash(name))
		src := filepath.Join(b.scratch, filepath.FromSlash(name))
		changed := isPage(name)
		if changed && oldSheet != "" {
			// A page whose only change is the stylesheet's name swaps
			// the stylesheet in place: it need not reload.
			old, err1 := os.ReadFile(dst)
			cur, err2 := os.ReadFile(src)
			if err1 == nil && err2 == nil && bytes.Equal(bytes.ReplaceAll(old, []byte(oldSheet), []byte(newSheet)), cur) {
				changed = false
			}
		}
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return fmt.Errorf("writing %s: %w", name, err)
		}
		if err := os.Rename(src, dst); err != nil {
			return fmt.Errorf("writing %s: %w", name, err)
		}
		l.files[name] = b.sums[name]
		rep.Written = append(rep.Written, name)
		switch {
		case changed:
			rep.Pages = append(rep.Pages, pageURL(name))
		case !isPage(name) && name != sheetFile && name != "sitemap.xml" && name != "robots.txt" && !search.IsFile(name):
			// The search index changes with any chapter; the pages that
			// fetch it do not.
			rep.AllPages = true
		}
	}
	for _, name := range slices.Sorted(func(yield func(string) bool) {
		for n := range l.files {
			if !want[n] && !yield(n) {
				return
			}
		}
	}) {
		p := filepath.Join(out, filepath.FromSlash(name))
		if err := os.Remove(p); err != nil && !os.IsNotExist(err) {
			return fmt.Errorf("removing %s: %w", name, err)
		}
		delete(l.files, name)
		rep.Removed = append(rep.Removed, name)
		if isPage(name) {
			rep.Pages = append(rep.Pages, pageURL(name))
		}
		// Remove the folders the file leaves empty, up to out.
		for dir := filepath.Dir(p); dir != out && os.Remove(dir) == nil; dir = filepath.Dir(dir) {
		}
	}
	return nil
}

// batch gathers the files of one build in a scratch folder: only those
// whose bytes differ from the known ones are kept there.
type batch struct {
	scratch string
	known   map[string]string // output path -> digest of the file in the output
	seen    map[string]bool   // every file this build produced
	sums    map[string]string // the changed files' digests
}

func digest(data []byte) string {
	var h maphash.Hash
	h.SetSeed(digestSeed)
	h.Write(data)
	return string(h.Sum(nil))
}

// digestSeed seeds the digests of output files. They are compared only
// within one process, to tell which files changed, so a fast 64-bit hash
// does: a 30 MB one-page view takes milliseconds, not tens of them.
var digestSeed = maphash.MakeSeed()

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

// record notes that this build produced name with digest sum, and calls
// write when the file changed.
func (b *batch) record(name, sum string, write func() error) error {
	b.seen[name] = true
	if b.known[name] == sum {
		delete(b.sums, name)
		return nil
	}
	b.sums[name] = sum
	return write()
}

// pageURL returns the URL path of the page in the output file name.
func pageURL(name string) string { return "/" + strings.TrimSuffix(name, "index.html") }

// isPage reports whether an output file is an HTML page.
func isPage(name string) bool { return strings.HasSuffix(name, ".html") }

// renderJobs renders jobs with a pool of GOMAXPROCS workers.
func renderJobs(ctx context.Context, s *Site, jobs []job, res markdown.Resolver) ([][]byte, error) {
	pages := make([][]byte, len(jobs))
	err := parallel(ctx, len(jobs), func(i int) (err error) {
		pages[i], err = s.render(jobs[i], res)
		return err
	})
	if err != nil {
		return nil, err
	}
	return pages, nil
}
