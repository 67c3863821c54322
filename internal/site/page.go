package site

import (
	"bytes"
	"cmp"
	"fmt"
	"hash/maphash"
	"html/template"
	"strings"

	"github.com/concurrency-primer/site/internal/demoview"
	"github.com/concurrency-primer/site/internal/markdown"
	"github.com/concurrency-primer/site/internal/search"
)

// Page is what a layout sees. Go computes it so that templates stay simple.
type Page struct {
	Kind                                string // index, chapter, 404, demo or all
	SiteTitle, SiteDescription          string
	Title, Description, MetaDescription string // only MetaDescription is never empty
	Canonical, Home, Stylesheet         string
	Source                              string // as content/03-threads.md
	Content                             template.HTML
	// Nav, shared by every page and not to be changed, lists the chapters;
	// NavList is the sidebar's items, rendered by "nav-item", the current one marked.
	Nav     []NavItem
	NavList template.HTML
	TOC     []TOCItem // the h2 headings, each with its h3 headings
	// Prev and Next are the neighbouring chapters, or nil.
	Prev, Next *NavItem
}

// NavItem is a link to a chapter.
type NavItem struct {
	Title, Description, URL string
	Current                 bool
}

// TOCItem is an entry of a page's table of contents, nested for readers.
type TOCItem struct {
	Level    int
	ID, Text string
	Children []TOCItem
}

// tocOf nests each h3 under the h2 before it.
func tocOf(headings []markdown.Heading) []TOCItem {
	var toc []TOCItem
	for _, h := range headings {
		item := TOCItem{Level: h.Level, ID: h.ID, Text: h.Text}
		switch {
		case h.Level == 3 && len(toc) > 0 && toc[len(toc)-1].Level == 2:
			parent := &toc[len(toc)-1]
			parent.Children = append(parent.Children, item)
		case h.Level == 2 || h.Level == 3:
			toc = append(toc, item)
		}
	}
	return toc
}

// job is one page to render.
type job struct {
	out  string // output path
	kind string
	ch   *Chapter // for a chapter's page
	at   int      // the chapter's place in the book, or -1
	doc  *markdown.Doc
	demo *demoview.Page // for a demo's page
}

// jobs lists the index, 404, the chapters' and the demos' pages.
func (s *Site) jobs(demos []*demoview.Page) []job {
	jobs := make([]job, 0, len(s.Chapters)+len(demos)+2)
	index := job{out: "index.html", kind: "index", at: -1}
	if s.index != nil {
		index.doc = s.index.Doc
	}
	jobs = append(jobs, index, job{out: "404.html", kind: "404", at: -1})
	for i, ch := range s.Chapters {
		jobs = append(jobs, job{out: ch.Slug + "/index.html", kind: "chapter", ch: ch, at: i, doc: ch.Doc})
	}
	for _, d := range demos {
		jobs = append(jobs, job{out: d.Out(), kind: "demo", at: -1, demo: d})
	}
	return jobs
}

// page returns the Page of a kind with what every page shows.
func (s *Site) page(kind, title, desc, url string) *Page {
	return &Page{
		Kind: kind, Title: title, Description: desc, Canonical: s.absURL(url),
		SiteTitle: s.Title, SiteDescription: s.Description,
		Home: s.basePath, Stylesheet: s.basePath + s.theme.stylesheet, Nav: s.nav.items,
	}
}

