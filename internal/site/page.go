package site

import (
	"bytes"
	"cmp"
	"fmt"
	"html/template"
	"strings"

	"github.com/concurrency-primer/site/internal/demoview"
	"github.com/concurrency-primer/site/internal/markdown"
	"github.com/concurrency-primer/site/internal/search"
)

// Page is what a layout sees. Go computes it so that templates stay simple.
type Page struct {
	// Kind is index, chapter or 404.
	Kind string
	// SiteTitle and SiteDescription describe the whole site.
	SiteTitle, SiteDescription string
	// Title and Description describe this page; Description may be empty.
	Title, Description string
	// MetaDescription is never empty: the page's description, else the
	// site's, else the title.
	MetaDescription string
	// Canonical is the page's canonical URL.
	Canonical string
	// Home is the URL of the index page; Stylesheet the URL of the stylesheet.
	Home, Stylesheet string
	// Source is the Markdown file the page comes from, as content/03-threads.md.
	Source string
	// Content is the rendered Markdown.
	Content template.HTML
	// Nav lists every chapter in reading order. Every page of a build
	// shares it, so a layout must not change it, and Current is false in
	// it: NavList marks the current page.
	Nav []NavItem
	// NavList is the sidebar's list items, rendered by the layout
	// "nav-item" once per build: a site of n chapters would otherwise
	// execute n×n items. A site of more than [navFull] chapters lists
	// only the chapters around the current one and links to the full
	// list on the index page, so that a page's size does not grow with
	// the number of chapters.
	NavList template.HTML
	// TOC lists the page's h2 headings, each with its h3 headings.
	TOC []TOCItem
	// Prev and Next are the neighbouring chapters, or nil.
	Prev, Next *NavItem
}

// NavItem is a link to a chapter.
type NavItem struct {
	Title, Description, URL string
	Current                 bool
}

// job is one page to render.
type job struct {
	out  string // output path
	kind string
	ch   *Chapter // for a chapter's page
	doc  *markdown.Doc
	demo *demoview.Page // for a demo's page
}

// jobs lists the site's pages: the index, 404, each chapter's and each
// demo's of demos.
func (s *Site) jobs(demos []*demoview.Page) []job {
	jobs := make([]job, 0, len(s.Chapters)+len(demos)+2)
	jobs = append(jobs, job{out: "index.html", kind: "index", doc: s.intro}, job{out: "404.html", kind: "404"})
	for _, ch := range s.Chapters {
		jobs = append(jobs, job{out: ch.Slug + "/index.html", kind: "chapter", ch: ch, doc: ch.Doc})
	}
	for _, d := range demos {
		jobs = append(jobs, job{out: d.Out(), kind: "demo", demo: d})
	}
	return jobs
}

