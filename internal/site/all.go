package site

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"

	"github.com/concurrency-primer/site/internal/search"
	"golang.org/x/net/html"
)

// allSlug names the folder of the one-page view: every chapter in reading
// order on one page, for printing and offline reading. A chapter cannot
// use it as its slug.
const allSlug = "all"

// book keeps each chapter's section of the one-page view, made from the
// content the chapter's page rendered during a build, so that the view
// does not render every chapter a second time.
type book struct {
	mu sync.Mutex
	// sections keeps each chapter's section with a digest of the content
	// it was made from, so that a rebuild of one chapter (Live) does not
	// make the others again.
	sections map[*Chapter]cachedSection
}

// cachedSection is a chapter's section of the one-page view, its sections
// in the search index, and the digest of the rendered content both come
// from.
type cachedSection struct {
	sum  string
	text string
	find []search.Section
}

// keep makes the section of ch with build from the content its page
// rendered, unless the last one kept was made from the same content.
// Pages call it from the rendering workers.
func (b *book) keep(ch *Chapter, content template.HTML, build func(*Chapter, template.HTML) (cachedSection, error)) error {
	sum := digest([]byte(content))
	b.mu.Lock()
	c, ok := b.sections[ch]
	b.mu.Unlock()
	if ok && c.sum == sum {
		return nil
	}
	c, err := build(ch, content)
	if err != nil {
		return err
	}
	c.sum = sum
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.sections == nil {
		b.sections = map[*Chapter]cachedSection{}
	}
	b.sections[ch] = c
	return nil
}

// section returns the section kept for ch.
func (b *book) section(ch *Chapter) (string, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	c, ok := b.sections[ch]
	return c.text, ok
}

// writeBook writes allSlug/index.html into dir once every chapter's page
// has been rendered. Each chapter becomes a section of the page: its ids
// get the chapter's slug as prefix so that they stay unique, links
// between chapters become links within the page, and its headings move one
// level down, under the chapter's title.
func (s *Site) writeBook(dir string) error {
	head, sections, tail, err := s.bookPage()
	if err != nil {
		return err
	}
	return writeParts(dir, bookFile, head, sections, tail)
}

// bookFile is the one-page view's output file.
const bookFile = allSlug + "/index.html"

// bookPage returns the one-page view as the layout's head, every chapter's
// section and the layout's tail. The sections are written one after the
// other rather than joined into one string first, which for a large book
// is tens of megabytes copied twice.
func (s *Site) bookPage() (head []byte, sections []string, tail []byte, err error) {
	// checkSlug has refused a chapter slug of allSlug already.
	sections = make([]string, 0, len(s.Chapters))
	toc := make([]TOCItem, 0, len(s.Chapters))
	for _, ch := range s.Chapters {
		section, ok := s.book.section(ch)
		if !ok {
			return nil, nil, nil, fmt.Errorf("%s: the one-page view has no rendered content for it", ch.File)
		}
		sections = append(sections, section)
		toc = append(toc, TOCItem{Level: 2, ID: s.bookChapterID(ch), Text: ch.Title})
	}
	p := &Page{
		Kind:            "all",
		SiteTitle:       s.Title,
		SiteDescription: s.Description,
		Title:           "All chapters",
		Description:     "Every chapter of " + s.Title + " on one page, to print or to read offline.",
		Home:            s.basePath,
		Stylesheet:      s.basePath + s.theme.stylesheet,
		Canonical:       s.absURL(s.basePath + allSlug + "/"),
		Content:         bookMark,
		TOC:             toc,
		NavList:         s.nav.list(-1, s.basePath),
	}
	p.MetaDescription = p.Description
	p.Nav = s.nav.items
	page, err := s.theme.execute("chapter", p)
	if err != nil {
		return nil, nil, nil, err
	}
	head, tail, ok := bytes.Cut(page, []byte(bookMark))
	if ok && !bytes.Contains(tail, []byte(bookMark)) {
		return head, sections, tail, nil
	}
	// A layout that shows the content twice, or not at all, gets it
	// joined.
	p.Content = template.HTML(strings.Join(sections, ""))
	if page, err = s.theme.execute("chapter", p); err != nil {
		return nil, nil, nil, err
	}
	return page, nil, nil, nil
}

// bookMark stands for the one-page view's content while its layout runs.
const bookMark template.HTML = "<!--sitegen:book-content-->"

// writeParts writes head, each part and tail, one after the other, into
// the file name of dir.
func writeParts(dir, name string, head []byte, parts []string, tail []byte) error {
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 256<<10)
	w.Write(head)
	for _, part := range parts {
		w.WriteString(part)
	}
	w.Write(tail)
	err = w.Flush()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// bookSection returns the chapter's section of the one-page view.
func (s *Site) bookSection(ch *Chapter, content template.HTML) (string, error) {
	var b strings.Builder
	b.Grow(len(content) + len(content)/8 + 512)
	esc := template.HTMLEscapeString
	// data-source lets the checks name the chapter a problem of this page
	// comes from.
	fmt.Fprintf(&b, "<section class=\"book-chapter\" aria-labelledby=\"%s\" data-source=\"%s\">\n", esc(s.bookChapterID(ch)), esc(ch.File))
	fmt.Fprintf(&b, "<h2 id=\"%[1]s\">%[2]s<a class=\"anchor\" href=\"#%[1]s\" aria-label=\"Link to this chapter\">#</a></h2>\n", esc(s.bookChapterID(ch)), esc(ch.Title))
	if err := s.rewriteForBook(&b, ch, string(content)); err != nil {
		return "", err
	}
	b.WriteString("</section>\n")
	return b.String(), nil
}

