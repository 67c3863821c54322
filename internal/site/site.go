// Package site builds the static site from a folder of Markdown chapters.
//
// # The site folder
//
//	content/NN-slug.md   the chapters, in Markdown with YAML front matter
//	content/_index.md    optional: the site's title, description and the
//	                     introduction shown on the index page
//	demos/NAME/          the demo programs that chapters embed
//	recipes/NAME/        optional: programs that chapters show whole (file=)
//	theme/               optional: layouts/ and static/ replacing the built-in theme
//
// # Chapters
//
// A chapter starts with front matter between two lines of three dashes:
//
//	---
//	title: Threads            # required
//	description: One line shown on the index page and in search results.
//	weight: 30                # order; ties are broken by file name
//	draft: true               # left out of the build unless Config.Drafts
//	slug: threads             # optional; the URL is /SLUG/
//	---
//
// A chapter is UTF-8; a byte order mark at its start is dropped, and a
// byte that is not UTF-8 is an error naming its line.
//
// Without slug, the URL comes from the file name without .md and without a
// leading number and dash: content/03-threads.md becomes /threads/. Two
// chapters with the same URL are an error. A slug is lower-case letters,
// digits, dashes and underscores, without a dot (every file the build
// writes beside the chapters' folders has one), and is none of the names
// the build and the theme use: all (the page of all chapters), demos and
// the folders of the theme's static/. Unknown front matter keys are errors
// too, so that a misspelt key does not pass unnoticed.
//
// The body is Markdown as described in package markdown: GitHub Flavored
// Markdown, footnotes, heading ids, highlighted code, the demo directive and
// inline numbers. Headings never take an id the layouts write themselves
// (id="main" for the skip link, id="chapters" on the index): ## Main gets
// the id main-1. Link to another chapter by its file, as in
// [threads](03-threads.md#the-gil); the build rewrites the link to the
// chapter's URL and fails when the file or the heading id does not exist.
//
// A block of code with file="PATH[:REGION]" shows a file of the site folder,
// or a region of it, instead of text of its own: the build reads it when it
// parses the chapter (on disk through os.Root, so that neither ".." nor a
// symbolic link leads out of the folder) and fails, naming the block's file
// and line, when the file or the region does not exist. This is how the
// recipes under recipes/ appear on the pages: the code shown is the code
// their tests run.
//
// # Demos
//
// Before any page renders, Build checks every demo directive and inline
// number (package markdown describes both) against demos/: an unknown demo,
// file or region is an error naming the directive's file and line. It then
// runs each demo the pages use once, one at a time, through package demo,
// as Config.Demos says: auto runs a demo whose sources changed since its
// frozen result, force runs every one, frozen runs none and fails naming
// each missing or stale result, off shows placeholders. A demo that fails
// to build, exits non-zero (unless the directive says allow-error) or runs
// past its timeout fails the build, its error wrapped with the file and
// line of the first directive or number that uses it.
//
// A demo block shows the highlighted file or region (markers removed) with
// a link to the whole file, what the demo printed, the charts asked for
// with their numbers as a table, the expected shape and whether the run
// met it (beside the bars or a versus chart), a note when the run was
// noisy, and the stamp:
// the machine, the date and the command that reproduces it (go run
// ./demos/NAME, or python3 demos/NAME/main.py for a Python demo, whose stamp
// also names the interpreter, the version of each library the demo
// requires and whether its GIL was on, and says why the committed result
// shows when no Python here has what the demo requires). A versus chart adds
// the compared demo's stamp. A timeline
// shows the strategy the shown region is named after when it has events
// (show=strategies.go:threads-gil), else every strategy that has some. A
// demo that wrote no results can only be shown with chart=none. Numbers in
// prose are formatted from the same results: times with their unit,
// speedups and ratios with ×, metrics and parameters by the unit their
// name ends with (_s, _bytes, _per_s, _x, _pct, else a count). Each demo a
// page shows also gets a page of its own, demos/NAME/, with every file of
// the demo and the command to run it.
//
// A site without a folder on disk (Config.Root empty) cannot run demos and
// shows placeholders. A Site keeps its runner between builds, so a server
// that publishes it again reuses the demos' build cache.
//
// # Output
//
// Build writes index.html, SLUG/index.html per chapter, demos/NAME/index.html
// per demo shown, 404.html, sitemap.xml, robots.txt, one stylesheet named by the hash of its content
// (style.1a2b3c4d.css), the search index (search-index.1a2b3c4d.json, with
// search-entry.json naming it; see package search) and the theme's other
// static files. It writes into a
// staging folder beside the output and swaps it in only when every file is
// written, so a failed or killed build leaves the previous output as it was,
// and files whose source is gone disappear with the next build. Builds and
// servers writing into one folder take turns: each holds a lock on a file
// beside it (.public.lock for public/) from before it clears old staging
// folders until its swap is done, so none deletes another's staging
// folder, and a build waits, saying so, while another holds it. all/ holds
// every chapter on one page. Each page's sidebar lists every chapter, up to
// 40 of them; past that, the ten around the page and links to the full
// list on the index, so that a page's size does not grow with the book.
//
// Pages render on a pool of GOMAXPROCS workers, which also make each
// chapter's part of all/; a one-shot Build lets each page's syntax tree go
// once it is rendered. Live (see NewLive) keeps them for its rebuilds.
package site

import (
	"context"
	"fmt"
	"io/fs"
	"time"

	"github.com/concurrency-primer/site/internal/demo"
)

// Config says what to build and where.
type Config struct {
	// Src is the site folder, holding content/ and optionally demos/.
	Src fs.FS
	// Root is the same folder on disk, for the tools that need a real path:
	// the demos are built with the go command there. Empty for a site that
	// lives only in memory, which then cannot run demos.
	Root string
	// Theme holds the theme's layouts/ and static/ folders.
	Theme fs.FS
	// ThemeName names the theme in error messages, such as "theme".
	ThemeName string
	// Out is the output folder on disk, created with its parents if needed.
	Out string
	// BaseURL is the site's address, such as https://example.org/primer/.
	// Its path prefixes every link; when absolute, it also makes the
	// canonical links and the sitemap absolute. Empty means "/".
	BaseURL string
	// Demos is the demo mode (see package demo); the zero value is auto.
	Demos demo.Mode
	// Drafts includes chapters marked draft.
	Drafts bool
	// DemoGrace is how long a demo has to exit after SIGTERM, when it is
	// stopped, before its process group is killed; zero means the
	// runner's default (see package demo).
	DemoGrace time.Duration
	// Logf, when set, receives progress messages.
	Logf func(format string, args ...any)
}

// Build loads the site described by cfg and writes it to cfg.Out.
func Build(ctx context.Context, cfg Config) error {
	s, err := Load(ctx, cfg)
	if err != nil {
		return err
	}
	// Each page renders once: its syntax tree can go as soon as it has.
	s.oneShot = true
	return s.Publish(ctx)
}

func (c *Config) check() error {
	if c.Src == nil || c.Theme == nil || c.Out == "" {
		return fmt.Errorf("site config needs Src, Theme and Out")
	}
	return nil
}

func (c *Config) logf(format string, args ...any) {
	if c.Logf != nil {
		c.Logf(format, args...)
	}
}
