// Package markdown turns one chapter's Markdown into HTML for the site.
//
// A Markdown is built once per site build and reused for every page: it holds
// the goldmark pipeline (GitHub Flavored Markdown, footnotes, typographic
// quotes, automatic heading ids, raw HTML) and the chroma formatters. Parse
// reads a chapter into a Doc, which lists what the site needs before it
// renders anything: the headings and their ids, the links (so they can be
// checked and rewritten), the demo directives and the inline numbers. Render
// then writes the HTML, asking a Resolver for the demos and numbers.
//
// # Code blocks
//
// Fenced code is highlighted by chroma with CSS classes only and labelled
// with its language. Options follow the language in braces:
//
//	```go {linenos=true hl_lines="3-5 8" linenostart=10 title="main.go"}
//
// The options:
//
//   - linenos=true|false shows line numbers in their own column, so that a
//     reader who selects the code copies only the code.
//   - hl_lines lists lines (counted from 1, whatever linenostart says) or
//     ranges to highlight, separated by spaces or commas.
//   - linenostart=N numbers the first line N.
//   - title="..." replaces the language in the label.
//   - file="PATH" shows the file at PATH, a path from the site folder
//     (file="recipes/worker-pool/main.go"), instead of text written in the
//     block, which stays empty; file="PATH:REGION" shows only a region of
//     it, marked in the file as for a demo's show= below. The label names
//     the file (and region) unless title= says otherwise. Parse lists such
//     blocks in Doc.Embeds and refuses a path that is absolute or climbs
//     out with ".."; the site reads each file and cuts its region before
//     Render (Embed.SetText), failing on a file or region that does not
//     exist. The code on the page is thus the file that the tests run.
//     Its box has the class demo-source, as a demo's source does, which
//     the page weight check of sitegen check leaves out.
//
// An unknown option or a malformed value is an error naming the file and line.
//
// # Demos
//
// A fenced block whose info string starts with demo is a demo directive:
//
//	```demo cpu show=main.go:workload output=yes chart=bars,timeline allow-error timeout=30s
//	optional one-paragraph caption
//	```
//
// NAME is a folder under demos/: a Go program, or a Python one (main.py).
// show=FILE[:REGION] picks the source shown (default main.go, or main.py
// in a Python demo; show=none shows none): a file of the demo's folder, or a file of a shared package
// the demo imports, by its path from demos/ (show=internal/gil/gil.go:gil),
// with REGION a region marked in it by "// region NAME" and "// endregion"
// lines ("# region NAME" and "# endregion" in Python). output=yes|no says
// whether the demo's output is shown (default yes); chart= lists the charts,
// bars, timeline and versus:OTHER (default bars; chart=none for none), where
// versus:OTHER draws the demo's strategies beside those of the same names
// in demo OTHER ("the same work, CPython vs Go" on a Python twin's block);
// allow-error lets a failing demo pass, and timeout=DURATION overrides the
// run timeout. Parse checks the syntax; the Resolver checks that
// the demo, file and region exist and that the demo imports a shared
// package shown.
//
// # Numbers in prose
//
// {{DEMO QUERY ARGS...}} anywhere in text (not in code) is replaced by a
// value from the demo's results; \{{ writes the braces literally. Queries:
// median, min, max, speedup and cores take a strategy; ratio takes two
// strategies; metric takes a name, optionally after a strategy; param takes
// a name; machine takes nothing.
package markdown

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"sort"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Markdown is the Markdown pipeline of one build. It is safe for concurrent
// use by several goroutines.
type Markdown struct {
	gm       goldmark.Markdown
	inline   goldmark.Markdown // for captions: emphasis and code spans only
	reserved map[string]bool
}

