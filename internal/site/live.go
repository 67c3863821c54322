package site

import (
	"context"
	"fmt"
	"maps"
	"os"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/concurrency-primer/site/internal/demo"
	"github.com/concurrency-primer/site/internal/demoview"
	"github.com/concurrency-primer/site/internal/search"
)

// Live is a site kept loaded between builds, for the development server.
// It moves into Config.Out only the files whose bytes changed, each by one
// rename, so that a server can keep serving the folder, and writes the
// one-page view and search index of a rebuild in the background, after the
// edited pages. Live is not safe for concurrent use.
type Live struct {
	cfg     Config
	site    *Site // the last good build's
	views   demoview.Views
	memo    map[string]*rendered         // the render cache of the pages in Config.Out
	files   map[string]uint64            // the digest of each file in Config.Out
	stale   bool                         // a rebuild failed moving files: render all again
	pending map[string]bool              // the changes of failed rebuilds
	late    chan func() (*Report, error) // the background write of the last rebuild
}

// Report says what one build did, for the log and the reloading of open pages.
type Report struct {
	Changed []string // the changed source files, empty for the first build
	// What is "full", "chapter", "static", "demo" or "no"; "one-page view"
	// for what Settle reports.
	What     string
	Rendered int // the pages rendered
	// Written and Removed list the output files changed and removed.
	Written, Removed []string
	// Pages lists the URL paths (as /threads/) of the pages that changed,
	// other than in the stylesheet's name, or were removed.
	Pages []string
	// AllPages says a file any page may use changed: reload every page.
	AllPages bool
	// Stylesheet is the URL of the stylesheet when its name changed.
	Stylesheet string
	Elapsed    time.Duration
}

// String sums the report up in one line for a terminal.
func (r *Report) String() string {
	var b strings.Builder
	if len(r.Changed) > 0 {
		b.WriteString(Summarize(r.Changed) + ": ")
	}
	fmt.Fprintf(&b, "%s rebuild, %d rendered, %d written", r.What, r.Rendered, len(r.Written))
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
	l := &Live{cfg: cfg, pending: map[string]bool{}, files: map[string]uint64{}}
	rep, err := l.build(ctx, time.Now())
	if err != nil {
		return nil, nil, err
	}
	return l, rep, nil
}

// Rebuild updates the output for the changed source files, given relative
// to the site folder with slashes. On error nothing is written.
func (l *Live) Rebuild(ctx context.Context, changed []string) (*Report, error) {
	start := time.Now()
	l.Settle()
	var shown []string
	for _, c := range changed {
		if c = path.Clean(c); l.shown(c) {
			shown = append(shown, c)
		} else {
			l.pending[c] = true
		}
	}
	if len(l.pending) == 0 {
		slices.Sort(shown)
		return &Report{Changed: shown, What: "no", Elapsed: time.Since(start)}, nil
	}
	return l.build(ctx, start)
}

// shown reports whether file is a frozen.json holding what the pages show.
func (l *Live) shown(file string) bool {
	name, ok := demoOf(file)
	o := l.views.Outcome(name)
	if !ok || file != "demos/"+name+"/frozen.json" || o == nil || o.Skipped {
		return false
	}
	data, err := readSource(context.Background(), l.cfg.Src, file)
	return err == nil && demo.Holds(data, o)
}

// build loads the site again after the pending changes and moves what
// changed into Config.Out.
func (l *Live) build(ctx context.Context, start time.Time) (*Report, error) {
	prev, memo := l.site, l.memo
	if l.stale || prev == nil {
		prev, memo = nil, nil
		l.views.Forget("")
	}
	rep := &Report{What: "chapter", Changed: slices.Sorted(maps.Keys(l.pending))}
	for _, f := range rep.Changed {
		if name, ok := demoOf(f); ok {
			l.views.Forget(name)
			rep.What = "demo"
		} else if strings.HasPrefix(f, "theme/") && rep.What != "demo" {
			rep.What = "static"
		}
	}
	s, parsed, err := load(ctx, l.cfg, prev, l.pending)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(l.cfg.Out, 0o755); err != nil {
		return nil, fmt.Errorf("creating the output folder: %w", err)
	}
	// After the first build, the one-page view and search index wait.
	b, memo, n, err := s.stage(ctx, &l.views, memo, l.files, prev == nil)
	if err != nil {
		return nil, err
	}
	rep.Rendered = n
	if prev == nil || prev.theme.key != s.theme.key && prev.theme.stylesheet == s.theme.stylesheet || !sameSlugs(prev, s) {
		rep.What = "full"
	} else if parsed == 0 && n == 0 && len(b.sums) == 0 && rep.What != "demo" {
		rep.What = "no"
	}
	oldSheet, newSheet := "", s.basePath+s.theme.stylesheet
	if prev != nil && prev.theme.stylesheet != s.theme.stylesheet {
		oldSheet, rep.Stylesheet = prev.basePath+prev.theme.stylesheet, newSheet
	}
	l.stale = true
	late := func(name string) bool { return prev != nil && (name == bookFile || search.IsFile(name)) }
	err = b.commit(rep, oldSheet, newSheet, s.theme.stylesheet, late)
	// Unlocked before the background write starts, which takes the lock.
	b.close()
	if err != nil {
		return nil, err
	}
	l.stale = false
	l.site, l.memo = s, memo
	clear(l.pending)
	if prev != nil {
		done := make(chan func() (*Report, error), 1)
		go func() {
			rep, err := l.writeLate(b.out, s, memo)
			done <- func() (*Report, error) { return rep, err }
		}()
		l.late = done
	}
	rep.Elapsed = time.Since(start)
	return rep, nil
}

// writeLate writes the one-page view and the search index of s into out,
// updating l.files, which no one may use until Settle returns.
func (l *Live) writeLate(out string, s *Site, memo map[string]*rendered) (*Report, error) {
	start := time.Now()
	// The next rebuild settles this write first: it waits for no lock of its own.
	b, err := openBatch(context.Background(), out, func() {}, l.files, false)
	if err != nil {
		return nil, err
	}
	defer b.close()
	if err := s.wholeBook(memo, b); err != nil {
		return nil, err
	}
	rep := &Report{What: "one-page view"}
	err = b.commit(rep, "", "", "", func(name string) bool { return !search.IsFile(name) })
	rep.Elapsed = time.Since(start)
	return rep, err
}

// Settle waits for what the last rebuild left to write in the background
// and reports it, or returns nil, nil. Call it before reading Config.Out.
func (l *Live) Settle() (*Report, error) {
	if l.late == nil {
		return nil, nil
	}
	rep, err := (<-l.late)()
	l.late = nil
	if err != nil {
		l.stale = true
		return nil, fmt.Errorf("writing the one-page view and search index: %w", err)
	}
	return rep, nil
}

// demoOf returns the demo a changed file belongs to ("" for shared code),
// and false for a file that is no demo's or that the runner leaves out.
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
