package serve

import (
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
)

// rule is one [[headers]] table of netlify.toml.
type rule struct {
	pattern string
	re      *regexp.Regexp
	names   []string // canonical, sorted
	values  map[string]string
}

// restricted are headers Netlify sets itself and ignores in custom rules.
var restricted = map[string]bool{
	"Accept-Ranges": true, "Age": true, "Allow": true, "Alt-Svc": true, "Connection": true,
	"Content-Encoding": true, "Content-Length": true, "Content-Range": true, "Date": true,
	"Location": true, "Server": true, "Set-Cookie": true, "Trailer": true,
	"Transfer-Encoding": true, "Upgrade": true,
}

// readHeaders reads the header rules of dir/netlify.toml; no file, no rules.
func readHeaders(dir string) ([]rule, error) {
	if dir == "" {
		return nil, nil
	}
	file := filepath.Join(dir, "netlify.toml")
	data, err := os.ReadFile(file)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading headers: %w", err)
	}
	rules, err := parseHeaders(file, data)
	if err != nil {
		return nil, fmt.Errorf("reading headers: %w", err)
	}
	return rules, nil
}

// parseHeaders reads the [[headers]] tables of a netlify.toml the way
// Netlify does: a value is a string or a list of strings; a list, or a
// string with commas, becomes one comma-separated value; line breaks in a
// multi-line string become spaces.
func parseHeaders(file string, data []byte) ([]rule, error) {
	var cfg struct {
		Headers []struct {
			For    *string        `toml:"for"`
			Values map[string]any `toml:"values"`
		} `toml:"headers"`
	}
	if _, err := toml.Decode(string(data), &cfg); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, fmt.Errorf("%s:%d: %s", file, pe.Position.Line, pe.Message)
		}
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	var rules []rule
	for i, h := range cfg.Headers {
		if h.For == nil {
			return nil, fmt.Errorf("%s: [[headers]] number %d: missing \"for\"", file, i+1)
		}
		r := rule{pattern: strings.TrimSpace(*h.For), values: map[string]string{}}
		r.re = forRegexp(r.pattern)
		for k, v := range h.Values {
			name := http.CanonicalHeaderKey(strings.TrimSpace(k))
			val, ok := headerValue(v)
			if !ok {
				return nil, fmt.Errorf("%s: [[headers]] for %q: header %s: value must be a string or a list of strings", file, r.pattern, k)
			}
			if name == "" || restricted[name] {
				continue
			}
			r.values[name] = val
			r.names = append(r.names, name)
		}
		slices.Sort(r.names)
		rules = append(rules, r)
	}
	return rules, nil
}

var commas = regexp.MustCompile(`\s*,\s*`)

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

// forRegexp turns a "for" path into a regular expression as Netlify's
// headers parser (netlify/build, packages/headers-parser) does:
// case-insensitive, an optional trailing slash, ":name" matching one
// segment, a segment "*" matching anything including further segments, and
// "*" inside a segment matching anything. As there, the slash before a lone
// "*" is optional, so "/css/*" also matches "/cssx/a.css".
func forRegexp(pattern string) *regexp.Regexp {
	var parts []string
	for _, p := range strings.Split(pattern, "/") {
		p = strings.TrimRight(p, " \t")
		switch {
		case p == "":
			continue
		case strings.HasPrefix(p, ":"):
			parts = append(parts, `([^/]+)`)
		case p == "*":
			parts = append(parts, `?(.*)`)
		default:
			lit := strings.Split(p, "*")
			for i := range lit {
				lit[i] = regexp.QuoteMeta(lit[i])
			}
			parts = append(parts, strings.Join(lit, `(.*)`))
		}
	}
	return regexp.MustCompile(`(?i)^/` + strings.Join(parts, "/") + `/?$`)
}

// applyHeaders sets the values of every rule matching the request path, in
// file order: a later rule's value for the same header replaces an
// earlier one.
func applyHeaders(h http.Header, rules []rule, urlPath string) {
	for _, r := range rules {
		if !r.re.MatchString(urlPath) {
			continue
		}
		for _, name := range r.names {
			h.Set(name, r.values[name])
		}
	}
}
