package check

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/net/html"
)

// page is what one pass over a file found: all of this for an HTML page,
// the ids of an SVG file, the URLs of a stylesheet or the sitemap.
type page struct {
	size                int
	sources             []ref // data-source attributes: the one-page view has many
	title, desc         string
	titleLine, descLine int
	ids                 map[string]int // id -> line of its first use; nil if not scanned
	idRefs              []ref          // ids named by aria-labelledby, for and the like
	refs                []ref
	weight              int // bytes outside demo source
	budget              int // the page's own budget from <html data-budget>, or 0
	problems            []Problem
}

// sourceOf returns the source of the part of the page at line: that of the
// last data-source opened at or before it, else the page's first.
func (p *page) sourceOf(line int) string {
	src := ""
	for i, s := range p.sources {
		if i == 0 || s.line <= line {
			src = s.url
		}
	}
	return src
}

// add records a problem of the page; Run fills in its page and source.
func (p *page) add(line int, check, msg string) {
	p.problems = append(p.problems, Problem{Line: line, Check: check, Message: msg})
}

// elem is an open element on the scanner's stack.
type elem struct {
	name    string
	line    int
	foreign bool   // its content is SVG
	demo    bool   // in an element of class demo-source
	data    bool   // a <script> whose content is data, not code
	noAlt   string // for an outermost <svg> without a text alternative yet, the problem
}

// scanner tokenizes one page, keeping a stack of open elements so that
// each problem keeps its line, which a parsed tree would not. An end tag
// closes the elements opened since the one it names, void ones included.
type scanner struct {
	*page
	stack   []elem
	line    int  // line of the current token's start
	started bool // a doctype, tag or text came
	h1      int  // line of the first <h1>, or 0
	level   int  // level of the last heading, 0 before the first
	hLine   int  // line of the last heading
}

// scanPage reads an HTML page, or an SVG file for its ids, in one pass.
func scanPage(data []byte) *page {
	s := &scanner{page: &page{ids: map[string]int{}}, stack: []elem{{}}, line: 1}
	z := html.NewTokenizer(bytes.NewReader(data))
	for {
		tt, raw := z.Next(), z.Raw()
		// Measure raw before z.Token, which rewrites line ends in place.
		size, newlines, demo := len(raw), bytes.Count(raw, []byte("\n")), s.top().demo
		t := z.Token()
		if !s.started && tt != html.CommentToken && strings.TrimSpace(t.Data) != "" {
			if tt != html.DoctypeToken {
				s.add(s.line, "html", "page does not start with <!DOCTYPE html>, so browsers render it in quirks mode")
			}
			s.started = true
		}
		switch tt {
		case html.ErrorToken:
			if s.h1 == 0 {
				s.add(0, "heading", "page has no <h1>")
			}
			s.end("")
			for _, r := range s.idRefs {
				if _, ok := s.ids[r.url]; !ok {
					s.add(r.line, "id", fmt.Sprintf("%s names id %q, which is not in the page", r.what, r.url))
				}
			}
			return s.page
		case html.StartTagToken, html.SelfClosingTagToken:
			s.start(raw, t, tt == html.SelfClosingTagToken)
		case html.EndTagToken:
			s.end(t.Data)
		case html.TextToken:
			blank, top := strings.TrimSpace(t.Data) == "", s.top()
			switch {
			case top.name == "script" && !blank && !top.data:
				s.add(s.line, "csp", "inline <script> content: the CSP allows only scripts loaded from the site")
			case top.name == "title" && !top.foreign:
				s.title += t.Data
			case top.name == "title" && !blank:
				s.stack[len(s.stack)-2].noAlt = ""
			case top.name == "loc": // a page URL in the sitemap
				s.refs = append(s.refs, ref{url: t.Data, line: top.line, what: "<loc>"})
			}
		}
		if !demo && !s.top().demo {
			s.weight += size
		}
		s.line += newlines
	}
}

// top returns the innermost open element, or the zero elem under all.
func (s *scanner) top() *elem { return &s.stack[len(s.stack)-1] }

