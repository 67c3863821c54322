// Package markdown turns one chapter's Markdown into HTML: GitHub Flavored
// Markdown, footnotes, typographic quotes, heading ids (automatic, or {#id}
// by hand) and raw HTML, with the additions below. Parse lists what the
// site needs in a Doc before Render asks a Resolver for demos and numbers.
//
// # Code blocks
//
// Fenced code is highlighted with CSS classes and labelled with its
// language, or with options in braces after it:
//
//	```go {linenos=true hl_lines="3-5 8" linenostart=10 title="main.go"}
//
// linenos=true puts line numbers in a column of their own, so that copying
// takes only the code; hl_lines lists lines (from 1) or ranges to
// highlight; linenostart=N numbers the first line N; title= replaces the
// label. file="PATH[:REGION]" fills an empty block with a file of the site
// folder, or a region of it marked as for show= below (no absolute path
// or ".."): Parse lists it in Doc.Embeds and the site gives it its text.
//
// # Demos
//
// A fenced block whose info string starts with demo is a demo directive:
//
//	```demo cpu show=main.go:workload output=yes chart=bars,timeline allow-error timeout=30s
//	optional one-paragraph caption
//	```
//
// cpu is a folder under demos/ holding a Go program or main.py.
// show=FILE[:REGION] picks the source shown (default main.go or main.py;
// none for none) from the demo's folder, or from a shared package it
// imports by its path from demos/ (show=internal/gil/gil.go:gil); REGION
// lies between "// region NAME" and "// endregion" lines ("#" in Python).
// output=yes|no shows the output (default yes). chart= lists bars,
// timeline and versus:OTHER, which sets the demo's strategies beside those
// of the same names in demo OTHER (default bars; none for none).
// allow-error lets a failing demo pass; timeout=DURATION overrides the run
// timeout.
//
// # Numbers in prose
//
// {{DEMO QUERY ARGS...}} in text (not code) is replaced by a value from
// the demo's results; \{{ writes the braces. median, min, max, speedup and
// cores take a strategy; ratio two; metric a name, optionally after a
// strategy; param a name; machine nothing.
//
// Every mistake in these is an error naming the file and line.
package markdown

import (
	"bytes"
	"fmt"
	"html/template"
	"slices"
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
	inline   goldmark.Markdown // for captions
	reserved []string
}

// New returns a Markdown pipeline, to build once per site build and reuse
// for every page. Heading ids step around reservedIDs, the ids the page's
// layout uses itself, as around a second heading of the same text (## Main
// gets main-1); {#main} by hand is an error naming the file and line.
func New(reservedIDs ...string) *Markdown {
	m := &Markdown{reserved: reservedIDs}
	m.gm = goldmark.New(
		goldmark.WithExtensions(
			// Column alignment is an attribute: the site's
			// Content-Security-Policy forbids style attributes.
			extension.Linkify,
			extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignAttribute)),
			extension.Strikethrough,
			extension.TaskList,
			extension.NewFootnote(extension.WithFootnoteIDPrefixFunction(func(n ast.Node) []byte {
				return []byte(stateOf(n).sec.Prefix)
			})),
			extension.Typographer,
		),
		goldmark.WithParserOptions(
			parser.WithAutoHeadingID(),
			parser.WithAttribute(),
			parser.WithInlineParsers(util.Prioritized(valueParser{}, 100)),
		),
		goldmark.WithRendererOptions(
			html.WithUnsafe(),
			renderer.WithNodeRenderers(util.Prioritized(nodeRenderer{}, 100)),
		),
	)
	// Captions start no other block and have no links (they would escape
	// the link checks) or raw HTML: all that stays text.
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
func (m *Markdown) Inline(text string) template.HTML {
	var b bytes.Buffer
	m.inline.Convert([]byte(text), &b) // its renderers write to memory and never fail
	out := strings.TrimSpace(b.String())
	if inner, ok := strings.CutPrefix(out, "<p>"); ok && strings.HasSuffix(inner, "</p>") && !strings.Contains(inner, "<p>") {
		out = strings.TrimSuffix(inner, "</p>")
	}
	return template.HTML(out)
}

// Doc is one parsed chapter.
type Doc struct {
	// File names the source in errors, as in content/03-threads.md.
	File string
	// Headings, Links, Demos (directives), Values (inline numbers) and
	// Embeds (blocks that show a file of the site) list what the page
	// holds, in order; IDs holds its heading ids.
	Headings []Heading
	IDs      map[string]bool
	Links    []*Link
	Demos    []*DemoRef
	Values   []*ValueRef
	Embeds   []*Embed

	src   []byte
	first int // the file's line of src's first
	root  ast.Node
	code  []*codeBlock
}

