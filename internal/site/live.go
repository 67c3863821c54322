package site

import (
	"context"
	"fmt"
	"maps"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/concurrency-primer/site/internal/demo"
)

// Live is a site kept loaded between builds, for the development server:
// each Rebuild reloads only what a set of changed source files touches and
// writes into Config.Out only the files whose bytes changed, each one
// atomically, so that a server can keep serving the folder meanwhile.
//
// What a change rebuilds:
//
//   - a chapter's Markdown: that chapter is parsed and rendered again; the
//     other pages are rendered again only when what their navigation shows
//     changed (a title or the order: every page; a description: the index).
//     A chapter that appears, disappears, or changes its slug or draft
//     state reloads the whole site, as does content/_index.md.
//   - a theme stylesheet or other static file: only the static files are
//     assembled again; when the stylesheet's fingerprinted name changes,
//     the pages' links to it are rewritten without rendering them.
//   - a layout: everything is rendered again, unless the layouts are
//     back as the last good build had them (a broken save undone).
//   - a file of demos/NAME: the demos run as -demos=auto decides (the
//     fingerprint of each), and the pages that show the demo or quote its
//     numbers are rendered again, with the demo's own page; the other
//     demos' pages only when which pages show which demo changed. Shared
//     code (demos/internal/...) counts as a change to every demo.
//   - a file a block of code shows (file= in package markdown), under
//     recipes/ or elsewhere: the chapters that show it are parsed and
//     rendered again, as if edited. Other files of recipes/ change
//     nothing.
//   - demos/NAME/frozen.json: as a file of the demo, but its page is not
//     made again; one that holds the result the pages show (as the runner
//     writes it after a run) changes nothing.
//
// A failed Rebuild writes nothing and leaves the loaded site as it was:
// the folder keeps the last good build, and the fix is rebuilt as
// incrementally as the change was. The changes of a failed rebuild are
// kept and retried with the next one.
//
// The one-page view, all/, holds every chapter: after a partial rebuild it
// is written in the background, so that the edited pages are in place
// first. Settle waits for it and says whether it changed; call it before
// reading or removing Config.Out. Rebuild settles first by itself.
//
// Live is not safe for concurrent use.
type Live struct {
	cfg  Config
	site *Site
	// stale reports that a rebuild failed while it moved its files into
	// Config.Out, which may hold part of it: the next rebuild loads
	// everything again.
	stale bool
	// pending holds the changes of failed rebuilds.
	pending map[string]bool
	// outs are the outcomes of the demos, by name, from the last runs.
	outs map[string]*demo.Outcome
	// blocks keeps the HTML of the demo directives, by blockKey.
	blocks map[string]cachedBlock
	// layouts is a digest of the theme's layouts/ folder.
	layouts string
	// files holds a digest of each file in Config.Out.
	files map[string]string
	// book is the one-page view a rebuild left to write, or nil.
	book *lateBook
	// unsaid holds what Rebuild settled itself, for its report.
	unsaid []*Report
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
	// from their templates; Relinked the pages only rewritten for a new
	// stylesheet name.
	Parsed, Rendered, Relinked int
	// Written and Removed list the output files whose bytes changed or
	// whose source is gone, relative to Config.Out.
	Written, Removed []string
	// Pages lists the URL paths of the pages whose content changed or
	// that were removed, as /threads/: the open pages that must reload.
	// Pages only relinked to a new stylesheet are not listed.
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
		b.WriteString(summarize(r.Changed) + ": ")
	}
	fmt.Fprintf(&b, "%s rebuild, %d rendered", r.What, r.Rendered)
	if r.Relinked > 0 {
		fmt.Fprintf(&b, ", %d relinked", r.Relinked)
	}
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

