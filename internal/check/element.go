package check

import (
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/net/html"
)

// idListAttrs are the attributes whose value is a list of ids in the page.
var idListAttrs = map[string]bool{
	"aria-labelledby": true, "aria-describedby": true, "aria-controls": true,
	"aria-owns": true, "for": true, "headers": true, "list": true, "form": true,
}

// resourceRels are the <link> relations that make the browser fetch or
// connect: every other relation (canonical, alternate, next) is a link.
var resourceRels = map[string]bool{
	"stylesheet": true, "icon": true, "apple-touch-icon": true, "mask-icon": true,
	"manifest": true, "preload": true, "modulepreload": true, "prefetch": true,
	"preconnect": true, "dns-prefetch": true, "prerender": true,
}

// attrs checks the attributes every element may carry.
func (s *scanner) attrs(t html.Token, e *elem) {
	for _, a := range t.Attr {
		switch {
		case a.Key == "id":
			if a.Val == "" {
				s.p.add(s.line, "id", fmt.Sprintf("<%s> has an empty id", t.Data))
			} else if first, ok := s.p.ids[a.Val]; ok {
				s.p.add(s.line, "id", fmt.Sprintf("id %q is already used at line %d", a.Val, first))
			} else {
				s.p.ids[a.Val] = s.line
			}
		case a.Key == "style":
			s.p.add(s.line, "csp", fmt.Sprintf(`<%s style="…">: the CSP forbids inline styles; use a class`, t.Data))
		case strings.HasPrefix(a.Key, "on") && len(a.Key) > 2:
			s.p.add(s.line, "csp", fmt.Sprintf("<%s %s>: the CSP forbids inline event handlers", t.Data, a.Key))
		case a.Key == "data-budget" && t.Data == "html":
			n, err := strconv.Atoi(a.Val)
			if err != nil || n <= 0 {
				s.p.add(s.line, "weight", fmt.Sprintf("<html data-budget=%q>: want a number of bytes", a.Val))
			} else {
				s.p.budget = n
			}
		case a.Key == "data-source":
			if s.p.source == "" {
				s.p.source = a.Val
			}
			s.p.sources = append(s.p.sources, sourceAt{s.line, a.Val})
		case a.Key == "class":
			e.demo = e.demo || hasToken(a.Val, "demo-source")
		case idListAttrs[a.Key] && !(a.Key == "for" && t.Data == "label" && a.Val == ""):
			for _, id := range strings.Fields(a.Val) {
				s.p.idRefs = append(s.p.idRefs, ref{url: id, line: s.line, what: fmt.Sprintf("<%s %s>", t.Data, a.Key)})
			}
		}
	}
}

