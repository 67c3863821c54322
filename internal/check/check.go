// Package check inspects a built site folder for the problems a reader, a
// browser or the Content-Security-Policy would meet, so that a broken page
// fails the build instead of reaching the published site.
//
// Run reads every file of the folder and reports, for each HTML page:
//
//   - link: an internal link or resource (href, src, srcset, poster, data,
//     SVG href) that names no generated file, or a #fragment that names no
//     id in the target page. Relative and root-relative URLs are resolved
//     against the page; "dir/" means dir/index.html; query strings are
//     ignored. Absolute URLs under Options.BaseURL count as internal, so
//     canonical links, social card URLs (og:url, og:image) and the <loc>
//     URLs of sitemap.xml are checked too. 404.html, which the host serves
//     at any path, may use only URLs from the root.
//   - id: an id used twice in one page, an empty id, or an id named by
//     aria-labelledby, aria-describedby, <label for> and the like that the
//     page does not have.
//   - title: a page without a non-empty <title>, or a title that another page
//     also uses.
//   - description: a page without a non-empty meta description, or a chapter
//     page whose description another chapter page also uses.
//   - alt: an <img> without an alt attribute, or an <svg> without a text
//     alternative (a <title> child, aria-label or aria-labelledby; an SVG
//     marked aria-hidden="true" is decoration and needs none).
//   - heading: a page without exactly one <h1>, a first heading that is
//     not the <h1>, or a heading more than one level below the one before
//     it, so that a screen reader's list of headings reads as a table of
//     contents.
//   - html: a page that does not start with a doctype, which browsers
//     render in quirks mode, and a tag with an attribute twice, of which
//     the parser keeps only the first. Whether the markup is valid HTML
//     (nesting, content models, end tags) is a validator's job, not this
//     package's.
//   - weight: a page whose HTML plus the stylesheets it links (and those
//     they @import) and the scripts it loads weighs more than the budget
//     (1 KB is 1000 bytes).
//     Bytes inside elements of class "demo-source" do not count: a
//     demo's source, or a file a block of code shows (file= in package
//     markdown), is the point of the page, not its overhead. A page
//     that is meant to be heavy, such as one holding every chapter for
//     offline reading, declares its own budget in bytes with
//     <html data-budget="1000000">.
//   - external: a script, stylesheet, font, image, frame or preload from
//     another origin (or from a data: URL, except images), in HTML or in the
//     CSS files' @import and url().
//   - csp: anything the policy "script-src 'self'; style-src 'self'" blocks:
//     inline <script> content (a <script type="application/ld+json"> data
//     block is allowed), <style> elements, style="" attributes, on* event
//     handler attributes and javascript: URLs.
//   - encoding: a page that is not valid UTF-8, at the line of its first
//     bad byte; every page declares UTF-8, and a browser shows such bytes
//     as replacement characters.
//   - missing: a site without one of the files every build writes at its
//     root: index.html, 404.html (which hosts serve for any unknown path)
//     and sitemap.xml.
//
// Each Problem names the page, the content file it was built from (taken
// from the data-source attribute chapter pages carry) and the line in the
// page. Run returns an error only when the folder cannot be read.
package check

import (
	"cmp"
	"context"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"unicode/utf8"
)

// DefaultBudget is the page weight budget in bytes used when
// Options.Budget is zero: 100 KB of HTML and CSS, and 15 KB for the scripts
// every page loads (copy buttons and search).
const DefaultBudget = 115_000

// Options configures Run.
type Options struct {
	// Budget is the most bytes a page may weigh: its HTML (without demo
	// source) plus every stylesheet and script it loads. Zero means DefaultBudget; a
	// negative budget turns the check off.
	Budget int

	// BaseURL is the absolute URL the site was built for (sitegen build
	// -base-url), such as "https://example.netlify.app/". Absolute URLs
	// under it are checked as internal ones, and when it has a path
	// ("https://host/docs/") root-relative URLs must start with that path.
	// Empty means every absolute URL is external.
	BaseURL string
}

// Problem is one thing wrong with the built site.
type Problem struct {
	// Page is the slash-separated path of the file in the site folder,
	// such as "threads/index.html" or "assets/site.css".
	Page string
	// Source is the content file the page was built from, such as
	// "content/03-threads.md", or "" for generated pages.
	Source string
	// Line is the line in Page where the problem is, or 0 for the whole page.
	Line int
	// Check names the check that failed: "link", "id", "title",
	// "description", "alt", "heading", "html", "weight", "external",
	// "csp", "encoding" or "missing".
	Check string
	// Message says what is wrong, in lower case without a final period.
	Message string
}

// String formats the problem as "page:line: check: message (source)".
func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.Page)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
	}
	fmt.Fprintf(&b, ": %s: %s", p.Check, p.Message)
	if p.Source != "" {
		fmt.Fprintf(&b, " (%s)", p.Source)
	}
	return b.String()
}

