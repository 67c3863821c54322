// Package check inspects a built site folder for the problems a reader, a
// browser or the Content-Security-Policy would meet, so that a broken page
// fails the build instead of being published. Validating HTML is not its job.
//
// Each Problem names its page, line, content file (from the data-source
// attribute chapter pages carry) and one of these checks:
//
//   - link: an internal URL that names no file, or a #fragment no id in its
//     page; absolute URLs under Options.BaseURL are internal, and 404.html,
//     served at any path, may use only URLs from the root.
//   - id: an id used twice or empty, or named (aria-labelledby, <label
//     for>) but missing.
//   - title, description: missing, or shared (descriptions among chapters).
//   - alt: an <img> without alt, or an <svg> without a text alternative.
//   - heading: not exactly one <h1>, a first heading that is not it, or a
//     skipped level, so that a screen reader's headings read as contents.
//   - html: no doctype first (quirks mode), or an attribute given twice.
//   - weight: HTML, stylesheets and scripts over the budget; class
//     "demo-source" does not count, <html data-budget="N"> sets a page's own.
//   - external, csp: a resource from another origin or a data: URL (but
//     images), and what "script-src 'self'; style-src 'self'" blocks.
//   - encoding: a page that is not valid UTF-8.
//   - missing: no index.html, 404.html or sitemap.xml at the root.
package check

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"slices"
	"strings"
	"unicode/utf8"
)

// DefaultBudget is the page weight in bytes Options.Budget zero stands for:
// 100 KB of HTML and CSS, and 15 KB for the copy and search scripts.
const DefaultBudget = 115_000

// Options configures Run.
type Options struct {
	// Budget is the most bytes a page may weigh. Zero means DefaultBudget;
	// a negative budget turns the check off.
	Budget int

	// BaseURL is the absolute URL the site was built for: URLs under it
	// are internal, and when it has a path ("https://host/docs/") URLs
	// from the root must start with it. Empty makes every absolute URL
	// external.
	BaseURL string
}

// Problem is one thing wrong with the built site.
type Problem struct {
	// Page is the file's slash-separated path in the site folder.
	Page string
	// Source is the content file the page was built from, or "".
	Source string
	// Line is the line in Page where the problem is, or 0 for the whole page.
	Line int
	// Check names the check that failed, as in the package comment.
	Check string
	// Message says what is wrong, in lower case without a final period.
	Message string
}

// String formats the problem as "page:line: check: message (source)".
func (p Problem) String() string {
	line, src := "", ""
	if p.Line > 0 {
		line = fmt.Sprintf(":%d", p.Line)
	}
	if p.Source != "" {
		src = " (" + p.Source + ")"
	}
	return p.Page + line + ": " + p.Check + ": " + p.Message + src
}

// Run checks the built site in fsys and returns its problems, sorted by
// page, line, check and message. It returns an error only when a file
// cannot be read or ctx is done.
func Run(ctx context.Context, fsys fs.FS, opts Options) ([]Problem, error) {
	base, err := parseBase(opts.BaseURL)
	if err != nil {
		return nil, err
	}
	s := &site{base: base, files: map[string]*page{}}
	if err := s.read(ctx, fsys); err != nil {
		return nil, err
	}
	var problems []Problem
	for name, why := range required {
		if s.files[name] == nil {
			problems = append(problems, Problem{Page: name, Check: "missing", Message: "the site has no " + name + ": " + why})
		}
	}
	s.checkTitles()
	if budget := cmp.Or(opts.Budget, DefaultBudget); budget > 0 {
		s.checkWeight(budget)
	}
	for name, p := range s.files {
		for _, r := range p.refs {
			if check, msg := s.checkRef(name, r); check != "" {
				p.add(r.line, check, msg)
			}
		}
		for _, pr := range p.problems {
			pr.Page, pr.Source = name, p.sourceOf(pr.Line)
			problems = append(problems, pr)
		}
	}
	slices.SortFunc(problems, func(a, b Problem) int {
		return cmp.Or(cmp.Compare(a.Page, b.Page), cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Check, b.Check), cmp.Compare(a.Message, b.Message))
	})
	return problems, nil
}

// required says why a site needs each file every build writes at its root.
var required = map[string]string{
	"index.html":  "the site's root shows nothing",
	"404.html":    "hosts serve it for any path that names no page",
	"sitemap.xml": "search engines find the pages through it",
}

// site is everything read from the folder.
type site struct {
	base  *url.URL
	files map[string]*page // every file, scanned if HTML, CSS, SVG or the sitemap
	order []string         // the HTML pages, sorted
}

// read walks the folder and scans every file it can check.
func (s *site) read(ctx context.Context, fsys fs.FS) error {
	err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err := cmp.Or(err, ctx.Err()); err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		p := &page{}
		switch ext := strings.ToLower(path.Ext(name)); {
		case ext == ".html" || ext == ".htm":
			p = scanPage(data)
			if line, b, bad := InvalidUTF8(data); bad {
				p.add(line, "encoding", fmt.Sprintf("byte 0x%02x is not valid UTF-8: browsers show a replacement character", b))
			}
			s.order = append(s.order, name)
		case ext == ".svg":
			p.ids = scanPage(data).ids
		case ext == ".css":
			p.refs = scanCSS(data)
		case name == "sitemap.xml":
			p.refs = scanPage(data).refs
		}
		p.size = len(data)
		s.files[name] = p
		return nil
	})
	if err != nil {
		return fmt.Errorf("checking site: %w", err)
	}
	slices.Sort(s.order)
	return nil
}

// InvalidUTF8 returns the line and value of data's first byte that is not
// UTF-8, and whether there is one, for page and source file errors alike.
func InvalidUTF8(data []byte) (line int, b byte, bad bool) {
	if utf8.Valid(data) {
		return 0, 0, false // without the copy of data the loop below makes
	}
	for i, r := range string(data) {
		if r == utf8.RuneError && !bytes.HasPrefix(data[i:], []byte("\uFFFD")) {
			return 1 + bytes.Count(data[:i], []byte("\n")), data[i], true
		}
	}
	return 0, 0, false
}

// checkTitles reports missing and shared titles, and missing descriptions
// and those chapter pages share.
func (s *site) checkTitles() {
	titles, descs := map[string][]string{}, map[string][]string{}
	for _, name := range s.order {
		p := s.files[name]
		titles[p.title] = append(titles[p.title], name)
		if p.sourceOf(0) != "" {
			descs[p.desc] = append(descs[p.desc], name)
		}
	}
	for _, name := range s.order {
		p := s.files[name]
		others := func(names []string) string {
			return strings.Join(slices.DeleteFunc(slices.Clone(names), func(n string) bool { return n == name }), ", ")
		}
		if strings.TrimSpace(p.title) == "" {
			p.add(p.titleLine, "title", "page has no <title> or an empty one")
		} else if o := others(titles[p.title]); o != "" {
			p.add(p.titleLine, "title", fmt.Sprintf("title %q is also the title of %s", p.title, o))
		}
		if strings.TrimSpace(p.desc) == "" {
			p.add(p.descLine, "description", `page has no <meta name="description"> or an empty one`)
		} else if o := others(descs[p.desc]); o != "" && p.sourceOf(0) != "" {
			p.add(p.descLine, "description", "description is also the description of "+o)
		}
	}
}