// bookID is the id that id of chapter slug gets in the one-page view.
// Slugs hold no colon, so the result is unique.
func bookID(slug, id string) string { return slug + ":" + id }

// bookChapterID is the id of chapter ch's section in the one-page view:
// its slug, unless the layouts use that id themselves (a chapter whose
// slug is main), when it is chapter:SLUG, which no slug and, as no heading
// takes a reserved id, no bookID can be.
func (s *Site) bookChapterID(ch *Chapter) string { return s.bookSlugID(ch.Slug) }

// bookSlugID is the id of the section of the chapter with the given slug.
func (s *Site) bookSlugID(slug string) string {
	if s.theme.ids[slug] {
		return bookID("chapter", slug)
	}
	return slug
}

// idListAttrs hold one id or a space-separated list of them.
var idListAttrs = map[string]bool{
	"id": true, "for": true, "headers": true, "list": true, "form": true,
	"aria-labelledby": true, "aria-describedby": true, "aria-controls": true,
	"aria-owns": true, "aria-details": true, "aria-activedescendant": true, "aria-errormessage": true,
}

// urlRef matches a reference to an id in SVG attributes, as in url(#grad).
var urlRef = regexp.MustCompile(`url\(#([^)]+)\)`)

// rewriteForBook copies a chapter's HTML to w, changing only the tags that
// need it: ids and the attributes naming them, links, and headings. Text,
// and tags that need no change, are copied byte for byte.
func (s *Site) rewriteForBook(w io.Writer, ch *Chapter, src string) error {
	// Highlighted code, half of a page's bytes in spans, holds neither ids
	// nor links: it is copied without tokenizing.
	const pre, end = `<pre class="chroma`, "</pre>"
	for {
		i := strings.Index(src, pre)
		j := -1
		if i >= 0 {
			j = strings.Index(src[i:], end)
		}
		if j < 0 {
			return s.rewriteTags(w, ch, src)
		}
		j += i + len(end)
		if err := s.rewriteTags(w, ch, src[:i]); err != nil {
			return err
		}
		if _, err := io.WriteString(w, src[i:j]); err != nil {
			return err
		}
		src = src[j:]
	}
}

// rewriteTags is rewriteForBook for HTML without highlighted code.
func (s *Site) rewriteTags(w io.Writer, ch *Chapter, src string) error {
	z := html.NewTokenizer(strings.NewReader(src))
	var raw []byte
	var attrs [][2][]byte
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			if err := z.Err(); !errors.Is(err, io.EOF) {
				return err
			}
			return nil
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			// The tokenizer lower-cases names in place: keep the raw
			// bytes first.
			raw = append(raw[:0], z.Raw()...)
			name, more := z.TagName()
			need := len(name) == 2 && name[0] == 'h' && '1' <= name[1] && name[1] <= '5'
			attrs = attrs[:0]
			for more {
				var k, v []byte
				k, v, more = z.TagAttr()
				attrs = append(attrs, [2][]byte{k, v})
				need = need || idListAttrs[string(k)] || string(k) == "href" || string(k) == "xlink:href" || bytes.Contains(v, []byte("url(#"))
			}
			if need {
				t := html.Token{Type: tt, Data: string(name)}
				for _, a := range attrs {
					t.Attr = append(t.Attr, html.Attribute{Key: string(a[0]), Val: string(a[1])})
				}
				if s.rewriteTag(&t, ch) {
					raw = append(raw[:0], t.String()...)
				}
			}
			if _, err := w.Write(raw); err != nil {
				return err
			}
		default:
			if _, err := w.Write(z.Raw()); err != nil {
				return err
			}
		}
	}
}

// rewriteTag changes t for the one-page view and reports whether it did.
func (s *Site) rewriteTag(t *html.Token, ch *Chapter) bool {
	changed := false
	if len(t.Data) == 2 && t.Data[0] == 'h' && t.Data[1] >= '1' && t.Data[1] <= '5' {
		t.Data = "h" + string(t.Data[1]+1)
		changed = true
	}
	for i, a := range t.Attr {
		val := a.Val
		switch {
		case idListAttrs[a.Key]:
			ids := strings.Fields(val)
			for j, id := range ids {
				ids[j] = bookID(ch.Slug, id)
			}
			val = strings.Join(ids, " ")
		case a.Key == "href" || a.Key == "xlink:href":
			val = s.bookHref(ch, val)
		case strings.Contains(val, "url(#"):
			val = urlRef.ReplaceAllString(val, "url(#"+ch.Slug+":$1)")
		}
		if val != a.Val {
			t.Attr[i].Val = val
			changed = true
		}
	}
	return changed
}

// bookHref rewrites a link of chapter ch: a fragment of the same page or a
// link to any chapter becomes a fragment of the one-page view. Other links
// stay as they are.
func (s *Site) bookHref(ch *Chapter, href string) string {
	if frag, ok := strings.CutPrefix(href, "#"); ok {
		if frag == "" {
			return "#" + s.bookChapterID(ch)
		}
		return "#" + bookID(ch.Slug, frag)
	}
	u, err := url.Parse(href)
	if err != nil || u.Scheme != "" || u.Host != "" || !strings.HasPrefix(u.Path, s.basePath) {
		return href
	}
	slug := strings.TrimSuffix(strings.TrimPrefix(u.Path, s.basePath), "/")
	slug = strings.TrimSuffix(slug, "/index.html")
	if _, ok := s.nav.slugs[slug]; !ok {
		return href
	}
	if u.Fragment == "" {
		return "#" + s.bookSlugID(slug)
	}
	return "#" + bookID(slug, u.Fragment)
}