// start checks a start tag, its attributes and the rules of its element.
func (s *scanner) start(raw []byte, t html.Token, selfClosing bool) {
	name, line, parent := t.Data, s.line, s.top()
	seen := map[string]bool{}
	for _, m := range rawAttr.FindAllSubmatch(raw, -1) {
		a := strings.ToLower(string(m[1]))
		if seen[a] {
			s.add(line, "html", fmt.Sprintf("<%s> has the attribute %s twice: the parser keeps only the first", name, a))
		}
		seen[a] = true
	}
	e := elem{name: name, line: line, demo: parent.demo, foreign: parent.foreign || name == "svg"}
	attr := map[string]string{}
	for _, a := range t.Attr {
		attr[a.Key] = a.Val
	}
	for _, a := range t.Attr {
		what := fmt.Sprintf("<%s %s>", name, a.Key)
		kind, isURL := urlAttrs[name+" "+a.Key]
		switch {
		case a.Key == "id" && a.Val == "":
			s.add(line, "id", fmt.Sprintf("<%s> has an empty id", name))
		case a.Key == "id" && s.ids[a.Val] > 0:
			s.add(line, "id", fmt.Sprintf("id %q is already used at line %d", a.Val, s.ids[a.Val]))
		case a.Key == "id":
			s.ids[a.Val] = line
		case a.Key == "style":
			s.add(line, "csp", fmt.Sprintf(`<%s style="…">: the CSP forbids inline styles; use a class`, name))
		case strings.HasPrefix(a.Key, "on") && len(a.Key) > 2:
			s.add(line, "csp", fmt.Sprintf("<%s %s>: the CSP forbids inline event handlers", name, a.Key))
		case a.Key == "data-budget" && name == "html":
			if n, err := strconv.Atoi(a.Val); err != nil || n <= 0 {
				s.add(line, "weight", fmt.Sprintf("<html data-budget=%q>: want a number of bytes", a.Val))
			} else {
				s.budget = n
			}
		case a.Key == "data-source":
			s.sources = append(s.sources, ref{url: a.Val, line: line})
		case a.Key == "class":
			e.demo = e.demo || slices.Contains(strings.Fields(a.Val), "demo-source")
		case a.Key == "for" || a.Key == "aria-labelledby" || a.Key == "aria-describedby":
			for _, id := range strings.Fields(a.Val) {
				s.idRefs = append(s.idRefs, ref{url: id, line: line, what: what})
			}
		case isURL && (name != "input" || strings.EqualFold(attr["type"], "image")):
			if name == "link" {
				for _, rel := range strings.Fields(strings.ToLower(attr["rel"])) {
					kind = max(kind, linkRels[rel])
				}
			}
			urls := [][]string{{a.Val, a.Val}}
			if a.Key == "srcset" {
				urls = srcsetURL.FindAllStringSubmatch(a.Val, -1)
			}
			for _, m := range urls {
				s.refs = append(s.refs, ref{url: m[1], line: line, what: what, kind: kind})
			}
		}
	}
	alt, hasAlt := attr["alt"]
	switch name {
	case "img":
		if !hasAlt {
			s.add(line, "alt", fmt.Sprintf("<img src=%q> has no alt attribute (use alt=\"\" for decoration)", attr["src"]))
		} else if alt != "" && strings.TrimSpace(alt) == "" {
			s.add(line, "alt", fmt.Sprintf("<img src=%q> has a blank alt: describe the image, or use alt=\"\" for decoration", attr["src"]))
		}
	case "input":
		if strings.EqualFold(attr["type"], "image") && strings.TrimSpace(alt) == "" {
			s.add(line, "alt", `<input type="image"> has no alt text: it is a button, name what it does`)
		}
	case "script":
		e.data = strings.EqualFold(strings.TrimSpace(attr["type"]), "application/ld+json")
	case "style":
		s.add(line, "csp", "<style> element: the CSP forbids inline styles; use the site stylesheet")
	case "h1", "h2", "h3", "h4", "h5", "h6":
		// One <h1>, first, and no level skipped after it.
		level := int(name[1] - '0')
		switch {
		case level == 1 && s.h1 > 0:
			s.add(line, "heading", fmt.Sprintf("second <h1>: the page has one at line %d already", s.h1))
		case s.level == 0 && level != 1:
			s.add(line, "heading", fmt.Sprintf("the first heading is <%s>, not <h1>", name))
		case s.level > 0 && level > s.level+1:
			s.add(line, "heading", fmt.Sprintf("<%s> follows <h%d> (line %d), skipping a level", name, s.level, s.hLine))
		}
		if level == 1 && s.h1 == 0 {
			s.h1 = line
		}
		s.level, s.hLine = level, line
	case "title":
		if !parent.foreign && s.titleLine > 0 {
			s.add(line, "title", "page has more than one <title>")
		} else if !parent.foreign {
			s.titleLine = line
		}
	case "meta":
		if strings.EqualFold(attr["name"], "description") && s.descLine == 0 {
			s.desc, s.descLine = attr["content"], line
		}
		// Social cards' absolute URLs under the base URL must exist too.
		if prop := attr["property"]; prop == "og:url" || prop == "og:image" || prop == "twitter:image" {
			s.refs = append(s.refs, ref{url: attr["content"], line: line, what: fmt.Sprintf("<meta property=%q>", prop)})
		}
	case "svg":
		if role := attr["role"]; !parent.foreign && attr["aria-hidden"] != "true" && role != "none" && role != "presentation" &&
			strings.TrimSpace(attr["aria-label"]+attr["aria-labelledby"]) == "" {
			e.noAlt = `<svg> has no text alternative: give it role="img" and a <title>, or aria-hidden="true" if it is decoration`
			if role == "img" {
				e.noAlt = `<svg role="img"> has no <title>, aria-label or aria-labelledby`
			}
		}
	}
	s.stack = append(s.stack, e)
	if selfClosing && e.foreign {
		s.end(name)
	}
}

// end closes the innermost open element of that name and those opened
// inside it, reporting an outermost SVG left without a text alternative.
// The name "" closes all, the bottom elem included.
func (s *scanner) end(name string) {
	for i := len(s.stack) - 1; i >= 0; i-- {
		if s.stack[i].name == name {
			for _, e := range s.stack[i:] {
				if e.noAlt != "" {
					s.add(e.line, "alt", e.noAlt)
				}
			}
			s.stack = s.stack[:i]
			return
		}
	}
}

// rawAttr matches an attribute of a raw start tag: the tokenizer drops repeats.
var rawAttr = regexp.MustCompile(`[\s/]([^\s"'>/=]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?`)

// srcsetURL matches a srcset candidate as the HTML standard parses it: the
// URL runs to white space (a data: URL may hold commas), less the commas
// ending it, which end the candidate; else descriptors run to a comma.
var srcsetURL = regexp.MustCompile(`[\s,]*([^\s,]\S*?)(?:,+(?:\s|$)|\s+[^,]*|$)`)