// render renders one page and a chapter's parts of the one-page view and
// search index.
func (s *Site) render(j job, res markdown.Resolver) ([]byte, *rendered, error) {
	p := s.page(j.kind, s.Title, s.Description, s.basePath)
	r := &rendered{}
	if j.doc != nil {
		var b bytes.Buffer
		if err := s.md.Render(&b, j.doc, res); err != nil {
			return nil, nil, err
		}
		p.Content = template.HTML(b.String())
		p.Source = j.doc.File
	}
	p.NavList = s.nav.list(j.at, s.basePath)
	switch j.kind {
	case "404":
		p.Title, p.Description, p.Canonical = "Page not found", "This page does not exist.", s.absURL(s.basePath+"404.html")
	case "demo":
		d := j.demo
		p.Title, p.Canonical = "The "+d.Name+" demo", s.absURL(d.URL)
		p.Source, p.Content = "demos/"+d.Name, d.Content
		p.Description = fmt.Sprintf("The source of the %s demo, the program that measures the numbers beside it; run it yourself with %s.", d.Name, d.Command)
	case "chapter":
		p.Title, p.Description, p.Canonical = j.ch.Title, j.ch.Description, s.absURL(s.URL(j.ch))
		p.TOC = tocOf(j.doc.Headings)
		if j.at > 0 {
			p.Prev = &p.Nav[j.at-1]
		}
		if j.at+1 < len(p.Nav) {
			p.Next = &p.Nav[j.at+1]
		}
		var err error
		if r.section, err = s.bookSection(j.ch, res); err != nil {
			return nil, nil, fmt.Errorf("%s: one-page view: %w", j.ch.File, err)
		}
		r.find = search.Sections(string(p.Content))
	}
	if s.oneShot && j.doc != nil {
		j.doc.Release()
	}
	// No two pages may share a meta description.
	p.MetaDescription = cmp.Or(p.Description, s.Description, p.Title)
	if j.kind == "chapter" && p.Description == "" {
		p.MetaDescription = p.Title + ", a chapter of " + s.Title + "."
	}
	html, err := s.theme.execute(j.kind, "base.html", p)
	return html, r, err
}

// navItems holds the chapters' navigation items, each rendered as a link
// and as the current page.
type navItems struct {
	key   [3]any // what they were rendered from
	items []NavItem
	slugs map[string]bool // every chapter's slug
	li    [2][]string     // the list items, plain and current
}

// navFull is the most chapters the sidebar lists; past it, navWindow on
// each side of the current one, so that a page's size stays bounded.
const (
	navFull   = 40
	navWindow = 5
)

// updateNav renders the navigation again when what it shows changed, and
// returns the keys of the chapters' titles and URLs, which every page
// shows, and of their descriptions, which only the index shows.
func (s *Site) updateNav() (nav, desc uint64, err error) {
	var hn, hd maphash.Hash
	hn.SetSeed(digestSeed)
	hd.SetSeed(digestSeed)
	for _, ch := range s.Chapters {
		maphash.WriteComparable(&hn, [2]string{ch.Title, ch.Slug})
		hd.WriteString(ch.Description + "\x00")
	}
	nav, desc = hn.Sum64(), hd.Sum64()
	key := [...]any{nav, desc, s.theme.key}
	if s.nav != nil && s.nav.key == key {
		return nav, desc, nil
	}
	n := &navItems{key: key, slugs: make(map[string]bool, len(s.Chapters))}
	for _, ch := range s.Chapters {
		item := NavItem{Title: ch.Title, Description: ch.Description, URL: s.URL(ch)}
		n.items = append(n.items, item)
		n.slugs[ch.Slug] = true
		for i := range n.li {
			item.Current = i == 1
			li, err := s.theme.execute("404", "nav-item", item)
			if err != nil {
				return 0, 0, err
			}
			n.li[i] = append(n.li[i], string(li))
		}
	}
	s.nav = n
	return nav, desc, nil
}

// list returns the list items with the one at current (-1 for none)
// marked; past navFull, only the window around it and links to the index.
func (n *navItems) list(current int, home string) template.HTML {
	lo, hi := 0, len(n.items)
	if hi > navFull {
		c := max(current, 0)
		lo = max(0, min(c-navWindow, hi-2*navWindow-1))
		hi = min(hi, lo+2*navWindow+1)
	}
	var b strings.Builder
	more := func() {
		fmt.Fprintf(&b, "\n<li class=\"nav-more\"><a href=\"%s#chapters\">All %d chapters</a></li>", template.HTMLEscapeString(home), len(n.items))
	}
	if lo > 0 {
		more()
	}
	for i := lo; i < hi; i++ {
		item := n.li[0][i]
		if i == current {
			item = n.li[1][i]
		}
		if i == lo && lo > 0 {
			// The list restarts its numbering at the window.
			if rest, ok := strings.CutPrefix(item, "\n<li"); ok {
				item = fmt.Sprintf("\n<li value=\"%d\"%s", i+1, rest)
			}
		}
		b.WriteString(item)
	}
	if hi < len(n.items) {
		more()
	}
	return template.HTML(b.String())
}