// Release drops the document's syntax tree and source, which a one-shot
// build needs no more once the page is rendered; the lists above stay.
// Render must not be called on it afterwards.
func (d *Doc) Release() {
	d.root, d.src, d.code = nil, nil, nil
	for _, l := range d.Links {
		l.node = nil
	}
}

// Heading is one heading of a page.
type Heading struct {
	Level    int
	ID, Text string
}

// Link is one link written in the Markdown: its destination as written
// and the line of the file where it starts.
type Link struct {
	Dest string
	Line int
	dest string // in the page
	node *ast.Link
}

// SetDest replaces the link's destination in the rendered page.
func (l *Link) SetDest(dest string) { l.dest = dest }

// Pos is where in a chapter a directive, number or block is.
type Pos struct {
	File string
	Line int
}

// Errorf returns an error that names the file and line.
func (p Pos) Errorf(format string, args ...any) error {
	return fmt.Errorf("%s:%d: "+format, append([]any{p.File, p.Line}, args...)...)
}

func (d *Doc) pos(offset int) Pos {
	return Pos{d.File, d.first + bytes.Count(d.src[:max(offset, 0)], []byte{'\n'})}
}

// Parse reads the Markdown src of file, whose first line is line firstLine of
// the file (after the front matter). Errors name the file and line.
func (m *Markdown) Parse(file string, src []byte, firstLine int) (*Doc, error) {
	d := &Doc{File: file, IDs: map[string]bool{}, src: src, first: firstLine}
	pc := parser.NewContext()
	for _, id := range m.reserved {
		pc.IDs().Put([]byte(id))
	}
	d.root = m.gm.Parser().Parse(text.NewReader(src), parser.WithContext(pc))
	var demos [][2]ast.Node // the blocks and the demo nodes that replace them
	err := ast.Walk(d.root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			h := Heading{Level: n.Level, ID: headingID(n), Text: plainText(n, src)}
			if slices.Contains(m.reserved, h.ID) { // automatic ids step around reserved ones
				return ast.WalkStop, d.pos(n.Pos()).Errorf("heading id %q is taken by the page's layout; choose another", h.ID)
			}
			if d.IDs[h.ID] { // automatic ids are unique
				return ast.WalkStop, d.pos(n.Pos()).Errorf("heading id %q is used twice in the page", h.ID)
			}
			d.Headings = append(d.Headings, h)
			d.IDs[h.ID] = true
		case *ast.Link:
			d.Links = append(d.Links, &Link{Dest: string(n.Destination), dest: string(n.Destination), Line: d.pos(n.Pos()).Line, node: n})
		case *valueNode:
			n.ref.Pos = d.pos(n.Pos())
			d.Values = append(d.Values, n.ref)
			if err := n.ref.check(); err != nil {
				return ast.WalkStop, n.ref.Errorf("%w", err)
			}
		case *ast.CodeBlock:
			d.addCode(n, CodeOptions{})
		case *ast.FencedCodeBlock:
			info, pos := "", Pos{}
			if n.Info != nil {
				info, pos = string(n.Info.Value(src)), d.pos(n.Info.Segment.Start)
			}
			if word, rest, _ := strings.Cut(strings.TrimSpace(info), " "); word == "demo" {
				ref, err := parseDemo(rest)
				if err != nil {
					return ast.WalkStop, pos.Errorf("%w", err)
				}
				ref.Pos = pos
				ref.Caption = strings.Join(strings.Fields(string(n.Lines().Value(src))), " ")
				d.Demos = append(d.Demos, ref)
				demos = append(demos, [2]ast.Node{n, &demoNode{ref: ref}})
				break
			}
			o, err := parseInfo(info)
			if err == nil && o.embed != nil && n.Lines().Len() > 0 {
				err = fmt.Errorf("a block with file=%s shows that file: leave it empty", o.embed.Path)
			}
			if err != nil {
				return ast.WalkStop, pos.Errorf("%w", err)
			}
			if b := d.addCode(n, o); o.embed != nil {
				o.embed.Pos, o.embed.block = pos, b
				d.Embeds = append(d.Embeds, o.embed)
			}
		}
		return ast.WalkContinue, nil
	})
	if err != nil {
		return nil, err
	}
	for _, r := range demos {
		r[0].Parent().ReplaceChild(r[0].Parent(), r[0], r[1])
	}
	return d, nil
}

// plainText returns the text of n's inline children, without markup.
func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
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
		default:
			b.WriteString(plainText(c, src))
		}
	}
	return b.String()
}