// New returns a Markdown pipeline. Build one per site build and reuse it for
// every page.
//
// Heading ids never take one of reservedIDs, the ids the page's layout
// uses itself (as main for the skip link's target): a heading whose
// automatic id would be one gets a number, as a second heading of the same
// text does (## Main gets main-1). A heading given a reserved id by hand
// ({#main}) is an error naming the file and line.
func New(reservedIDs ...string) *Markdown {
	m := &Markdown{reserved: map[string]bool{}}
	for _, id := range reservedIDs {
		m.reserved[id] = true
	}
	m.gm = goldmark.New(
		goldmark.WithExtensions(
			// GitHub Flavored Markdown, with column alignment as an
			// attribute: the site's Content-Security-Policy forbids style
			// attributes.
			extension.Linkify,
			extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignAttribute)),
			extension.Strikethrough,
			extension.TaskList,
			extension.NewFootnote(extension.WithFootnoteIDPrefixFunction(footnotePrefix)),
			extension.Typographer,
		),
		goldmark.WithParserOptions(
			parser.WithAutoHeadingID(),
			parser.WithAttribute(),
			parser.WithASTTransformers(util.Prioritized(transformer{}, 100)),
			parser.WithInlineParsers(util.Prioritized(valueParser{}, 100)),
		),
		goldmark.WithRendererOptions(
			html.WithUnsafe(),
			renderer.WithNodeRenderers(util.Prioritized(nodeRenderer{}, 100)),
		),
	)
	// Captions: one paragraph of code spans and emphasis, with the
	// typographer's quotes and dashes. No other block starts there, and
	// no links (they would escape the link checks) or raw HTML: all that
	// stays text.
	m.inline = goldmark.New(
		goldmark.WithParser(parser.NewParser(
			parser.WithBlockParsers(util.Prioritized(parser.NewParagraphParser(), 100)),
			parser.WithInlineParsers(
				util.Prioritized(parser.NewCodeSpanParser(), 100),
				util.Prioritized(parser.NewEmphasisParser(), 500),
			),
		)),
		goldmark.WithExtensions(extension.Typographer),
	)
	return m
}

// Inline renders one paragraph of text, such as a demo's caption, as
// inline HTML: code spans and emphasis, with the typographer's quotes and
// dashes. Everything else, links and HTML tags among it, is text.
func (m *Markdown) Inline(text string) (template.HTML, error) {
	var b bytes.Buffer
	if err := m.inline.Convert([]byte(text), &b); err != nil {
		return "", err
	}
	out := strings.TrimSpace(b.String())
	if inner, ok := strings.CutPrefix(out, "<p>"); ok && strings.HasSuffix(inner, "</p>") && !strings.Contains(inner, "<p>") {
		out = strings.TrimSuffix(inner, "</p>")
	}
	return template.HTML(out), nil
}

// Doc is one parsed chapter.
type Doc struct {
	// File names the source in errors, as in content/03-threads.md.
	File string
	// Headings lists every heading in order.
	Headings []Heading
	// IDs holds every heading id of the page.
	IDs map[string]bool
	// Links lists the links written in the Markdown, in order.
	Links []*Link
	// Demos lists the demo directives, in order.
	Demos []*DemoRef
	// Values lists the inline numbers, in order.
	Values []*ValueRef
	// Embeds lists the blocks that show a file of the site, in order.
	Embeds []*Embed

	src  []byte
	root ast.Node
	pos  positions
	err  error // the first content error the transformer found
}

// Release drops the document's syntax tree and source, which a one-shot
// build needs no more once the page is rendered; the lists above stay.
// Render must not be called on it afterwards.
func (d *Doc) Release() {
	d.root, d.src, d.pos = nil, nil, positions{}
	for _, l := range d.Links {
		l.node = nil
	}
}

// Heading is one heading of a page.
type Heading struct {
	Level int
	ID    string
	Text  string
}

// Link is one link written in the Markdown.
type Link struct {
	// Dest is the destination as written.
	Dest string
	// Line is the line of the file where the link starts.
	Line int
	node *ast.Link
}

// SetDest replaces the link's destination in the rendered page.
func (l *Link) SetDest(dest string) { l.node.Destination = []byte(dest) }

