package site

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/maphash"
	"html/template"
	"io/fs"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/concurrency-primer/site/internal/chart"
	"github.com/concurrency-primer/site/internal/markdown"
)

// layouts are the templates a theme must have besides layouts/base.html.
// Each one defines the blocks that base.html leaves open. A theme needs
// layouts/demo.html too when the site has demos (see parseDemoLayout).
var layouts = []string{"index", "chapter", "404"}

// themeFiles is a parsed theme: one template per kind of page, and the static
// files with the stylesheet already assembled.
type themeFiles struct {
	name       string
	pages      map[string]*template.Template
	static     map[string][]byte // output path -> content
	stylesheet string            // output path of the stylesheet
	ids        map[string]bool   // the fixed ids the layouts write
	// key tells the layouts and the stylesheet's name apart from every
	// other theme's, for the render cache; layouts hashes the layouts.
	key     string
	layouts maphash.Hash
}

// layoutID matches an id written literally in a layout, as id="main";
// ids made by the template itself, as id="{{.ID}}", hold braces.
var layoutID = regexp.MustCompile(`(?:^|\s)id="([^"{}]+)"`)

// reservedIDs returns the fixed ids of the layouts, sorted: a heading of a
// page must not take one.
func (t *themeFiles) reservedIDs() []string {
	return slices.Sorted(maps.Keys(t.ids))
}

// loadTheme parses the layouts of fsys and assembles its static files. name
// prefixes the theme's files in errors.
func loadTheme(ctx context.Context, fsys fs.FS, name string) (*themeFiles, error) {
	t := &themeFiles{name: name, pages: map[string]*template.Template{}, static: map[string][]byte{}, ids: map[string]bool{}}
	t.layouts.SetSeed(digestSeed)
	base, err := t.parse(ctx, fsys, template.New("base.html"), "base.html")
	if err != nil {
		return nil, err
	}
	for _, l := range layouts {
		c, err := base.Clone()
		if err != nil {
			return nil, fmt.Errorf("%s/layouts/%s.html: %w", name, l, err)
		}
		if t.pages[l], err = t.parse(ctx, fsys, c.New(l+".html"), l+".html"); err != nil {
			return nil, err
		}
	}
	if err := t.parseDemoLayout(ctx, fsys, base); err != nil {
		return nil, err
	}
	if err := t.loadStatic(ctx, fsys); err != nil {
		return nil, err
	}
	t.key = string(t.layouts.Sum(nil)) + t.stylesheet
	return t, nil
}

func (t *themeFiles) parse(ctx context.Context, fsys fs.FS, tmpl *template.Template, file string) (*template.Template, error) {
	data, err := readSource(ctx, fsys, "layouts/"+file)
	if err != nil {
		return nil, fmt.Errorf("%s/%w", t.name, err)
	}
	if _, err := tmpl.Parse(string(data)); err != nil {
		return nil, t.templateError(err)
	}
	t.layouts.WriteString(file + "\x00")
	t.layouts.Write(data)
	for _, m := range layoutID.FindAllSubmatch(data, -1) {
		t.ids[string(m[1])] = true
	}
	return tmpl, nil
}

// templateError rewrites html/template's "template: chapter.html:12: ..."
// into "theme/layouts/chapter.html:12: ...".
func (t *themeFiles) templateError(err error) error {
	msg := strings.TrimPrefix(err.Error(), "template: ")
	if file, rest, ok := strings.Cut(msg, ":"); ok && strings.HasSuffix(file, ".html") {
		return fmt.Errorf("%s/layouts/%s:%s", t.name, file, rest)
	}
	return fmt.Errorf("%s/layouts: %s", t.name, msg)
}

// loadStatic reads static/, joining style.css, demo.css, the code palettes
// and the charts' rules into one stylesheet named by its hash.
func (t *themeFiles) loadStatic(ctx context.Context, fsys fs.FS) error {
	var css bytes.Buffer
	sheets := map[string][]byte{}
	var readErr error
	err := fs.WalkDir(fsys, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := readSource(ctx, fsys, p)
		if err != nil {
			readErr = fmt.Errorf("%s/%w", t.name, err)
			return fs.SkipAll
		}
		rel := strings.TrimPrefix(p, "static/")
		if rel == "style.css" || rel == "demo.css" {
			sheets[rel] = data
			return nil
		}
		t.static[rel] = data
		return nil
	})
	if readErr != nil {
		return readErr
	}
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("reading %s/static: %w", t.name, err)
	}
	// The demo block's rules come after the site's, which they refine.
	for _, name := range []string{"style.css", "demo.css"} {
		css.Write(sheets[name])
		css.WriteString("\n")
	}
	code, err := markdown.CSS()
	if err != nil {
		return err
	}
	css.WriteString("\n")
	css.Write(code)
	// The charts' rules are appended too, so that the site keeps one
	// stylesheet.
	css.WriteString("\n")
	css.WriteString(chart.CSS)
	sum := sha256.Sum256(css.Bytes())
	t.stylesheet = "style." + hex.EncodeToString(sum[:4]) + ".css"
	t.static[t.stylesheet] = css.Bytes()
	return nil
}

// unwrapPath drops the *fs.PathError wrapper, whose path would repeat.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// execute runs the layout of kind with data into a buffer.
func (t *themeFiles) execute(kind string, data any) ([]byte, error) {
	var b bytes.Buffer
	if err := t.pages[kind].ExecuteTemplate(&b, "base.html", data); err != nil {
		return nil, t.templateError(err)
	}
	return b.Bytes(), nil
}

// executeNamed runs the template name, defined by base.html, with data.
func (t *themeFiles) executeNamed(name string, data any) ([]byte, error) {
	var b bytes.Buffer
	if err := t.pages["404"].ExecuteTemplate(&b, name, data); err != nil {
		return nil, t.templateError(err)
	}
	return b.Bytes(), nil
}

// parseDemoLayout parses layouts/demo.html when the theme has it: it
// defines "main" for a demo's page, "demo-block" for a directive (with a
// demoView) and "demo-files" for the body of a demo's page (with a
// demoPage). A theme without it can build only sites without demos.
func (t *themeFiles) parseDemoLayout(ctx context.Context, fsys fs.FS, base *template.Template) error {
	if _, err := fs.Stat(fsys, "layouts/demo.html"); err != nil {
		return nil
	}
	c, err := base.Clone()
	if err != nil {
		return fmt.Errorf("%s/layouts/demo.html: %w", t.name, err)
	}
	if t.pages["demo"], err = t.parse(ctx, fsys, c.New("demo.html"), "demo.html"); err != nil {
		return err
	}
	for _, name := range []string{"demo-block", "demo-files"} {
		if t.pages["demo"].Lookup(name) == nil {
			return fmt.Errorf("%s/layouts/demo.html: no template %q defined", t.name, name)
		}
	}
	return nil
}