// element collects the references of one element and checks the rules
// that belong to a single element: alt text, scripts, styles, titles.
func (s *scanner) element(t html.Token, e *elem, foreign bool) {
	get := func(key string) (string, bool) {
		for _, a := range t.Attr {
			if a.Key == key {
				return a.Val, true
			}
		}
		return "", false
	}
	add := func(key string, resource, dataOK bool) {
		if v, ok := get(key); ok {
			s.p.refs = append(s.p.refs, ref{url: v, line: s.line, what: fmt.Sprintf("<%s %s>", t.Data, key), resource: resource, dataOK: dataOK})
		}
	}
	srcset := func() {
		v, _ := get("srcset")
		for _, u := range srcsetURLs(v) {
			s.p.refs = append(s.p.refs, ref{url: u, line: s.line, what: fmt.Sprintf("<%s srcset>", t.Data), resource: true, dataOK: true})
		}
	}
	if foreign {
		switch t.Data {
		case "a":
			add("href", false, false)
			add("xlink:href", false, false)
		case "image", "use", "feimage":
			add("href", true, true)
			add("xlink:href", true, true)
		case "style":
			s.p.add(s.line, "csp", "<style> element: the CSP forbids inline styles; use the site stylesheet")
		case "script":
			add("href", true, false)
		}
		return
	}
	switch t.Data {
	case "a", "area":
		add("href", false, false)
	case "link":
		rel, _ := get("rel")
		resource := false
		for _, r := range strings.Fields(strings.ToLower(rel)) {
			resource = resource || resourceRels[r]
		}
		n := len(s.p.refs)
		add("href", resource, false)
		if len(s.p.refs) > n && hasToken(strings.ToLower(rel), "stylesheet") {
			s.p.refs[n].sheet = true
		}
	case "img":
		add("src", true, true)
		srcset()
		if alt, ok := get("alt"); !ok {
			src, _ := get("src")
			s.p.add(s.line, "alt", fmt.Sprintf("<img src=%q> has no alt attribute (use alt=\"\" for decoration)", src))
		} else if alt != "" && strings.TrimSpace(alt) == "" {
			src, _ := get("src")
			s.p.add(s.line, "alt", fmt.Sprintf("<img src=%q> has a blank alt: describe the image, or use alt=\"\" for decoration", src))
		}
	case "input":
		if typ, _ := get("type"); strings.EqualFold(typ, "image") {
			add("src", true, true)
			if alt, _ := get("alt"); strings.TrimSpace(alt) == "" {
				s.p.add(s.line, "alt", `<input type="image"> has no alt text: it is a button, name what it does`)
			}
		}
	case "source":
		add("src", true, true)
		srcset()
	case "video":
		add("src", true, false)
		add("poster", true, true)
	case "audio", "track", "iframe", "embed":
		add("src", true, false)
	case "object":
		add("data", true, false)
	case "script":
		typ, _ := get("type")
		e.dataBlock = strings.EqualFold(strings.TrimSpace(typ), "application/ld+json")
		n := len(s.p.refs)
		add("src", true, false)
		if len(s.p.refs) > n {
			s.p.refs[n].script = true
		}
	case "style":
		s.p.add(s.line, "csp", "<style> element: the CSP forbids inline styles; use the site stylesheet")
	case "title":
		s.p.titles++
		if s.p.titles > 1 {
			s.p.add(s.line, "title", "page has more than one <title>")
		} else {
			s.p.titleLine = s.line
		}
	case "meta":
		if name, _ := get("name"); strings.EqualFold(name, "description") && !s.p.hasDesc {
			s.p.desc, _ = get("content")
			s.p.hasDesc, s.p.descLine = true, s.line
		}
		// Social cards name pages and images by absolute URL: those under
		// the base URL must exist too.
		switch prop, _ := get("property"); prop {
		case "og:url", "og:image", "twitter:image":
			if v, ok := get("content"); ok {
				s.p.refs = append(s.p.refs, ref{url: v, line: s.line, what: fmt.Sprintf("<meta property=%q>", prop)})
			}
		}
	case "svg":
		info := &svgInfo{}
		info.role, _ = get("role")
		hidden, _ := get("aria-hidden")
		info.hidden = hidden == "true"
		label, _ := get("aria-label")
		by, _ := get("aria-labelledby")
		info.named = strings.TrimSpace(label) != "" || strings.TrimSpace(by) != ""
		e.svg = info
	}
}

// hasToken reports whether the space-separated list has the token.
func hasToken(list, token string) bool {
	for _, f := range strings.Fields(list) {
		if f == token {
			return true
		}
	}
	return false
}

// srcsetURLs returns the URLs of a srcset attribute. As in the HTML
// standard's parser, a URL runs to the next white space (a data: URL may
// hold commas), a comma ending it is not part of it, and a candidate's
// descriptors run to the next comma.
func srcsetURLs(v string) []string {
	var urls []string
	for {
		v = strings.TrimLeft(v, " \t\n\r\f,")
		if v == "" {
			return urls
		}
		end := strings.IndexAny(v, " \t\n\r\f")
		if end < 0 {
			end = len(v)
		}
		u := v[:end]
		v = v[end:]
		if trimmed := strings.TrimRight(u, ","); trimmed != u {
			urls = append(urls, trimmed)
			continue // no descriptors
		}
		urls = append(urls, u)
		if i := strings.IndexByte(v, ','); i >= 0 {
			v = v[i+1:]
		} else {
			v = ""
		}
	}
}
