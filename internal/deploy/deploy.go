// Package deploy reads netlify.toml, which tells Netlify how to build the
// site and which headers to send, so that the local server sends the same
// headers. Any key Load does not know is an error, so that no setting
// written for Netlify is silently ignored here; header rules match paths
// and normalize values as Netlify's headers parser does, leaving out the
// headers Netlify sets itself.
package deploy

import (
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"regexp"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
)

// File is the name of the configuration file at the root of the site.
const File = "netlify.toml"

// Config is what the site's tools take from netlify.toml: the header rules.
type Config struct {
	rules []rule
}

// build is a [build] or [context.NAME] table, which only the tests read;
// the decoder matches its keys to the fields ignoring case.
type build struct {
	Publish, Command string
	Environment      map[string]string
}

// rule is one [[headers]] table, its values normalized.
type rule struct {
	re     *regexp.Regexp
	values http.Header
}

// restricted are the headers Netlify sets itself and ignores in rules.
var restricted = strings.Fields(`Accept-Ranges Age Allow Alt-Svc Connection Content-Encoding
	Content-Length Content-Range Date Location Server Set-Cookie Trailer Transfer-Encoding Upgrade`)

// Load reads and parses netlify.toml at the root of fsys. When there is
// no such file, the error wraps fs.ErrNotExist. A syntax error names its
// line: "netlify.toml:4: expected value but found '\n' instead".
func Load(fsys fs.FS) (*Config, error) {
	data, err := fs.ReadFile(fsys, File)
	if err != nil {
		return nil, fmt.Errorf("reading deploy configuration: %w", err)
	}
	var f struct {
		Build   build
		Context map[string]build
		Headers []struct {
			For    *string
			Values map[string]any
		}
	}
	md, err := toml.Decode(string(data), &f)
	var pe toml.ParseError
	switch {
	case errors.As(err, &pe):
		return nil, fmt.Errorf("%s:%d: %s", File, pe.Position.Line, pe.Message)
	case err != nil:
		return nil, fmt.Errorf("%s: %w", File, err)
	case len(md.Undecoded()) > 0:
		return nil, fmt.Errorf("%s: unknown key %s", File, md.Undecoded()[0])
	}
	c := &Config{}
	for i, h := range f.Headers {
		if h.For == nil {
			return nil, fmt.Errorf("%s: [[headers]] number %d: missing \"for\"", File, i+1)
		}
		p := strings.TrimSpace(*h.For)
		if !strings.HasPrefix(p, "/") {
			return nil, fmt.Errorf("%s: header rule for %q: the path must start with /", File, *h.For)
		}
		if i := strings.IndexByte(p, '*'); i >= 0 && i != len(p)-1 {
			return nil, fmt.Errorf("%s: header rule for %q: Netlify ignores what follows *, so the rule would match more than it says", File, *h.For)
		}
		r := rule{re: pattern(p), values: http.Header{}}
		for k, v := range h.Values {
			name := http.CanonicalHeaderKey(strings.TrimSpace(k))
			val, ok := headerValue(v)
			if !ok {
				return nil, fmt.Errorf("%s: header rule for %q: header %s: the value must be a string or a list of strings", File, *h.For, k)
			}
			if _, dup := r.values[name]; dup {
				return nil, fmt.Errorf("%s: header rule for %q: header %s set twice (names ignore case)", File, *h.For, name)
			}
			if name != "" && !slices.Contains(restricted, name) {
				r.values[name] = []string{val}
			}
		}
		c.rules = append(c.rules, r)
	}
	return c, nil
}

var commas = regexp.MustCompile(`\s*,\s*`)

// headerValue normalizes a value as Netlify does, and reports whether it
// is a string or a list of strings: a list is joined with ", ", a string
// has its runs of blanks made one space and a space after each comma.
func headerValue(v any) (string, bool) {
	if s, ok := v.(string); ok {
		return strings.Join(strings.Fields(commas.ReplaceAllString(s, ", ")), " "), true
	}
	list, ok := v.([]any)
	parts := make([]string, len(list))
	for i, x := range list {
		s, isString := x.(string)
		ok = ok && isString
		parts[i] = strings.Join(strings.Fields(s), " ")
	}
	return strings.Join(parts, ", "), ok
}

// pattern compiles a "for" path as Netlify's headers parser
// (netlify/build, packages/headers-parser) does: case-insensitive, with
// an optional trailing slash. As there, the slash before a lone "*" is
// optional, so "/css/*" also matches "/css" and "/cssx/a.css".
func pattern(p string) *regexp.Regexp {
	var parts []string
	for _, seg := range strings.Split(p, "/") {
		seg = strings.TrimRight(seg, " \t")
		switch {
		case seg == "":
		case strings.HasPrefix(seg, ":"):
			parts = append(parts, `([^/]+)`)
		case seg == "*":
			parts = append(parts, `?(.*)`)
		default:
			parts = append(parts, strings.ReplaceAll(regexp.QuoteMeta(seg), `\*`, `(.*)`))
		}
	}
	return regexp.MustCompile(`(?i)^/` + strings.Join(parts, "/") + `/?$`)
}

// Headers returns the headers Netlify sends with the file at urlPath (as
// requested: "/threads/", "/style.b43b4657.css"), a header that several
// matching rules set having each rule's value, in file order.
func (c *Config) Headers(urlPath string) http.Header {
	h := http.Header{}
	for _, r := range c.rules {
		if r.re.MatchString(urlPath) {
			for name, v := range r.values {
				h[name] = append(h[name], v...)
			}
		}
	}
	return h
}
