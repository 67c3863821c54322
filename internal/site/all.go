package site

import (
	"bytes"
	"fmt"
	"html/template"
	"net/url"
	"slices"
	"strings"

	"github.com/concurrency-primer/site/internal/markdown"
)

// allSlug names the folder of the one-page view, for print and offline.
const allSlug = "all"

const bookFile = allSlug + "/index.html"

// bookSection renders ch as its section of the one-page view, its ids
// prefixed by its slug so that they stay unique.
func (s *Site) bookSection(ch *Chapter, res markdown.Resolver) ([]byte, error) {
	var b bytes.Buffer
	esc := template.HTMLEscapeString
	id := esc(s.bookSlugID(ch.Slug))
	// data-source lets the checks name the chapter a problem comes from.
	fmt.Fprintf(&b, "<section class=\"book-chapter\" aria-labelledby=\"%s\" data-source=\"%s\">\n", id, esc(ch.File))
	fmt.Fprintf(&b, "<h2 id=\"%[1]s\">%[2]s<a class=\"anchor\" href=\"#%[1]s\" aria-label=\"Link to this chapter\">#</a></h2>\n", id, esc(ch.Title))
	sec := markdown.Section{Prefix: bookID(ch.Slug, ""), Link: func(dest string) string { return s.bookHref(ch, dest) }}
	if err := s.md.RenderSection(&b, ch.Doc, res, sec); err != nil {
		return nil, err
	}
	b.WriteString("</section>\n")
	return b.Bytes(), nil
}

// bookID is id's id in the one-page view, unique as slugs hold no colon.
func bookID(slug, id string) string { return slug + ":" + id }

// bookSlugID is a chapter section's id: its slug, or chapter:SLUG when the
// layouts use the slug as an id (slug main).
func (s *Site) bookSlugID(slug string) string {
	if s.theme.ids[slug] {
		return bookID("chapter", slug)
	}
	return slug
}

// bookHref turns a link of ch to a fragment or a chapter into a fragment of
// the one-page view.
func (s *Site) bookHref(ch *Chapter, href string) string {
	slug := ch.Slug
	frag, local := strings.CutPrefix(href, "#")
	if !local {
		u, err := url.Parse(href)
		if err != nil || u.Scheme != "" || u.Host != "" || !strings.HasPrefix(u.Path, s.basePath) {
			return href
		}
		slug, frag = strings.TrimSuffix(strings.TrimPrefix(u.Path, s.basePath), "/"), u.Fragment
		if !s.nav.slugs[slug] {
			return href
		}
	}
	if frag == "" {
		return "#" + s.bookSlugID(slug)
	}
	return "#" + bookID(slug, frag)
}

// bookPage returns the one-page view of the chapters' sections, in parts
// to be written one after another.
func (s *Site) bookPage(sections [][]byte) ([][]byte, error) {
	toc := make([]TOCItem, 0, len(s.Chapters))
	for _, ch := range s.Chapters {
		toc = append(toc, TOCItem{Level: 2, ID: s.bookSlugID(ch.Slug), Text: ch.Title})
	}
	p := s.page("all", "All chapters", "Every chapter of "+s.Title+" on one page, to print or to read offline.", s.basePath+allSlug+"/")
	// The layout runs around a mark that the sections then replace, so
	// that a book of many megabytes is never copied into one buffer.
	const mark = "<!--sitegen:book-->"
	p.Content, p.TOC, p.NavList = mark, toc, s.nav.list(-1, s.basePath)
	p.MetaDescription = p.Description
	page, err := s.theme.execute("chapter", "base.html", p)
	if err != nil {
		return nil, err
	}
	head, tail, ok := bytes.Cut(page, []byte(mark))
	if !ok || bytes.Contains(tail, []byte(mark)) {
		// A layout that shows the content other than once.
		return [][]byte{bytes.ReplaceAll(page, []byte(mark), bytes.Join(sections, nil))}, nil
	}
	return slices.Concat([][]byte{head}, sections, [][]byte{tail}), nil
}
