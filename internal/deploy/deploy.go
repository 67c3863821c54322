// Package deploy reads netlify.toml, the file that tells Netlify how to
// build the site and which headers to send with it, so that the local
// server (internal/serve) can send the same headers and the tests can run
// the same command.
//
// Only the parts the site uses are read: [build] (publish, command,
// environment), [context.NAME] overrides of the command and environment,
// and [[headers]] rules. Any other key is an error, so that a setting
// written for Netlify is never silently ignored here.
//
// A header rule's path pattern matches as in Netlify's headers parser:
// case-insensitive, with an optional trailing slash; a :name segment
// matches one path segment and a final * matches the rest of the path
// (the slash before it is optional: "/css/*" matches "/css" too).
// Netlify's servers ignore what follows a *, so that "/*.css" would match
// every path: Load rejects such a pattern. Every rule that matches a path
// applies, in file order, and a header set by several of them is sent with
// each value, as Netlify does: rules should not overlap.
//
// A value is a string or a list of strings, normalized as Netlify does: a
// list is joined with ", ", a string (a multi-line one included) has its
// line breaks and runs of blanks made one space and each comma followed by
// one space. Header names ignore case; headers Netlify sets itself
// (Content-Length, Date, Location...) are left out.
//
// Errors name the file and, for a syntax error, the line:
// "netlify.toml:4: expected value but found '\n' instead".
package deploy

import (
	"errors"
	"fmt"
	"io/fs"

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
	Rules []HeaderRule `toml:"-"`
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

// Load reads and parses netlify.toml at the root of fsys. When there is
// no such file, the error wraps fs.ErrNotExist.
func Load(fsys fs.FS) (*Config, error) {
	data, err := fs.ReadFile(fsys, File)
	if err != nil {
		return nil, fmt.Errorf("reading deploy configuration: %w", err)
	}
	var f struct {
		Config
		Headers []rawRule `toml:"headers"`
	}
	md, err := toml.Decode(string(data), &f)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, fmt.Errorf("%s:%d: %s", File, pe.Position.Line, pe.Message)
		}
		return nil, fmt.Errorf("%s: %w", File, err)
	}
	if keys := md.Undecoded(); len(keys) > 0 {
		return nil, fmt.Errorf("%s: unknown key %s", File, keys[0])
	}
	c := f.Config
	for i, raw := range f.Headers {
		r, err := headerRule(i+1, raw)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", File, err)
		}
		c.Rules = append(c.Rules, r)
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
