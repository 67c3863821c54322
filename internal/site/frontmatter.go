package site

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/token"
)

// frontMatter is the YAML header of a chapter.
type frontMatter struct {
	Title       string `yaml:"title"`
	Description string `yaml:"description"`
	Weight      int    `yaml:"weight"`
	Draft       bool   `yaml:"draft"`
	Slug        string `yaml:"slug"`
	slugLine    int    // the file line of the slug key, or 0
}

// splitFrontMatter parses the front matter of file and returns the
// Markdown body and the file line it starts on.
func splitFrontMatter(file string, data []byte) (frontMatter, []byte, int, error) {
	var fm frontMatter
	rest, ok := bytes.CutPrefix(bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n")), []byte("---\n"))
	if !ok {
		return fm, nil, 0, fmt.Errorf("%s:1: front matter: want a first line of ---, then title: and the other keys, then ---", file)
	}
	off := 0
	for i, l := range bytes.SplitAfter(rest, []byte("\n")) {
		if string(bytes.TrimRight(l, " \t\n")) == "---" {
			err := yaml.UnmarshalWithOptions(rest[:off], &fm, yaml.DisallowUnknownField(), yaml.Strict())
			// YAML counts lines from the front matter's first; the file from its ---.
			var te *yaml.TypeError
			var ye interface {
				GetToken() *token.Token
				GetMessage() string
			}
			switch {
			case errors.As(err, &te) && te.Token != nil:
				key := ""
				if te.StructFieldName != nil {
					name := *te.StructFieldName
					key = strings.ToLower(name[strings.LastIndex(name, ".")+1:]) + ": "
				}
				want := map[reflect.Kind]string{reflect.Int: "a whole number", reflect.Bool: "true or false", reflect.String: "text"}[te.DstType.Kind()]
				return fm, nil, 0, fmt.Errorf("%s:%d: front matter: %s%q: want %s", file, te.Token.Position.Line+1, key, te.Token.Value, want)
			case errors.As(err, &ye) && ye.GetToken() != nil:
				return fm, nil, 0, fmt.Errorf("%s:%d: front matter: %s", file, ye.GetToken().Position.Line+1, ye.GetMessage())
			case err != nil:
				return fm, nil, 0, fmt.Errorf("%s:2: front matter: %v", file, err)
			case fm.Title == "":
				return fm, nil, 0, fmt.Errorf("%s:1: front matter: missing title", file)
			}
			return fm, rest[off+len(l):], i + 3, nil
		}
		if k, _, ok := bytes.Cut(l, []byte(":")); ok && string(bytes.TrimRight(k, " \t")) == "slug" {
			fm.slugLine = i + 2
		}
		off += len(l)
	}
	return fm, nil, 0, fmt.Errorf("%s:1: front matter: no closing --- line", file)
}
