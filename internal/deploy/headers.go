package deploy

import (
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
)

// HeaderRule is one [[headers]] table.
type HeaderRule struct {
	// For is the path pattern, as written.
	For string
	// Values are the headers to send, by canonical name, each normalized
	// as Netlify does (see the package comment). Headers Netlify sets
	// itself are left out.
	Values map[string]string

	re    *regexp.Regexp
	names []string // the keys of Values, sorted
}

// rawRule is a [[headers]] table as written in the file.
type rawRule struct {
	For    *string        `toml:"for"`
	Values map[string]any `toml:"values"`
}

// restricted are the headers Netlify sets itself and ignores in rules.
var restricted = map[string]bool{
	"Accept-Ranges": true, "Age": true, "Allow": true, "Alt-Svc": true, "Connection": true,
	"Content-Encoding": true, "Content-Length": true, "Content-Range": true, "Date": true,
	"Location": true, "Server": true, "Set-Cookie": true, "Trailer": true,
	"Transfer-Encoding": true, "Upgrade": true,
}

// headerRule checks and compiles the n-th (from 1) [[headers]] table.
func headerRule(n int, raw rawRule) (HeaderRule, error) {
	if raw.For == nil {
		return HeaderRule{}, fmt.Errorf("[[headers]] number %d: missing \"for\"", n)
	}
	r := HeaderRule{For: *raw.For, Values: map[string]string{}}
	p := strings.TrimSpace(r.For)
	if !strings.HasPrefix(p, "/") {
		return HeaderRule{}, fmt.Errorf("header rule for %q: the path must start with /", r.For)
	}
	if i := strings.IndexByte(p, '*'); i >= 0 && i != len(p)-1 {
		return HeaderRule{}, fmt.Errorf("header rule for %q: Netlify ignores what follows *, so the rule would match more than it says", r.For)
	}
	r.re = pattern(p)
	for k, v := range raw.Values {
		name := http.CanonicalHeaderKey(strings.TrimSpace(k))
		val, ok := headerValue(v)
		if !ok {
			return HeaderRule{}, fmt.Errorf("header rule for %q: header %s: the value must be a string or a list of strings", r.For, k)
		}
		if name == "" || restricted[name] {
			continue
		}
		if _, dup := r.Values[name]; dup {
			return HeaderRule{}, fmt.Errorf("header rule for %q: header %s set twice (names ignore case)", r.For, name)
		}
		r.Values[name] = val
		r.names = append(r.names, name)
	}
	slices.Sort(r.names)
	return r, nil
}

var commas = regexp.MustCompile(`\s*,\s*`)

// headerValue normalizes a value: a string has its line breaks and runs of
// blanks made one space and its commas followed by one space; a list of
// strings is joined with ", ".
func headerValue(v any) (string, bool) {
	switch v := v.(type) {
	case string:
		return strings.Join(strings.Fields(commas.ReplaceAllString(strings.TrimSpace(v), ", ")), " "), true
	case []any:
		var parts []string
		for _, x := range v {
			s, ok := x.(string)
			if !ok {
				return "", false
			}
			parts = append(parts, strings.Join(strings.Fields(s), " "))
		}
		return strings.Join(parts, ", "), true
	}
	return "", false
}

// pattern compiles a "for" path as Netlify's headers parser
// (netlify/build, packages/headers-parser) does: case-insensitive, an
// optional trailing slash, ":name" matching one segment, a segment "*"
// matching anything including further segments, and "*" inside a segment
// matching anything. As there, the slash before a lone "*" is optional, so
// "/css/*" also matches "/css" and "/cssx/a.css".
func pattern(p string) *regexp.Regexp {
	var parts []string
	for _, seg := range strings.Split(p, "/") {
		seg = strings.TrimRight(seg, " \t")
		switch {
		case seg == "":
			continue
		case strings.HasPrefix(seg, ":"):
			parts = append(parts, `([^/]+)`)
		case seg == "*":
			parts = append(parts, `?(.*)`)
		default:
			lit := strings.Split(seg, "*")
			for i := range lit {
				lit[i] = regexp.QuoteMeta(lit[i])
			}
			parts = append(parts, strings.Join(lit, `(.*)`))
		}
	}
	return regexp.MustCompile(`(?i)^/` + strings.Join(parts, "/") + `/?$`)
}

// Headers returns the headers Netlify sends with the file at urlPath (as
// requested: "/threads/", "/style.b43b4657.css"). Every rule that matches
// applies, in file order; a header that several matching rules set gets
// each rule's value, as Netlify sends them all.
func (c *Config) Headers(urlPath string) http.Header {
	h := http.Header{}
	for _, r := range c.Rules {
		if !r.re.MatchString(urlPath) {
			continue
		}
		for _, name := range r.names {
			h[name] = append(h[name], r.Values[name])
		}
	}
	return h
}