// summarize names up to three files and counts the others.
func summarize(files []string) string {
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
	rep, err := l.full(ctx, time.Now())
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
// A demo's frozen.json that holds the very result the pages show (the
// runner writes it after each run) changes nothing: a batch of only such
// files rebuilds nothing.
//
// Rebuild first settles what the last rebuild left to write (see Settle)
// when its caller did not: the files that wrote are in the report of the
// next successful rebuild, and a failure makes this one a full rebuild.
func (l *Live) Rebuild(ctx context.Context, changed []string) (*Report, error) {
	start := time.Now()
	if late, err := l.Settle(); err == nil && late != nil {
		l.unsaid = append(l.unsaid, late)
	}
	rep, err := l.rebuildChanged(ctx, changed, start)
	if err != nil {
		return nil, err
	}
	for _, late := range l.unsaid {
		rep.Written = append(rep.Written, late.Written...)
		rep.Pages = append(rep.Pages, late.Pages...)
	}
	l.unsaid = nil
	return rep, nil
}

func (l *Live) rebuildChanged(ctx context.Context, changed []string, start time.Time) (*Report, error) {
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
	rep, err := l.rebuild(ctx, all, start)
	if err != nil {
		return nil, err
	}
	clear(l.pending)
	rep.Changed = all
	return rep, nil
}

// changes sorts the changed files of one rebuild by what they touch.
type changes struct {
	// chapters are the changed chapters' files.
	chapters []string
	// rerun names the demos to run again (as the mode decides), and
	// sources those whose files, not only their results, changed: their
	// pages are made again. "" stands for shared code, used by every demo.
	rerun, sources []string
	// static reports a change to the theme's static files.
	static bool
}

func (l *Live) rebuild(ctx context.Context, changed []string, start time.Time) (*Report, error) {
	if l.stale {
		return l.full(ctx, start)
	}
	var c changes
	for _, file := range changed {
		// A file a block of code shows counts as a change to each
		// chapter that shows it, besides what it is itself.
		for _, user := range l.site.embeddedBy(file) {
			if kind, _ := classify(user); kind != "chapter" {
				return l.full(ctx, start)
			}
			if !slices.Contains(c.chapters, user) {
				c.chapters = append(c.chapters, user)
			}
		}
		switch kind, name := classify(file); kind {
		case "chapter":
			if !slices.Contains(c.chapters, file) {
				c.chapters = append(c.chapters, file)
			}
		case "demo":
			c.rerun = append(c.rerun, name)
			c.sources = append(c.sources, name)
		case "results":
			c.rerun = append(c.rerun, name)
		case "static":
			c.static = true
		case "layout":
			// A layout put back as it was (after a broken save, say)
			// changes nothing.
			digest, err := layoutDigest(ctx, l.cfg.Theme)
			if err != nil {
				return nil, err
			}
			if digest != l.layouts {
				return l.full(ctx, start)
			}
		case "ignore":
		default:
			return l.full(ctx, start)
		}
	}
	if len(c.chapters)+len(c.rerun) == 0 && !c.static {
		return &Report{What: "no", Elapsed: time.Since(start)}, nil
	}
	return l.partial(ctx, c, start)
}

// classify says what a changed source file is: a chapter, a demo's file
// (with the demo's name, or "" for shared demo code), a demo's frozen
// result ("results", with its name), a static file or a layout of the
// theme, a file that affects nothing, or anything else ("site"), which
// reloads the whole site.
func classify(file string) (kind, name string) {
	dir, base := path.Split(file)
	switch {
	case dir == "content/" && base == "_index.md":
		return "site", ""
	case dir == "content/" && strings.HasSuffix(base, ".md") && !strings.HasPrefix(base, "."):
		return "chapter", ""
	case file == "content" || strings.HasPrefix(file, "content/"):
		// Only content/*.md is read: other files do not show.
		return "ignore", ""
	case strings.HasPrefix(file, "demos/") && strings.HasPrefix(base, "."):
		// The runner leaves hidden files out of a demo (and writes its
		// frozen.json through one).
		return "ignore", ""
	case strings.HasPrefix(file, "demos/") && (strings.Contains(file, "/__pycache__/") || strings.HasSuffix(file, "/__pycache__") || strings.HasSuffix(base, ".pyc")):
		// Python's bytecode cache, which a reader's python3 may write
		// beside a Python demo; the runner leaves it out too.
		return "ignore", ""
	case strings.HasPrefix(file, "demos/"):
		rest := strings.TrimPrefix(file, "demos/")
		name, inside, ok := strings.Cut(rest, "/")
		if name == "internal" || !ok {
			return "demo", ""
		}
		if inside == "frozen.json" {
			return "results", name
		}
		return "demo", name
	case file == "recipes" || strings.HasPrefix(file, "recipes/"):
		// The site reads recipes/ only through the blocks of code that
		// show its files, which Rebuild turns into their chapters.
		return "ignore", ""
	case strings.HasPrefix(file, "theme/static/"):
		return "static", ""
	case strings.HasPrefix(file, "theme/layouts/"):
		return "layout", ""
	}
	return "site", ""
}
