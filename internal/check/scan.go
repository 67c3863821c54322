package check

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"

	"golang.org/x/net/html"
)

// page is what one pass over an HTML page found.
type page struct {
	source string // the data-source attribute, if any
	// sources lists every data-source attribute with the line it opens
	// at: a page made of several chapters (the one-page view) names the
	// chapter each problem comes from.
	sources   []sourceAt
	title     string
	titleLine int
	titles    int // <title> elements outside SVG
	desc      string
	descLine  int
	hasDesc   bool
	ids       map[string]int // id -> line of its first use
	idRefs    []ref          // ids named by aria-labelledby, for and the like
	refs      []ref
	weight    int // bytes outside demo source
	budget    int // the page's own budget from <html data-budget>, or 0
	problems  []Problem
}

// sourceAt is a data-source attribute and the line of its element.
type sourceAt struct {
	line int
	src  string
}

// sourceOf returns the source of the part of the page at line: that of the
// last element with a data-source opened at or before it, else the page's.
func (p *page) sourceOf(line int) string {
	src := p.source
	for _, s := range p.sources {
		if s.line > line {
			break
		}
		src = s.src
	}
	return src
}

// add records a problem of the page; Run fills in its page and source.
func (p *page) add(line int, check, msg string) {
	p.problems = append(p.problems, Problem{Line: line, Check: check, Message: msg})
}

// elem is an open element on the scanner's stack.
type elem struct {
	name      string
	line      int
	foreign   bool     // SVG or MathML, where HTML content rules do not apply
	demo      bool     // has class demo-source
	dataBlock bool     // a <script> whose content is data, not code
	svg       *svgInfo // on an outermost <svg>
}

// svgInfo collects what an outermost <svg> offers as a text alternative.
type svgInfo struct {
	role   string
	named  bool // a non-empty <title>, aria-label or aria-labelledby
	hidden bool
}

// scanner tokenizes one page, tracking the open elements itself so that
// each problem keeps the line it is on, which a parsed tree does not.
type scanner struct {
	p       *page
	stack   []elem
	line    int // line of the current token's start
	demo    int // open elements with class demo-source
	started bool
	doctype bool
	h1      int // line of the first <h1>, or 0
	level   int // level of the last heading, 0 before the first
	hLine   int // line of the last heading
}

// scanPage reads an HTML page in one pass.
func scanPage(data []byte) *page {
	s := &scanner{p: &page{ids: map[string]int{}}, line: 1}
	z := html.NewTokenizer(bytes.NewReader(data))
	for {
		z.AllowCDATA(s.inForeign())
		tt := z.Next()
		raw := z.Raw()
		size, newlines := len(raw), bytes.Count(raw, []byte("\n"))
		before := s.demo > 0
		switch tt {
		case html.ErrorToken:
			s.finish()
			return s.p
		case html.DoctypeToken:
			s.doctype = true
		case html.StartTagToken, html.SelfClosingTagToken:
			s.begin()
			dups := duplicateAttrs(raw)
			s.start(z.Token(), dups, tt == html.SelfClosingTagToken)
		case html.EndTagToken:
			s.begin()
			s.end(z.Token().Data)
		case html.TextToken:
			s.text(z.Token().Data)
		}
		if !before && s.demo == 0 {
			s.p.weight += size
		}
		s.line += newlines
	}
}

// begin reports a page whose first tag comes before any doctype.
func (s *scanner) begin() {
	if !s.started && !s.doctype {
		s.p.add(s.line, "html", "page does not start with <!DOCTYPE html>, so browsers render it in quirks mode")
	}
	s.started = true
}

// inForeign reports whether the current insertion point is SVG or MathML.
func (s *scanner) inForeign() bool {
	if len(s.stack) == 0 {
		return false
	}
	top := s.stack[len(s.stack)-1]
	return top.foreign && top.name != "foreignobject"
}

// start handles a start tag. The stack it keeps is only as good as the
// checks need: it knows void elements and self-closing SVG, and leaves
// the rest of the parser's repairs to the validators.
func (s *scanner) start(t html.Token, dups []string, selfClosing bool) {
	name := t.Data
	foreign := s.inForeign()
	for _, a := range dups {
		s.p.add(s.line, "html", fmt.Sprintf("<%s> has the attribute %s twice: the parser keeps only the first", name, a))
	}
	e := elem{name: name, line: s.line, foreign: foreign || name == "svg" || name == "math"}
	if !foreign {
		s.heading(name)
	}
	s.attrs(t, &e)
	s.element(t, &e, foreign)
	if (void[name] && !foreign) || (selfClosing && e.foreign) {
		if e.svg != nil {
			s.closeSVG(e)
		}
		return
	}
	s.stack = append(s.stack, e)
	if e.demo {
		s.demo++
	}
}

