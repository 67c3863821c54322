// Package deploy reads netlify.toml, the file that tells Netlify how to
// build the site and which headers to send with it, so that the local
// server can send the same headers and the tests can run the same command.
//
// Only the parts the site uses are read: [build] (publish, command,
// environment), [context.NAME] overrides of the command and environment,
// and [[headers]] rules. Any other key is an error, so that a setting
// written for Netlify is never silently ignored here.
//
// A header rule's path pattern follows Netlify: a :name segment matches one
// path segment, a final * matches the rest of the path, and everything else
// matches itself. Netlify ignores what follows a *, so that "/*.css" would
// match every path: Load rejects such a pattern. Every rule that matches a
// path applies, in file order.
package deploy

import (
	"fmt"
	"io/fs"
	"net/http"
	"regexp"
	"strings"

	"github.com/BurntSushi/toml"
)

// File is the name of the configuration file at the root of the site.
const File = "netlify.toml"

// Config is the content of netlify.toml.
type Config struct {
	// Build is how every deploy builds, unless its context overrides.
	Build Build `toml:"build"`
	// Context holds overrides by deploy context: "production",
	// "deploy-preview", "branch-deploy" or a branch name.
	Context map[string]Build `toml:"context"`
	// Rules are the [[headers]] rules, in file order.
	Rules []HeaderRule `toml:"headers"`
}

// Build is a [build] or [context.NAME] table.
type Build struct {
	// Publish is the folder Netlify serves, relative to the repository.
	Publish string `toml:"publish"`
	// Command is the shell command that builds the site.
	Command string `toml:"command"`
	// Environment holds variables set for the command.
	Environment map[string]string `toml:"environment"`
}

// HeaderRule is one [[headers]] table.
type HeaderRule struct {
	// For is the path pattern.
	For string `toml:"for"`
	// Values are the headers to send, by name.
	Values map[string]string `toml:"values"`

	re *regexp.Regexp
}

// Load reads and parses netlify.toml at the root of fsys.
func Load(fsys fs.FS) (*Config, error) {
	data, err := fs.ReadFile(fsys, File)
	if err != nil {
		return nil, fmt.Errorf("reading deploy configuration: %w", err)
	}
	var c Config
	md, err := toml.Decode(string(data), &c)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", File, err)
	}
	if keys := md.Undecoded(); len(keys) > 0 {
		return nil, fmt.Errorf("%s: unknown key %s", File, keys[0])
	}
	for i := range c.Rules {
		r := &c.Rules[i]
		if !strings.HasPrefix(r.For, "/") {
			return nil, fmt.Errorf("%s: header rule for %q: the path must start with /", File, r.For)
		}
		if i := strings.IndexByte(r.For, '*'); i >= 0 && i != len(r.For)-1 {
			return nil, fmt.Errorf("%s: header rule for %q: Netlify ignores what follows *, so the rule would match more than it says", File, r.For)
		}
		r.re = pattern(r.For)
	}
	return &c, nil
}

// Command returns the build command of a deploy context, falling back to
// [build] when the context does not override it.
func (c *Config) Command(context string) string {
	if b, ok := c.Context[context]; ok && b.Command != "" {
		return b.Command
	}
	return c.Build.Command
}

// Headers returns the headers Netlify sends with the file at urlPath (as
// requested: "/threads/", "/style.b43b4657.css"). A header that several
// matching rules set gets each rule's value.
func (c *Config) Headers(urlPath string) http.Header {
	h := http.Header{}
	for _, r := range c.Rules {
		if !r.re.MatchString(urlPath) {
			continue
		}
		for k, v := range r.Values {
			h.Add(k, v)
		}
	}
	return h
}

// placeholder is a :name path segment.
var placeholder = regexp.MustCompile(`^:[A-Za-z0-9_]+`)

// pattern compiles a Netlify path pattern.
func pattern(p string) *regexp.Regexp {
	var b strings.Builder
	b.WriteString("^")
	for i := 0; i < len(p); {
		switch {
		case p[i] == '*': // only ever last: Load rejects the rest
			b.WriteString(".*")
			i++
		case p[i] == ':' && i > 0 && p[i-1] == '/' && placeholder.MatchString(p[i:]):
			b.WriteString("[^/]+")
			i += len(placeholder.FindString(p[i:]))
		default:
			j := i + 1
			for j < len(p) && p[j] != '*' && p[j] != ':' {
				j++
			}
			b.WriteString(regexp.QuoteMeta(p[i:j]))
			i = j
		}
	}
	b.WriteString("$")
	return regexp.MustCompile(b.String())
}
