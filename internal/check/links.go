package check

import (
	"bytes"
	"errors"
	"fmt"
	"html"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strings"
)

// ref is one URL a page or stylesheet names.
type ref struct {
	url      string
	line     int
	what     string // where it was found: "<img src>", "@import", "url()"
	resource bool   // fetched to render the page, not followed by the reader
	dataOK   bool   // a data: URL is allowed (images, which the CSP permits)
	sheet    bool   // a stylesheet, whose bytes count towards the page weight
	script   bool   // a script, whose bytes count too
}

// baseURL is Options.BaseURL taken apart.
type baseURL struct {
	scheme, host string
	path         string // always starts and ends with "/"
}

// parseBase parses Options.BaseURL.
func parseBase(raw string) (baseURL, error) {
	if raw == "" {
		return baseURL{path: "/"}, nil
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Host == "") != (u.Scheme == "") || (u.Host == "" && !strings.HasPrefix(u.Path, "/")) {
		return baseURL{}, fmt.Errorf("checking site: base URL %q is neither absolute nor a path from the root", raw)
	}
	p := u.Path
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return baseURL{scheme: strings.ToLower(u.Scheme), host: strings.ToLower(u.Host), path: p}, nil
}

// errOutside is returned by resolve for a URL that leaves the site.
var errOutside = errors.New("outside the site")

// resolve turns a URL found in the file from into the path of the file it
// names. It returns errOutside when the URL points to another origin.
func (s *site) resolve(from string, u *url.URL) (string, error) {
	var rel string
	dir := strings.HasSuffix(u.Path, "/")
	switch {
	case u.Scheme != "" || u.Host != "":
		if s.base.host == "" || !strings.EqualFold(u.Scheme, s.base.scheme) || !strings.EqualFold(u.Host, s.base.host) {
			return "", errOutside
		}
		p := u.Path
		if p == "" || p+"/" == s.base.path {
			p, dir = s.base.path, true
		}
		if !strings.HasPrefix(p, s.base.path) {
			return "", errOutside
		}
		rel = strings.TrimPrefix(p, s.base.path)
	case u.Path == "":
		return from, nil
	case strings.HasPrefix(u.Path, "/"):
		p := u.Path
		if p+"/" == s.base.path {
			p, dir = s.base.path, true
		}
		if !strings.HasPrefix(p, s.base.path) {
			return "", fmt.Errorf("is outside the base path %s", s.base.path)
		}
		rel = strings.TrimPrefix(p, s.base.path)
	default:
		rel = path.Join(path.Dir(from), u.Path)
		if rel == ".." || strings.HasPrefix(rel, "../") {
			return "", errors.New("goes above the site root")
		}
	}
	target := path.Clean("/" + rel)[1:]
	if dir || target == "" {
		target = path.Join(target, "index.html")
	}
	if _, ok := s.files[target]; ok {
		return target, nil
	}
	if _, ok := s.files[path.Join(target, "index.html")]; ok && !dir {
		return path.Join(target, "index.html"), nil
	}
	return "", fmt.Errorf("names no file: %s does not exist", target)
}

// checkRef reports what is wrong with one reference from the file from;
// check is "" when nothing is.
func (s *site) checkRef(from string, r ref) (check, msg string) {
	raw := strings.TrimSpace(r.url)
	u, err := parseURL(raw)
	if err != nil {
		return "link", fmt.Sprintf("%s %q is not a valid URL", r.what, raw)
	}
	switch strings.ToLower(u.Scheme) {
	case "javascript":
		return "csp", fmt.Sprintf("%s uses a javascript: URL, which the CSP forbids", r.what)
	case "data":
		if r.resource && !r.dataOK {
			return "external", fmt.Sprintf("%s loads a data: URL, which the CSP forbids here", r.what)
		}
		return "", ""
	}
	if raw == "" {
		if r.resource {
			return "link", fmt.Sprintf("%s is empty", r.what)
		}
		return "", ""
	}
	if from == "404.html" && u.Scheme == "" && u.Host == "" && u.Path != "" && !strings.HasPrefix(u.Path, "/") {
		return "link", fmt.Sprintf("%s %q is relative, but 404.html is served at any path: use a URL from the root", r.what, raw)
	}
	target, err := s.resolve(from, u)
	if err == errOutside {
		if r.resource {
			return "external", fmt.Sprintf("%s loads %q from outside the site", r.what, raw)
		}
		return "", ""
	}
	if err != nil {
		return "link", fmt.Sprintf("%s %q %v", r.what, raw, err)
	}
	if u.Fragment == "" || u.Fragment == "top" {
		return "", ""
	}
	var ids map[string]int
	if p, ok := s.pages[target]; ok {
		ids = p.ids
	} else if svg, ok := s.svgIDs[target]; ok {
		ids = svg
	} else {
		return "", ""
	}
	if _, ok := ids[u.Fragment]; !ok {
		return "link", fmt.Sprintf("%s %q names no element: %s has no id %q", r.what, raw, target, u.Fragment)
	}
	return "", ""
}

// parseURL parses a URL as written in an attribute, around which HTML
// allows spaces.
func parseURL(raw string) (*url.URL, error) {
	return url.Parse(strings.TrimSpace(raw))
}

// checkRefs checks every reference of every page and stylesheet.
func (s *site) checkRefs() {
	for _, name := range s.order {
		p := s.pages[name]
		for _, r := range p.refs {
			if check, msg := s.checkRef(name, r); check != "" {
				p.add(r.line, check, msg)
			}
		}
	}
	for _, refs := range []map[string][]ref{s.css, s.sitemap} {
		names := make([]string, 0, len(refs))
		for name := range refs {
			names = append(names, name)
		}
		slices.Sort(names)
		for _, name := range names {
			for _, r := range refs[name] {
				if check, msg := s.checkRef(name, r); check != "" {
					s.problems = append(s.problems, Problem{Page: name, Line: r.line, Check: check, Message: msg})
				}
			}
		}
	}
}

// sitemapLoc matches a page URL in a sitemap.
var sitemapLoc = regexp.MustCompile(`<loc>\s*([^<]*?)\s*</loc>`)

// scanSitemap returns the page URLs of a sitemap, with their lines.
func scanSitemap(data []byte) []ref {
	var refs []ref
	for _, m := range sitemapLoc.FindAllSubmatchIndex(data, -1) {
		u := html.UnescapeString(string(data[m[2]:m[3]]))
		refs = append(refs, ref{url: u, line: 1 + bytes.Count(data[:m[0]], []byte("\n")), what: "<loc>"})
	}
	return refs
}
