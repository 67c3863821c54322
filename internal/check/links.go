package check

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"net/url"
	"path"
	"regexp"
	"strings"
)

// ref is one URL a page or stylesheet names.
type ref struct {
	url  string
	line int
	what string // where it was found: "<img src>", "@import", "url()"
	kind kind
}

// kind says what the browser does with a URL.
type kind int

const (
	link     kind = iota // followed by the reader
	resource             // fetched to render the page
	image                // fetched, and may be a data: URL, which the CSP allows
	sheet                // a stylesheet, whose bytes count towards the page weight
	script               // a script, whose bytes count too
)

// urlAttrs gives the kind of URL each "element attribute" holds; <link
// href> takes its kind from rel, and <input src> counts on type="image".
var urlAttrs = map[string]kind{
	"a href": link, "link href": link, "img src": image, "img srcset": image, "input src": image,
	"use href": image, "iframe src": resource, "script src": script,
}

// linkRels gives the kind of a <link href> by its rel, the greatest of its
// relations': those not listed (canonical, next, prev) are links.
var linkRels = map[string]kind{
	"stylesheet": sheet, "icon": resource, "manifest": resource, "preload": resource,
	"modulepreload": resource, "prefetch": resource, "preconnect": resource,
}

// parseBase parses Options.BaseURL, making its path start and end with "/".
func parseBase(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Host == "") != (u.Scheme == "") || (u.Host == "" && raw != "" && !strings.HasPrefix(u.Path, "/")) {
		return nil, fmt.Errorf("checking site: base URL %q is neither absolute nor a path from the root", raw)
	}
	u.Path = strings.TrimSuffix(path.Join("/", u.Path), "/") + "/"
	return u, nil
}

// errOutside is returned by resolve for a URL that leaves the site.
var errOutside = errors.New("outside the site")

// resolve turns a URL found in the file from into the path of the file it
// names. It returns errOutside when the URL points to another origin.
func (s *site) resolve(from string, u *url.URL) (string, error) {
	var rel string
	abs, dir := u.Scheme != "" || u.Host != "", strings.HasSuffix(u.Path, "/")
	switch {
	case abs && (s.base.Host == "" || !strings.EqualFold(u.Scheme, s.base.Scheme) || !strings.EqualFold(u.Host, s.base.Host)):
		return "", errOutside
	case abs || strings.HasPrefix(u.Path, "/"):
		p := u.Path
		if p == "" || p+"/" == s.base.Path {
			p, dir = s.base.Path, true
		}
		if !strings.HasPrefix(p, s.base.Path) {
			if abs {
				return "", errOutside
			}
			return "", fmt.Errorf("is outside the base path %s", s.base.Path)
		}
		rel = strings.TrimPrefix(p, s.base.Path)
	case u.Path == "":
		return from, nil
	default:
		rel = path.Join(path.Dir(from), u.Path)
		if rel == ".." || strings.HasPrefix(rel, "../") {
			return "", errors.New("goes above the site root")
		}
	}
	target := path.Clean("/" + rel)[1:]
	if index := path.Join(target, "index.html"); dir || target == "" || s.files[target] == nil && s.files[index] != nil {
		target = index
	}
	if s.files[target] == nil {
		return "", fmt.Errorf("names no file: %s does not exist", target)
	}
	return target, nil
}

// checkRef reports what is wrong with one reference from the file from;
// check is "" when nothing is.
func (s *site) checkRef(from string, r ref) (check, msg string) {
	raw := strings.TrimSpace(r.url)
	u, err := url.Parse(raw)
	if err != nil {
		return "link", fmt.Sprintf("%s %q is not a valid URL", r.what, raw)
	}
	data := u.Scheme == "data"
	switch {
	case u.Scheme == "javascript":
		return "csp", fmt.Sprintf("%s uses a javascript: URL, which the CSP forbids", r.what)
	case data && r.kind != link && r.kind != image:
		return "external", fmt.Sprintf("%s loads a data: URL, which the CSP forbids here", r.what)
	case data || (raw == "" && r.kind == link):
		return "", ""
	case raw == "":
		return "link", fmt.Sprintf("%s is empty", r.what)
	case from == "404.html" && u.Scheme == "" && u.Host == "" && u.Path != "" && !strings.HasPrefix(u.Path, "/"):
		return "link", fmt.Sprintf("%s %q is relative, but 404.html is served at any path: use a URL from the root", r.what, raw)
	}
	target, err := s.resolve(from, u)
	switch {
	case err == errOutside && r.kind != link:
		return "external", fmt.Sprintf("%s loads %q from outside the site", r.what, raw)
	case err == errOutside:
		return "", ""
	case err != nil:
		return "link", fmt.Sprintf("%s %q %v", r.what, raw, err)
	}
	ids := s.files[target].ids
	if _, found := ids[u.Fragment]; ids != nil && !found && u.Fragment != "" && u.Fragment != "top" {
		return "link", fmt.Sprintf("%s %q names no element: %s has no id %q", r.what, raw, target, u.Fragment)
	}
	return "", ""
}

// cssRef matches a comment, to skip it, or a URL in @import or url().
var cssRef = regexp.MustCompile(`(?i)(?s:/\*.*?\*/)|@import\s+(?:"([^"]*)"|'([^']*)')|(?:@import\s+)?url\(\s*(?:"([^"]*)"|'([^']*)'|([^)"'\s]*))\s*\)`)

// scanCSS returns the URLs a stylesheet names in @import and url(), but
// those naming parts of the page (url(#clip)).
func scanCSS(data []byte) []ref {
	var refs []ref
	for _, m := range cssRef.FindAllSubmatchIndex(data, -1) {
		u := string(cssRef.Expand(nil, []byte("$1$2$3$4$5"), data, m))
		if data[m[0]] == '/' || data[m[1]-1] == ')' && (u == "" || strings.HasPrefix(u, "#")) {
			continue
		}
		r := ref{url: u, line: 1 + bytes.Count(data[:m[0]], []byte("\n")), what: "url()", kind: image}
		if data[m[0]] == '@' {
			r.what, r.kind = "@import", sheet
		}
		refs = append(refs, r)
	}
	return refs
}

// checkWeight reports pages whose HTML, stylesheets and scripts exceed the budget.
func (s *site) checkWeight(budget int) {
	for _, name := range s.order {
		p := s.files[name]
		seen, size := map[string]bool{}, map[kind]int{} // size in bytes by kind
		var add func(from string, refs []ref)
		add = func(from string, refs []ref) {
			for _, r := range refs {
				u, err := url.Parse(strings.TrimSpace(r.url))
				if err != nil || (r.kind != sheet && r.kind != script) {
					continue
				}
				if target, err := s.resolve(from, u); err == nil && !seen[target] {
					seen[target] = true
					size[r.kind] += s.files[target].size
					add(target, s.files[target].refs) // a stylesheet's imports
				}
			}
		}
		add(name, p.refs)
		limit, css, js := cmp.Or(p.budget, budget), size[sheet], size[script]
		kb := func(n int) string { return fmt.Sprintf("%.1f KB", float64(n)/1000) }
		if total := p.weight + css + js; total > limit {
			p.add(0, "weight", fmt.Sprintf("page weighs %s (HTML %s + CSS %s + scripts %s without demo source), over the %s budget",
				kb(total), kb(p.weight), kb(css), kb(js), kb(limit)))
		}
	}
}
