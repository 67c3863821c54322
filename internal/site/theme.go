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
	"regexp"
	"slices"
	"strings"

	"github.com/concurrency-primer/site/internal/chart"
	"github.com/concurrency-primer/site/internal/markdown"
)

// themeFiles is a parsed theme: a template per kind of page and the
// static files.
type themeFiles struct {
	name       string
	pages      map[string]*template.Template
	static     map[string][]byte // output path -> content
	stylesheet string            // output path of the stylesheet
	ids        map[string]bool   // the fixed ids the layouts write
	key        string            // the layouts' and stylesheet's, for the render cache
}

// layoutID matches an id written literally in a layout, not id="{{.ID}}".
var layoutID = regexp.MustCompile(`(?:^|\s)id="([^"{}]+)"`)

// loadTheme parses the layouts of fsys, each filling the blocks of
// base.html, and reads its static files.
func loadTheme(ctx context.Context, fsys fs.FS, name string) (*themeFiles, error) {
	t := &themeFiles{name: name, pages: map[string]*template.Template{}, static: map[string][]byte{}, ids: map[string]bool{}}
	var h maphash.Hash
	h.SetSeed(digestSeed)
	parse := func(tmpl *template.Template, file string) (*template.Template, error) {
		data, err := readSource(ctx, fsys, "layouts/"+file)
		if err != nil {
			return nil, fmt.Errorf("%s/%w", t.name, err)
		}
		if _, err := tmpl.Parse(string(data)); err != nil {
			return nil, t.templateError(err)
		}
		h.WriteString(file + "\x00")
		h.Write(data)
		for _, m := range layoutID.FindAllSubmatch(data, -1) {
			t.ids[string(m[1])] = true
		}
		return tmpl, nil
	}
	base, err := parse(template.New("base.html"), "base.html")
	if err != nil {
		return nil, err
	}
	layouts := []string{"index", "chapter", "404"}
	if _, err := fs.Stat(fsys, "layouts/demo.html"); err == nil {
		layouts = append(layouts, "demo")
	}
	for _, l := range layouts {
		// Clone fails only for a template already executed.
		if t.pages[l], err = parse(template.Must(base.Clone()).New(l+".html"), l+".html"); err != nil {
			return nil, err
		}
	}
	for _, block := range []string{"demo-block", "demo-files"} {
		if d := t.pages["demo"]; d != nil && d.Lookup(block) == nil {
			return nil, fmt.Errorf("%s/layouts/demo.html: no template %q defined", t.name, block)
		}
	}
	// The stylesheet joins style.css, demo.css, the code palettes and the
	// charts' rules, named by its hash.
	err = fs.WalkDir(fsys, "static", func(p string, d fs.DirEntry, err error) error {
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return nil
		case err != nil:
			return fmt.Errorf("reading %s/static: %w", t.name, err)
		case d.IsDir():
			return nil
		}
		data, err := readSource(ctx, fsys, p)
		if err != nil {
			return fmt.Errorf("%s/%w", t.name, err)
		}
		t.static[strings.TrimPrefix(p, "static/")] = data
		return nil
	})
	if err != nil {
		return nil, err
	}
	code := markdown.CSS()
	// The demo block's rules come after the site's, which they refine.
	css := slices.Concat(t.static["style.css"], []byte("\n"), t.static["demo.css"], []byte("\n\n"), code, []byte("\n"+chart.CSS))
	delete(t.static, "style.css")
	delete(t.static, "demo.css")
	sum := sha256.Sum256(css)
	t.stylesheet = "style." + hex.EncodeToString(sum[:4]) + ".css"
	t.static[t.stylesheet] = css
	t.key = string(h.Sum(nil)) + t.stylesheet
	return t, nil
}

// templateError words template errors as theme/layouts/chapter.html:12: ...
func (t *themeFiles) templateError(err error) error {
	msg := strings.TrimPrefix(err.Error(), "template: ")
	if file, rest, ok := strings.Cut(msg, ":"); ok && strings.HasSuffix(file, ".html") {
		return fmt.Errorf("%s/layouts/%s:%s", t.name, file, rest)
	}
	return fmt.Errorf("%s/layouts: %s", t.name, msg)
}

// execute runs the template name of the layout of kind with data.
func (t *themeFiles) execute(kind, name string, data any) ([]byte, error) {
	var b bytes.Buffer
	if err := t.pages[kind].ExecuteTemplate(&b, name, data); err != nil {
		return nil, t.templateError(err)
	}
	return b.Bytes(), nil
}