// Run checks the built site in fsys and returns its problems, sorted by
// page, line, check and message. It returns an error only when a file
// cannot be read or ctx is done.
func Run(ctx context.Context, fsys fs.FS, opts Options) ([]Problem, error) {
	base, err := parseBase(opts.BaseURL)
	if err != nil {
		return nil, err
	}
	s := &site{fsys: fsys, base: base, files: map[string]int64{}, pages: map[string]*page{}, svgIDs: map[string]map[string]int{}}
	if err := s.read(ctx); err != nil {
		return nil, err
	}
	s.checkRequired()
	s.checkRefs()
	s.checkTitles()
	budget := opts.Budget
	if budget == 0 {
		budget = DefaultBudget
	}
	if budget > 0 {
		s.checkWeight(budget)
	}
	for _, name := range s.order {
		p := s.pages[name]
		for _, pr := range p.problems {
			pr.Page, pr.Source = name, p.sourceOf(pr.Line)
			s.problems = append(s.problems, pr)
		}
	}
	slices.SortFunc(s.problems, func(a, b Problem) int {
		return cmp.Or(cmp.Compare(a.Page, b.Page), cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Check, b.Check), cmp.Compare(a.Message, b.Message))
	})
	return s.problems, nil
}

// site is everything read from the folder, and the problems that are not
// about one HTML page (those of CSS files).
type site struct {
	fsys     fs.FS
	base     baseURL
	files    map[string]int64 // every file and its size
	pages    map[string]*page // HTML pages by path
	order    []string         // HTML page paths, sorted
	css      map[string][]ref // references in each CSS file
	sitemap  map[string][]ref // the <loc> URLs of sitemap.xml
	svgIDs   map[string]map[string]int
	problems []Problem
}

// read walks the folder and scans every HTML, CSS and SVG file.
func (s *site) read(ctx context.Context) error {
	s.css, s.sitemap = map[string][]ref{}, map[string][]ref{}
	err := fs.WalkDir(s.fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		s.files[name] = info.Size()
		ext := strings.ToLower(path.Ext(name))
		if ext != ".html" && ext != ".htm" && ext != ".css" && ext != ".svg" && name != "sitemap.xml" {
			return nil
		}
		data, err := fs.ReadFile(s.fsys, name)
		if err != nil {
			return err
		}
		switch ext {
		case ".xml":
			s.sitemap[name] = scanSitemap(data)
		case ".css":
			s.css[name] = scanCSS(data)
		case ".svg":
			s.svgIDs[name] = scanIDs(data)
		default:
			p := scanPage(data)
			if line, b, bad := InvalidUTF8(data); bad {
				p.add(line, "encoding", fmt.Sprintf("byte 0x%02x is not valid UTF-8: browsers show a replacement character", b))
			}
			s.pages[name] = p
			s.order = append(s.order, name)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("checking site: %w", err)
	}
	slices.Sort(s.order)
	return nil
}

// required lists the files every build writes at the site's root, and
// why a site needs each.
var required = []struct{ name, why string }{
	{"index.html", "the site's root shows nothing"},
	{"404.html", "hosts serve it for any path that names no page"},
	{"sitemap.xml", "search engines find the pages through it"},
}

// checkRequired reports each file of required the site lacks.
func (s *site) checkRequired() {
	for _, r := range required {
		if _, ok := s.files[r.name]; !ok {
			s.problems = append(s.problems, Problem{Page: r.name, Check: "missing", Message: "the site has no " + r.name + ": " + r.why})
		}
	}
}

// InvalidUTF8 returns the line and value of the first byte of data that
// is not part of valid UTF-8, and whether there is one. Package site
// reports a source file's bytes with it, as check reports a page's.
func InvalidUTF8(data []byte) (line int, b byte, bad bool) {
	if utf8.Valid(data) {
		return 0, 0, false
	}
	line = 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			return line, data[i], true
		}
		if data[i] == '\n' {
			line++
		}
		i += size
	}
	return line, 0, true
}

// checkTitles reports missing and shared titles and descriptions.
func (s *site) checkTitles() {
	titles := map[string][]string{}
	descs := map[string][]string{}
	for _, name := range s.order {
		p := s.pages[name]
		if strings.TrimSpace(p.title) == "" {
			p.add(p.titleLine, "title", "page has no <title> or an empty one")
		} else {
			titles[p.title] = append(titles[p.title], name)
		}
		if !p.hasDesc || strings.TrimSpace(p.desc) == "" {
			p.add(p.descLine, "description", `page has no <meta name="description"> or an empty one`)
		} else if p.source != "" {
			descs[p.desc] = append(descs[p.desc], name)
		}
	}
	for _, name := range s.order {
		p := s.pages[name]
		if others := without(titles[p.title], name); len(others) > 0 && p.title != "" {
			p.add(p.titleLine, "title", fmt.Sprintf("title %q is also the title of %s", p.title, strings.Join(others, ", ")))
		}
		if others := without(descs[p.desc], name); len(others) > 0 && p.source != "" {
			p.add(p.descLine, "description", fmt.Sprintf("description is also the description of %s", strings.Join(others, ", ")))
		}
	}
}

// without returns names less name, or nil when name is the only one.
func without(names []string, name string) []string {
	var out []string
	for _, n := range names {
		if n != name {
			out = append(out, n)
		}
	}
	return out
}
