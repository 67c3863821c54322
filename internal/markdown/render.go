package markdown

import (
	"fmt"
	"html/template"
	"io"
	"runtime"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
	"golang.org/x/sync/errgroup"
)

// Render writes the page's HTML to w, asking res for demos and numbers.
func (m *Markdown) Render(w io.Writer, d *Doc, res Resolver) error {
	return m.RenderSection(w, d, res, Section{})
}

// Section says how RenderSection makes a page part of a larger one, such
// as the page of every chapter: Prefix goes before every heading and
// footnote id and the fragments of links to them, and Link returns the
// destination a link (after SetDest) has in the larger page.
type Section struct {
	Prefix string
	Link   func(dest string) string
}

// RenderSection writes the page's HTML as a section of a larger page,
// with its headings one level down. HTML written in the Markdown is copied
// as it is. It must not run at the same time as another render of d.
func (m *Markdown) RenderSection(w io.Writer, d *Doc, res Resolver, sec Section) error {
	if d.root == nil {
		return fmt.Errorf("%s: rendered after its syntax tree was released", d.File)
	}
	for _, e := range d.Embeds {
		if !e.loaded {
			return e.Errorf("file=%s: not read in this render", e.Path)
		}
	}
	// A page's blocks are highlighted once, on several cores, so that a
	// page alone (a rebuild after an edit) does not wait for one core.
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for _, b := range d.code {
		if b.html == "" {
			g.Go(func() (err error) {
				b.html, err = Highlight(b.code, b.opts)
				return err
			})
		}
	}
	if err := g.Wait(); err != nil {
		return err
	}
	for _, l := range d.Links {
		dest := l.dest
		if sec.Link != nil {
			dest = sec.Link(dest)
		}
		l.node.Destination = []byte(dest)
	}
	d.root.SetAttribute(stateAttr, &state{res, sec})
	return m.gm.Renderer().Render(w, d.src, d.root)
}

// state is what a render gives the node renderers, on the document's root.
type state struct {
	res Resolver
	sec Section
}

var stateAttr = []byte("sitegen-render")

func stateOf(n ast.Node) *state {
	v, _ := n.OwnerDocument().Attribute(stateAttr)
	return v.(*state)
}

// nodeRenderer renders code, headings with anchors, demos and numbers.
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
	_, err := w.WriteString(string(v.(*codeBlock).html))
	return ast.WalkSkipChildren, err
}

// headingID returns the id goldmark gave a heading or that written for it.
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
	switch {
	case entering && id == "":
		fmt.Fprintf(w, "<h%d>", level)
	case entering:
		fmt.Fprintf(w, `<h%d id="%s">`, level, id)
	case id == "":
		fmt.Fprintf(w, "</h%d>\n", level)
	default:
		fmt.Fprintf(w, `<a class="anchor" href="#%s" aria-label="Link to this section">#</a></h%d>`+"\n", id, level)
	}
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
