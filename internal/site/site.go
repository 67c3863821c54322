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
// A chapter is UTF-8 (a leading byte order mark is dropped; a byte that is
// not UTF-8 is an error naming its line). Unknown keys are errors, so that
// a misspelt key does not pass unnoticed.
//
// Without slug, the URL is the file name without .md and a leading number
// and dash: content/03-threads.md becomes /threads/. Two chapters with one
// URL are an error. A slug is lower-case letters, digits, dashes and
// underscores, without a dot (the build's own files have one), and is not
// all, demos or a folder of the theme's static/.
//
// The body is Markdown as package markdown describes: GitHub Flavored
// Markdown, footnotes, heading ids, highlighted code, the demo directive
// and inline numbers. Headings never take an id the layouts write (main,
// chapters): ## Main gets the id main-1. Link to a chapter by its file, as
// [threads](03-threads.md#the-gil); the build rewrites the link to the
// chapter's URL and fails when the file or heading id does not exist.
//
// A block of code with file="PATH[:REGION]" shows a file of the site
// folder or a region of it, read through os.Root so that neither ".." nor
// a symbolic link leads out; a missing file or region is an error at the
// block's line. So the recipes' code on the pages is the code their tests run.
//
// # Demos
//
// Before any page renders, a build checks and runs the demos the pages
// use, as Config.Demos says: package demoview describes their blocks,
// numbers and pages.
//
// # Output
//
// A build writes index.html, SLUG/index.html per chapter,
// demos/NAME/index.html per demo shown, all/index.html (every chapter on
// one page), 404.html, sitemap.xml, robots.txt, the stylesheet named by
// its content's hash (style.1a2b3c4d.css), the search index (see package
// search) and the theme's other static files. The sidebar lists up to 40
// chapters; past that, the ten around the page and a link to the index. In
// all/, heading and footnote ids take the chapter's slug as a prefix
// (threads:the-gil) and links between chapters stay within the page; ids
// in raw HTML must be unique across the book (sitegen check reports them).
//
// Build stages the output beside the folder and swaps it in when complete,
// so that a failed build leaves the previous output. Builds and servers
// writing into one folder take turns on a lock file beside it
// (.public.lock for public/).
package site

import (
	"context"
	"io/fs"
	"time"

	"github.com/concurrency-primer/site/internal/demo"
)

// Config says what to build and where.
type Config struct {
	// Src is the site folder; Root is the same folder on disk, where the
	// demos are built, or empty for a site in memory, which cannot run them.
	Src  fs.FS
	Root string
	// Theme holds layouts/ and static/; ThemeName names it in errors.
	Theme     fs.FS
	ThemeName string
	Out       string // the output folder, created with its parents if needed
	// BaseURL (empty means /), such as https://example.org/primer/, prefixes
	// every link's path and, if absolute, makes canonicals and sitemap so.
	BaseURL string
	// Demos is the demo mode; DemoGrace how long a stopped demo has to exit
	// before it is killed, zero for the default.
	Demos     demo.Mode
	DemoGrace time.Duration
	Drafts    bool                             // build the chapters marked draft
	Logf      func(format string, args ...any) // if set, receives progress messages
}

// Build loads the site described by cfg and writes it to cfg.Out.
func Build(ctx context.Context, cfg Config) error {
	s, err := Load(ctx, cfg)
	if err != nil {
		return err
	}
	s.oneShot = true
	return s.publish(ctx)
}

func (c *Config) logf(format string, args ...any) {
	if c.Logf != nil {
		c.Logf(format, args...)
	}
}
