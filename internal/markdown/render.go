package markdown

import (
	"fmt"
	"html/template"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// nodeRenderer renders what this package changes in goldmark's HTML:
// highlighted code, headings with anchor links, demos and numbers.
type nodeRenderer struct {
	code *highlighter
}

func (r *nodeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindFencedCodeBlock, r.fenced)
	reg.Register(ast.KindCodeBlock, r.indented)
	reg.Register(ast.KindHeading, r.heading)
	reg.Register(kindDemo, r.demo)
	reg.Register(kindValue, r.value)
}

func codeText(n ast.Node, src []byte) string {
	var b strings.Builder
	for i := 0; i < n.Lines().Len(); i++ {
		seg := n.Lines().At(i)
		b.Write(seg.Value(src))
	}
	return b.String()
}

func (r *nodeRenderer) fenced(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	fc := n.(*ast.FencedCodeBlock)
	var opts CodeOptions
	if fc.Info != nil {
		// Parse has already rejected bad options.
		opts, _ = parseInfo(string(fc.Info.Value(src)))
	}
	return ast.WalkSkipChildren, r.code.write(w, codeText(n, src), opts)
}

func (r *nodeRenderer) indented(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	return ast.WalkSkipChildren, r.code.write(w, codeText(n, src), CodeOptions{})
}

func (r *nodeRenderer) heading(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	h := n.(*ast.Heading)
	id := ""
	if v, ok := h.AttributeString("id"); ok {
		if b, ok := v.([]byte); ok {
			id = string(b)
		}
	}
	if entering {
		fmt.Fprintf(w, "<h%d", h.Level)
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
	fmt.Fprintf(w, "</h%d>\n", h.Level)
	return ast.WalkContinue, nil
}

func (r *nodeRenderer) demo(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
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

func (r *nodeRenderer) value(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
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
