package markdown

import (
	"fmt"
	"html/template"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// Resolver supplies what a page shows for demos and inline numbers. The site
// gives one to Render after the demos of the build have run.
type Resolver interface {
	// Demo returns the HTML of a demo directive: its source, output and charts.
	Demo(ref *DemoRef) (template.HTML, error)
	// Value returns the formatted value of an inline number, as text.
	Value(ref *ValueRef) (string, error)
}

// DemoRef is one demo directive of a page.
type DemoRef struct {
	// Name is the demo's folder under demos/.
	Name string
	// Show is the file whose source is shown, by its path in the demo's
	// folder ("main.go") or, for a shared package the demo imports, from
	// demos/ ("internal/gil/gil.go"); empty for show=none.
	Show string
	// ShowDefault reports that the directive names no file: Show is then
	// main.go, which stands for main.py in a Python demo.
	ShowDefault bool
	// Region is the named region of Show to show; empty for the whole file.
	Region string
	// Output says whether the demo's standard output is shown.
	Output bool
	// Charts lists the charts to draw: "bars", "timeline", "versus";
	// empty for none.
	Charts []string
	// Versus names the demo the "versus" chart compares this one with,
	// strategy by strategy (chart=bars,versus:cpu on a Python twin of the
	// cpu demo draws "the same work, CPython vs Go").
	Versus string
	// AllowError lets a demo that exits non-zero pass.
	AllowError bool
	// Timeout overrides the run timeout when non-zero.
	Timeout time.Duration
	// Caption is the paragraph written inside the directive.
	Caption string
	// File and Line locate the directive, for errors.
	File string
	Line int
}

// Errorf returns an error naming the directive's file and line.
func (r *DemoRef) Errorf(format string, args ...any) error {
	return fmt.Errorf("%s:%d: "+format, append([]any{r.File, r.Line}, args...)...)
}

var nameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`)

// parseDemo reads the info string of a demo directive (without "demo").
func parseDemo(info string) (*DemoRef, error) {
	r := &DemoRef{Show: "main.go", ShowDefault: true, Output: true, Charts: []string{"bars"}}
	fields := strings.Fields(info)
	if len(fields) == 0 {
		return nil, fmt.Errorf("demo directive without a demo name")
	}
	r.Name, fields = fields[0], fields[1:]
	if !nameRE.MatchString(r.Name) {
		return nil, fmt.Errorf("demo name %q: want a folder name under demos/", r.Name)
	}
	seen := map[string]bool{}
	for _, f := range fields {
		key, val, hasVal := strings.Cut(f, "=")
		if seen[key] {
			return nil, fmt.Errorf("demo %s: option %s given twice", r.Name, key)
		}
		seen[key] = true
		if key != "allow-error" && (!hasVal || val == "") {
			return nil, fmt.Errorf("demo %s: option %s needs a value", r.Name, key)
		}
		switch key {
		case "show":
			r.ShowDefault = false
			if val == "none" {
				r.Show = ""
				break
			}
			var hasRegion bool
			r.Show, r.Region, hasRegion = strings.Cut(val, ":")
			if r.Show == "" || (hasRegion && r.Region == "") || strings.Contains(r.Show, "..") || strings.HasPrefix(r.Show, "/") {
				return nil, fmt.Errorf("demo %s: show=%s: want FILE or FILE:REGION, a path in the demo's folder or, for a shared package the demo imports, from demos/ (internal/gil/gil.go:gil)", r.Name, val)
			}
		case "output":
			switch val {
			case "yes":
				r.Output = true
			case "no":
				r.Output = false
			default:
				return nil, fmt.Errorf("demo %s: output=%s: want yes or no", r.Name, val)
			}
		case "chart":
			r.Charts = nil
			if val == "none" {
				break
			}
			for _, item := range strings.Split(val, ",") {
				c, other, isVersus := strings.Cut(item, ":")
				switch {
				case c == "versus" && !isVersus:
					return nil, fmt.Errorf("demo %s: chart versus needs the demo to compare with: versus:DEMO", r.Name)
				case c == "versus" && !nameRE.MatchString(other):
					return nil, fmt.Errorf("demo %s: chart versus:%s: want a folder name under demos/", r.Name, other)
				case c == "versus" && other == r.Name:
					return nil, fmt.Errorf("demo %s: chart versus:%s compares the demo with itself", r.Name, other)
				case c != "bars" && c != "timeline" && c != "versus" || isVersus && c != "versus":
					return nil, fmt.Errorf("demo %s: chart %q: want bars, timeline, versus:DEMO or none", r.Name, item)
				}
				if slices.Contains(r.Charts, c) {
					return nil, fmt.Errorf("demo %s: chart %s asked for twice", r.Name, c)
				}
				r.Charts = append(r.Charts, c)
				if c == "versus" {
					r.Versus = other
				}
			}
		case "allow-error":
			if hasVal {
				return nil, fmt.Errorf("demo %s: allow-error takes no value", r.Name)
			}
			r.AllowError = true
		case "timeout":
			d, err := time.ParseDuration(val)
			if err != nil || d <= 0 {
				return nil, fmt.Errorf("demo %s: timeout=%s: want a duration such as 30s", r.Name, val)
			}
			r.Timeout = d
		default:
			return nil, fmt.Errorf("demo %s: unknown option %q (want show, output, chart, allow-error or timeout)", r.Name, key)
		}
	}
	return r, nil
}

// demoNode is a demo directive in the AST.
type demoNode struct {
	ast.BaseBlock
	ref *DemoRef
	res Resolver
}

var kindDemo = ast.NewNodeKind("Demo")

func (n *demoNode) Kind() ast.NodeKind { return kindDemo }

func (n *demoNode) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Name": n.ref.Name}, nil)
}

// transformer turns demo blocks into demo nodes and reads the options of
// every other fenced block, so that mistakes surface before rendering; it
// lists the blocks that embed a file. It stops at the first error, which
// Parse returns.
type transformer struct{}

func (transformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	d := pc.Get(docKey).(*Doc)
	src := reader.Source()
	var blocks []*ast.FencedCodeBlock
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if fc, ok := n.(*ast.FencedCodeBlock); ok && entering {
			blocks = append(blocks, fc)
		}
		return ast.WalkContinue, nil
	})
	for _, fc := range blocks {
		if fc.Info == nil {
			continue
		}
		info := string(fc.Info.Value(src))
		line := d.pos.line(fc.Info.Segment.Start)
		word, rest, _ := strings.Cut(strings.TrimSpace(info), " ")
		if word != "demo" {
			o, err := parseInfo(info)
			if err == nil && o.File != "" && fc.Lines().Len() > 0 {
				err = fmt.Errorf("a block with file=%s shows that file: leave it empty", o.File)
			}
			if err != nil {
				d.err = fmt.Errorf("%s:%d: %w", d.File, line, err)
				return
			}
			b := codeBlock{opts: o}
			if o.File != "" {
				b.embed = &Embed{Path: o.File, Region: o.Region, File: d.File, Line: line}
				d.Embeds = append(d.Embeds, b.embed)
			}
			fc.SetAttribute(codeAttr, b)
			continue
		}
		ref, err := parseDemo(rest)
		if err != nil {
			d.err = fmt.Errorf("%s:%d: %w", d.File, line, err)
			return
		}
		ref.File, ref.Line = d.File, line
		ref.Caption = strings.Join(strings.Fields(string(fc.Lines().Value(src))), " ")
		n := &demoNode{ref: ref}
		fc.Parent().ReplaceChild(fc.Parent(), fc, n)
		d.Demos = append(d.Demos, ref)
	}
}
