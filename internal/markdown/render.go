package markdown

import (
	"fmt"
	"html/template"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// nodeRenderer renders what this package changes in goldmark's HTML:
// highlighted code, headings with anchor links, demos and numbers.
type nodeRenderer struct{}

func (r nodeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindFencedCodeBlock, r.code)
	reg.Register(ast.KindCodeBlock, r.code)
	reg.Register(ast.KindHeading, r.heading)
	reg.Register(kindDemo, r.demo)
	reg.Register(kindValue, r.value)
}

func (r nodeRenderer) code(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	v, _ := n.Attribute(codeAttr)
	_, err := w.Write(v.(*codeBlock).html)
	return ast.WalkSkipChildren, err
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
	if sec := stateOf(n).sec; sec.Link != nil {
		level = min(level+1, 6)
		if id != "" {
			id = sec.Prefix + id
		}
	}
	id = template.HTMLEscapeString(id)
	if !entering {
		if id != "" {
			fmt.Fprintf(w, `<a class="anchor" href="#%s" aria-label="Link to this section">#</a>`, id)
		}
		fmt.Fprintf(w, "</h%d>\n", level)
		return ast.WalkContinue, nil
	}
	fmt.Fprintf(w, "<h%d", level)
	if id != "" {
		fmt.Fprintf(w, ` id="%s"`, id)
	}
	if class, ok := h.AttributeString("class"); ok {
		fmt.Fprintf(w, ` class="%s"`, template.HTMLEscapeString(string(class.([]byte))))
	}
	w.WriteString(">")
	return ast.WalkContinue, nil
}

func (r nodeRenderer) demo(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	html, err := stateOf(n).res.Demo(n.(*demoNode).ref)
	w.WriteString(string(html) + "\n")
	return ast.WalkContinue, err
}

func (r nodeRenderer) value(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	s, err := stateOf(n).res.Value(n.(*valueNode).ref)
	fmt.Fprintf(w, `<span class="value">%s</span>`, template.HTMLEscapeString(s))
	return ast.WalkContinue, err
}