// Parse reads the Markdown src of file, whose first line is line firstLine of
// the file (after the front matter). Errors name the file and line.
func (m *Markdown) Parse(file string, src []byte, firstLine int) (*Doc, error) {
	d := &Doc{File: file, IDs: map[string]bool{}, src: src, pos: newPositions(src, firstLine)}
	pc := parser.NewContext()
	for id := range m.reserved {
		pc.IDs().Put([]byte(id))
	}
	pc.Set(docKey, d)
	d.root = m.gm.Parser().Parse(text.NewReader(src), parser.WithContext(pc))
	if d.err != nil {
		return nil, d.err
	}
	err := ast.Walk(d.root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			h := Heading{Level: n.Level, ID: headingID(n), Text: plainText(n, src)}
			if m.reserved[h.ID] {
				// Automatic ids step around reserved ones, so the
				// author wrote this one.
				return ast.WalkStop, fmt.Errorf("%s:%d: heading id %q is taken by the page's layout; choose another", file, d.pos.line(n.Pos()), h.ID)
			}
			if d.IDs[h.ID] {
				// Automatic ids are unique; the author wrote one twice.
				return ast.WalkStop, fmt.Errorf("%s:%d: heading id %q is used twice in the page", file, d.pos.line(n.Pos()), h.ID)
			}
			d.Headings = append(d.Headings, h)
			d.IDs[h.ID] = true
		case *ast.Link:
			d.Links = append(d.Links, &Link{Dest: string(n.Destination), Line: d.pos.line(n.Pos()), node: n})
		case *valueNode:
			v := n.ref
			v.File, v.Line = file, d.pos.line(n.Pos())
			d.Values = append(d.Values, v)
		}
		return ast.WalkContinue, nil
	})
	if err != nil {
		return nil, err
	}
	for _, v := range d.Values {
		if err := v.check(); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", file, v.Line, err)
		}
	}
	return d, nil
}

// Render writes the page's HTML to w, asking res for demos and numbers.
func (m *Markdown) Render(w io.Writer, d *Doc, res Resolver) error {
	if d.root == nil {
		return fmt.Errorf("%s: rendered after its syntax tree was released", d.File)
	}
	var code []ast.Node
	ast.Walk(d.root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *demoNode:
			n.res = res
		case *valueNode:
			n.res = res
		case *ast.FencedCodeBlock, *ast.CodeBlock:
			// A block is highlighted once: a second render (a section
			// of a larger page, a new navigation) reuses it.
			if v, _ := n.Attribute(highlightedAttr); v == nil {
				code = append(code, n)
			}
		}
		return ast.WalkContinue, nil
	})
	if err := highlightAll(code, d.src); err != nil {
		return err
	}
	return m.gm.Renderer().Render(w, d.src, d.root)
}

// Section says how RenderSection makes a page part of a larger one, such
// as the page of every chapter.
type Section struct {
	// Prefix goes before every heading and footnote id of the page, and
	// before the fragments of the page's links to them.
	Prefix string
	// Link returns the destination a link (as resolved, after SetDest)
	// has in the larger page.
	Link func(dest string) string
}

// sectionAttr names the document attribute that holds the Section being
// rendered.
var sectionAttr = []byte("sitegen-section")

// sectionOf returns the Section the document of n is rendered as, or nil.
func sectionOf(n ast.Node) *Section {
	v, _ := n.OwnerDocument().Attribute(sectionAttr)
	sec, _ := v.(*Section)
	return sec
}

func footnotePrefix(n ast.Node) []byte {
	if sec := sectionOf(n); sec != nil {
		return []byte(sec.Prefix)
	}
	return nil
}

// RenderSection writes the page's HTML as a section of a larger page:
// heading and footnote ids get sec.Prefix, headings move one level down,
// and links go where sec.Link says. HTML written in the Markdown is
// copied as it is. It must not run at the same time as another render of
// d.
func (m *Markdown) RenderSection(w io.Writer, d *Doc, res Resolver, sec Section) error {
	if d.root == nil {
		return fmt.Errorf("%s: rendered after its syntax tree was released", d.File)
	}
	dests := make([][]byte, len(d.Links))
	for i, l := range d.Links {
		dests[i] = l.node.Destination
		l.node.Destination = []byte(sec.Link(string(l.node.Destination)))
	}
	d.root.SetAttribute(sectionAttr, &sec)
	defer func() {
		d.root.SetAttribute(sectionAttr, nil)
		for i, l := range d.Links {
			l.node.Destination = dests[i]
		}
	}()
	return m.Render(w, d, res)
}

// positions maps byte offsets of the Markdown to lines of the file.
type positions struct {
	first int
	nl    []int
}

func newPositions(src []byte, first int) positions {
	p := positions{first: first}
	for i, c := range src {
		if c == '\n' {
			p.nl = append(p.nl, i)
		}
	}
	return p
}

func (p positions) line(offset int) int {
	return p.first + sort.SearchInts(p.nl, offset)
}

// plainText returns the text of n's inline children, without markup.
func plainText(n ast.Node, src []byte) string {
	var b bytes.Buffer
	ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Segment.Value(src))
			if c.SoftLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		case *valueNode:
			b.WriteString(c.ref.Raw)
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

var docKey = parser.NewContextKey()
