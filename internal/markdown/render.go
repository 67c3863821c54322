package markdown

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"runtime"
	"sync"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// nodeRenderer renders what this package changes in goldmark's HTML:
// highlighted code, headings with anchor links, demos and numbers.
type nodeRenderer struct{}

func (r nodeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindFencedCodeBlock, r.codeBlock)
	reg.Register(ast.KindCodeBlock, r.codeBlock)
	reg.Register(ast.KindHeading, r.heading)
	reg.Register(kindDemo, r.demo)
	reg.Register(kindValue, r.value)
}

// codeBlock writes a fenced or an indented block of code: the HTML that
// Render had highlightAll leave on every block before rendering.
func (r nodeRenderer) codeBlock(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	v, _ := n.Attribute(highlightedAttr)
	_, err := w.Write(v.([]byte))
	return ast.WalkSkipChildren, err
}

// highlightedAttr names the node attribute that holds a block's
// highlighted HTML between highlightAll and the renderer.
var highlightedAttr = []byte("sitegen-highlighted")

// highlightAll highlights the page's blocks of code on up to GOMAXPROCS
// goroutines and leaves the HTML on each node for the renderer, so that a
// page alone (a rebuild after an edit) is not highlighted one block after
// another on one core.
func highlightAll(blocks []ast.Node, src []byte) error {
	errs := make([]error, len(blocks))
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i, n := range blocks {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			errs[i] = highlightBlock(n, src)
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// highlightBlock highlights a block of code and leaves the HTML on it.
func highlightBlock(n ast.Node, src []byte) error {
	code, opts, err := blockCode(n, src)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if err := highlight(&b, code, opts); err != nil {
		return err
	}
	n.SetAttribute(highlightedAttr, b.Bytes())
	return nil
}

// headingID returns the id goldmark gave a heading, or that written for
// it ({#id}).
func headingID(h *ast.Heading) string {
	v, _ := h.AttributeString("id")
	id, _ := v.([]byte)
	return string(id)
}

func (r nodeRenderer) heading(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	h := n.(*ast.Heading)
	id, level := headingID(h), h.Level
	if sec := sectionOf(n); sec != nil {
		level = min(level+1, 6)
		if id != "" {
			id = sec.Prefix + id
		}
	}
	if entering {
		fmt.Fprintf(w, "<h%d", level)
		if id != "" {
			fmt.Fprintf(w, ` id="%s"`, template.HTMLEscapeString(id))
		}
		if v, ok := h.AttributeString("class"); ok {
			if b, ok := v.([]byte); ok {
				fmt.Fprintf(w, ` class="%s"`, template.HTMLEscapeString(string(b)))
			}
		}
		w.WriteString(">")
		return ast.WalkContinue, nil
	}
	if id != "" {
		fmt.Fprintf(w, `<a class="anchor" href="#%s" aria-label="Link to this section">#</a>`, template.HTMLEscapeString(id))
	}
	fmt.Fprintf(w, "</h%d>\n", level)
	return ast.WalkContinue, nil
}

func (r nodeRenderer) demo(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	d := n.(*demoNode)
	if d.res == nil {
		return ast.WalkStop, d.ref.Errorf("demo %s: no results in this render", d.ref.Name)
	}
	html, err := d.res.Demo(d.ref)
	if err != nil {
		return ast.WalkStop, err
	}
	w.WriteString(string(html))
	w.WriteString("\n")
	return ast.WalkSkipChildren, nil
}

func (r nodeRenderer) value(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	v := n.(*valueNode)
	if v.res == nil {
		return ast.WalkStop, v.ref.Errorf("{{%s}}: no results in this render", v.ref.Raw)
	}
	s, err := v.res.Value(v.ref)
	if err != nil {
		return ast.WalkStop, err
	}
	fmt.Fprintf(w, `<span class="value">%s</span>`, template.HTMLEscapeString(s))
	return ast.WalkSkipChildren, nil
}
