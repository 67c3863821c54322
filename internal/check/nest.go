package check

import "fmt"

// set makes a lookup table of element names.
func set(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

var (
	// void elements have no content and no end tag.
	void = set("area", "base", "br", "col", "embed", "hr", "img", "input", "link",
		"meta", "param", "source", "track", "wbr")

	// closesP are the start tags before which the parser closes an open <p>
	// (the HTML standard's "in body" insertion mode).
	closesP = set("address", "article", "aside", "blockquote", "center", "details",
		"dialog", "dir", "div", "dl", "fieldset", "figcaption", "figure", "footer",
		"header", "hgroup", "main", "menu", "nav", "ol", "p", "search", "section",
		"summary", "ul", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "listing",
		"form", "li", "dd", "dt", "plaintext", "table", "hr", "xmp")

	// block elements may not appear where only phrasing content may.
	block = union(closesP, set("caption", "colgroup", "thead", "tbody", "tfoot",
		"tr", "td", "th"))

	// phrasingOnly elements may hold only phrasing (inline) content.
	phrasingOnly = set("span", "code", "em", "strong", "b", "i", "u", "s", "small",
		"sub", "sup", "abbr", "cite", "q", "dfn", "time", "mark", "kbd", "samp",
		"var", "bdi", "bdo", "label", "button", "output", "data", "h1", "h2", "h3",
		"h4", "h5", "h6", "pre", "p")

	// transparent elements take the content model of their parent.
	transparent = set("a", "ins", "del", "map", "object", "video", "audio",
		"canvas", "noscript", "slot")

	// pScope ends the search for an open <p> ("button scope").
	pScope = set("applet", "caption", "html", "table", "td", "th", "marquee",
		"object", "template", "button")

	// tableContext elements hold only table structure: the parser moves
	// anything else in front of the table.
	tableContext = set("table", "thead", "tbody", "tfoot", "tr", "colgroup")

	// childrenOf lists what a parent may directly hold.
	childrenOf = map[string]map[string]bool{
		"ul":       set("li", "script", "template"),
		"ol":       set("li", "script", "template"),
		"menu":     set("li", "script", "template"),
		"dl":       set("dt", "dd", "div", "script", "template"),
		"table":    set("caption", "colgroup", "thead", "tbody", "tfoot", "tr", "script", "template"),
		"thead":    set("tr", "script", "template"),
		"tbody":    set("tr", "script", "template"),
		"tfoot":    set("tr", "script", "template"),
		"tr":       set("td", "th", "script", "template"),
		"colgroup": set("col", "template"),
	}

	// breakout are the HTML start tags that end SVG or MathML content.
	breakout = set("b", "big", "blockquote", "body", "br", "center", "code", "dd",
		"div", "dl", "dt", "em", "embed", "h1", "h2", "h3", "h4", "h5", "h6",
		"head", "hr", "i", "img", "li", "listing", "menu", "meta", "nobr", "ol",
		"p", "pre", "ruby", "s", "small", "span", "strong", "strike", "sub",
		"sup", "table", "tt", "u", "ul", "var")
)

// union merges lookup tables.
func union(sets ...map[string]bool) map[string]bool {
	m := map[string]bool{}
	for _, s := range sets {
		for k := range s {
			m[k] = true
		}
	}
	return m
}

// nesting reports an HTML start tag that cannot go where it is: the
// parser would close or move elements to make room for it. One problem per
// tag is enough to find the mistake.
func (s *scanner) nesting(name string) {
	if closesP[name] {
		if p := s.open("p", pScope); p != nil {
			s.p.add(s.line, "html", fmt.Sprintf("<%s> cannot be inside <p> (line %d): the parser closes the <p> before it", name, p.line))
			return
		}
	}
	if block[name] {
		if in := s.inlineParent(); in != nil {
			s.p.add(s.line, "html", fmt.Sprintf("block element <%s> inside inline <%s> (line %d)", name, in.name, in.line))
			return
		}
	}
	if name == "a" {
		if a := s.open("a", nil); a != nil {
			s.p.add(s.line, "html", fmt.Sprintf("<a> inside <a> (line %d): the parser closes the outer link", a.line))
			return
		}
	}
	if len(s.stack) == 0 {
		return
	}
	parent := s.stack[len(s.stack)-1]
	if parent.foreign {
		return
	}
	if allowed, ok := childrenOf[parent.name]; ok && !allowed[name] {
		s.p.add(s.line, "html", fmt.Sprintf("<%s> directly inside <%s> (line %d), where it is not allowed", name, parent.name, parent.line))
		return
	}
	switch {
	case name == "li" && !(parent.name == "ul" || parent.name == "ol" || parent.name == "menu"):
		s.p.add(s.line, "html", fmt.Sprintf("<li> inside <%s> (line %d) instead of a list", parent.name, parent.line))
	case (name == "tr" || name == "td" || name == "th") && !tableContext[parent.name]:
		s.p.add(s.line, "html", fmt.Sprintf("<%s> outside a table: the parser drops the tag", name))
	}
}

// open returns the innermost open element called name, searching no
// further than an element of scope; nil if there is none.
func (s *scanner) open(name string, scope map[string]bool) *elem {
	for i := len(s.stack) - 1; i >= 0; i-- {
		e := &s.stack[i]
		if e.foreign {
			return nil
		}
		if e.name == name {
			return e
		}
		if scope[e.name] {
			return nil
		}
	}
	return nil
}

// inlineParent returns the element whose content model decides what may
// go here, when that element takes only phrasing content.
func (s *scanner) inlineParent() *elem {
	for i := len(s.stack) - 1; i >= 0; i-- {
		e := &s.stack[i]
		if transparent[e.name] {
			continue
		}
		if phrasingOnly[e.name] && !e.foreign {
			return e
		}
		return nil
	}
	return nil
}