// end handles an end tag: it closes the innermost open element of that
// name and those opened inside it, and is ignored when none is open.
func (s *scanner) end(name string) {
	i := len(s.stack) - 1
	for i >= 0 && s.stack[i].name != name {
		i--
	}
	for i >= 0 && len(s.stack) > i {
		s.pop()
	}
}

// void elements have no content and no end tag.
var void = map[string]bool{
	"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true,
	"img": true, "input": true, "link": true, "meta": true, "param": true,
	"source": true, "track": true, "wbr": true,
}

// heading checks the outline: one <h1>, first, and no heading more than
// one level below the one before it, so that a screen reader's list of
// headings reads as a table of contents.
func (s *scanner) heading(name string) {
	if len(name) != 2 || name[0] != 'h' || name[1] < '1' || name[1] > '6' {
		return
	}
	level := int(name[1] - '0')
	switch {
	case level == 1 && s.h1 > 0:
		s.p.add(s.line, "heading", fmt.Sprintf("second <h1>: the page has one at line %d already", s.h1))
	case s.level == 0 && level != 1:
		s.p.add(s.line, "heading", fmt.Sprintf("the first heading is <%s>, not <h1>", name))
	case s.level > 0 && level > s.level+1:
		s.p.add(s.line, "heading", fmt.Sprintf("<%s> follows <h%d> (line %d), skipping a level", name, s.level, s.hLine))
	}
	if level == 1 && s.h1 == 0 {
		s.h1 = s.line
	}
	s.level, s.hLine = level, s.line
}

// pop closes the innermost open element.
func (s *scanner) pop() {
	e := s.stack[len(s.stack)-1]
	s.stack = s.stack[:len(s.stack)-1]
	if e.demo {
		s.demo--
	}
	if e.svg != nil {
		s.closeSVG(e)
	}
}

// text handles character data.
func (s *scanner) text(data string) {
	blank := strings.TrimSpace(data) == ""
	if !blank {
		s.begin()
	}
	if len(s.stack) == 0 {
		return
	}
	top := s.stack[len(s.stack)-1]
	switch {
	case top.name == "script":
		if !blank && !top.dataBlock {
			s.p.add(s.line, "csp", "inline <script> content: the CSP allows only scripts loaded from the site")
		}
	case top.name == "title" && !top.foreign:
		s.p.title += data
	case top.name == "title" && !blank && len(s.stack) > 1:
		if parent := s.stack[len(s.stack)-2]; parent.svg != nil {
			parent.svg.named = true
		}
	}
}

// finish reports what is still open at the end of the page and checks the
// ids that attributes name.
func (s *scanner) finish() {
	if s.h1 == 0 {
		s.p.add(0, "heading", "page has no <h1>")
	}
	for len(s.stack) > 0 {
		s.pop()
	}
	for _, r := range s.p.idRefs {
		if _, ok := s.p.ids[r.url]; !ok {
			s.p.add(r.line, "id", fmt.Sprintf("%s names id %q, which is not in the page", r.what, r.url))
		}
	}
}

// closeSVG reports an outermost SVG without a text alternative.
func (s *scanner) closeSVG(e elem) {
	info := e.svg
	switch {
	case info.hidden || info.role == "none" || info.role == "presentation":
	case info.role == "img" && !info.named:
		s.p.add(e.line, "alt", `<svg role="img"> has no <title>, aria-label or aria-labelledby`)
	case !info.named:
		s.p.add(e.line, "alt", `<svg> has no text alternative: give it role="img" and a <title>, or aria-hidden="true" if it is decoration`)
	}
}

// rawAttr matches one attribute of a raw start tag.
var rawAttr = regexp.MustCompile(`[\s/]([^\s"'>/=]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?`)

// duplicateAttrs returns the attribute names a raw start tag repeats. The
// tokenizer drops repeats, as the parser does, so they are found here.
func duplicateAttrs(raw []byte) []string {
	tag := raw[1:] // after "<"
	if i := bytes.IndexAny(tag, " \t\n\f\r/>"); i >= 0 {
		tag = tag[i:]
	}
	seen := map[string]bool{}
	var dups []string
	for _, m := range rawAttr.FindAllSubmatch(tag, -1) {
		name := strings.ToLower(string(m[1]))
		if seen[name] {
			dups = append(dups, name)
		}
		seen[name] = true
	}
	return dups
}

// scanIDs returns the ids of an SVG file, for links to its fragments.
func scanIDs(data []byte) map[string]int {
	ids := map[string]int{}
	z := html.NewTokenizer(bytes.NewReader(data))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ids
		case html.StartTagToken, html.SelfClosingTagToken:
			for _, a := range z.Token().Attr {
				if a.Key == "id" {
					ids[a.Val] = 0
				}
			}
		}
	}
}