// render renders one page, and a chapter's part of the one-page view and
// of the search index.
func (s *Site) render(j job, res markdown.Resolver) ([]byte, *rendered, error) {
	p := &Page{
		Kind:            j.kind,
		SiteTitle:       s.Title,
		SiteDescription: s.Description,
		Title:           s.Title,
		Description:     s.Description,
		Home:            s.basePath,
		Stylesheet:      s.basePath + s.theme.stylesheet,
		Canonical:       s.absURL(s.basePath),
	}
	r := &rendered{}
	if j.doc != nil {
		var b bytes.Buffer
		if err := s.md.Render(&b, j.doc, res); err != nil {
			return nil, nil, err
		}
		p.Content = template.HTML(b.String())
		p.Source = j.doc.File
	}
	current := -1
	if j.ch != nil {
		if i, ok := s.nav.index[j.ch.File]; ok {
			current = i
		}
	}
	p.Nav = s.nav.items
	p.NavList = s.nav.list(current, s.basePath)
	switch j.kind {
	case "404":
		p.Title, p.Description = "Page not found", "This page does not exist."
		p.Canonical = s.absURL(s.basePath + "404.html")
	case "demo":
		d := j.demo
		p.Title = "The " + d.Name + " demo"
		p.Description = fmt.Sprintf("The source of the %s demo, the program that measures the numbers beside it; run it yourself with %s.", d.Name, d.Command)
		p.Canonical = s.absURL(d.URL)
		p.Source = "demos/" + d.Name
		p.Content = d.Content
	case "chapter":
		p.Title, p.Description = j.ch.Title, j.ch.Description
		p.Canonical = s.absURL(s.URL(j.ch))
		p.TOC = tocOf(j.doc.Headings)
		if current > 0 {
			p.Prev = &p.Nav[current-1]
		}
		if current+1 < len(p.Nav) {
			p.Next = &p.Nav[current+1]
		}
		// The chapter's parts of the one-page view and of the search
		// index are made here, on the rendering workers, from the same
		// syntax tree and content.
		var err error
		if r.section, err = s.bookSection(j.ch, res); err != nil {
			return nil, nil, fmt.Errorf("%s: one-page view: %w", j.ch.File, err)
		}
		r.find = search.Sections(string(p.Content))
	}
	if s.oneShot && j.doc != nil {
		j.doc.Release()
	}
	// Every page needs a meta description, and no two pages the same one:
	// a chapter without one gets its title and the site's name.
	p.MetaDescription = cmp.Or(p.Description, s.Description, p.Title)
	if j.kind == "chapter" && p.Description == "" {
		p.MetaDescription = p.Title + ", a chapter of " + s.Title + "."
	}
	html, err := s.theme.execute(j.kind, p)
	return html, r, err
}

// navItems holds each chapter's navigation item, and its list item
// rendered twice: as a link and as the current page.
type navItems struct {
	key            string // what they were rendered from
	items          []NavItem
	index          map[string]int      // by chapter file
	slugs          map[string]struct{} // every chapter's slug
	plain, current []string
	size           int
}

// navFull is the largest number of chapters the sidebar lists in full;
// a larger site lists navWindow chapters on each side of the current one.
const (
	navFull   = 40
	navWindow = 5
)

// renderNav renders the navigation items of the site's chapters.
func (s *Site) renderNav() (*navItems, error) {
	n := &navItems{index: make(map[string]int, len(s.Chapters)), slugs: make(map[string]struct{}, len(s.Chapters))}
	for i, ch := range s.Chapters {
		item := NavItem{Title: ch.Title, Description: ch.Description, URL: s.URL(ch)}
		n.items = append(n.items, item)
		n.index[ch.File] = i
		n.slugs[ch.Slug] = struct{}{}
		plain, err := s.theme.executeNamed("nav-item", item)
		if err != nil {
			return nil, err
		}
		item.Current = true
		current, err := s.theme.executeNamed("nav-item", item)
		if err != nil {
			return nil, err
		}
		n.plain = append(n.plain, string(plain))
		n.current = append(n.current, string(current))
		n.size += len(current)
	}
	return n, nil
}

// list returns the list items with the one at index current marked; -1
// marks none. Past navFull chapters it returns the window around current,
// each item numbered by its place in the book, between links to the full
// list on the index page at home.
func (n *navItems) list(current int, home string) template.HTML {
	lo, hi := 0, len(n.plain)
	if hi > navFull {
		c := max(current, 0)
		lo = max(0, min(c-navWindow, hi-2*navWindow-1))
		hi = min(hi, lo+2*navWindow+1)
	}
	var b strings.Builder
	if lo == 0 && hi == len(n.plain) {
		b.Grow(n.size)
	}
	more := func() {
		fmt.Fprintf(&b, "\n<li class=\"nav-more\"><a href=\"%s#chapters\">All %d chapters</a></li>", template.HTMLEscapeString(home), len(n.plain))
	}
	if lo > 0 {
		more()
	}
	for i := lo; i < hi; i++ {
		item := n.plain[i]
		if i == current {
			item = n.current[i]
		}
		if i == lo && lo > 0 {
			// The list restarts its numbering at the window.
			if rest, ok := strings.CutPrefix(item, "\n<li"); ok {
				item = fmt.Sprintf("\n<li value=\"%d\"%s", i+1, rest)
			}
		}
		b.WriteString(item)
	}
	if hi < len(n.plain) {
		more()
	}
	return template.HTML(b.String())
}
