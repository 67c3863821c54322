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

// DemoRef is one demo directive of a page, its options as the package
// comment describes them.
type DemoRef struct {
	// Name is the demo's folder under demos/.
	Name string
	// Show is the file whose source is shown, by its path in the demo's
	// folder or from demos/ (internal/gil/gil.go), and Region the region
	// of it; Show is empty for show=none.
	Show, Region string
	// ShowDefault reports that the directive names no file: Show's
	// main.go then stands for main.py in a Python demo.
	ShowDefault bool
	Output      bool
	Charts      []string // bars, timeline or versus
	Versus      string   // the demo the versus chart compares with
	AllowError  bool
	Timeout     time.Duration // zero for the default
	Caption     string        // the paragraph written inside the directive
	Pos
}

var nameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`)

// parseDemo reads the info string of a demo directive (without "demo").
func parseDemo(info string) (*DemoRef, error) {
	r := &DemoRef{Show: "main.go", ShowDefault: true, Output: true, Charts: []string{"bars"}}
	fields := strings.Fields(info)
	if len(fields) == 0 {
		return nil, fmt.Errorf("demo directive without a demo name")
	}
	r.Name = fields[0]
	if !nameRE.MatchString(r.Name) {
		return nil, fmt.Errorf("demo name %q: want a folder name under demos/", r.Name)
	}
	seen := map[string]bool{}
	for _, f := range fields[1:] {
		key, val, hasVal := strings.Cut(f, "=")
		if seen[key] {
			return nil, fmt.Errorf("demo %s: option %s given twice", r.Name, key)
		}
		seen[key] = true
		if key != "allow-error" && val == "" {
			return nil, fmt.Errorf("demo %s: option %s needs a value", r.Name, key)
		}
		switch key {
		case "show":
			r.ShowDefault, r.Show = false, ""
			if val == "none" {
				break
			}
			var hasRegion bool
			r.Show, r.Region, hasRegion = strings.Cut(val, ":")
			if r.Show == "" || (hasRegion && r.Region == "") || strings.Contains(r.Show, "..") || strings.HasPrefix(r.Show, "/") {
				return nil, fmt.Errorf("demo %s: show=%s: want FILE or FILE:REGION, a path in the demo's folder or, for a shared package the demo imports, from demos/ (internal/gil/gil.go:gil)", r.Name, val)
			}
		case "output":
			if val != "yes" && val != "no" {
				return nil, fmt.Errorf("demo %s: output=%s: want yes or no", r.Name, val)
			}
			r.Output = val == "yes"
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
				case slices.Contains(r.Charts, c):
					return nil, fmt.Errorf("demo %s: chart %s asked for twice", r.Name, c)
				case c == "versus":
					r.Versus = other
				}
				r.Charts = append(r.Charts, c)
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

// demoNode is a demo directive in the syntax tree.
type demoNode struct {
	ast.BaseBlock
	ref *DemoRef
}

var kindDemo = ast.NewNodeKind("Demo")

func (n *demoNode) Kind() ast.NodeKind { return kindDemo }

func (n *demoNode) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// ValueRef is one inline number, {{DEMO QUERY ARGS...}}: Raw is the text
// between the braces, for messages, and Demo, Query and Args its words.
type ValueRef struct {
	Demo, Query string
	Args        []string
	Raw         string
	Pos
}

// arity gives the smallest and largest number of arguments of each query.
var arity = map[string][2]int{
	"median": {1, 1}, "min": {1, 1}, "max": {1, 1},
	"speedup": {1, 1}, "cores": {1, 1}, "ratio": {2, 2},
	"metric": {1, 2}, "param": {1, 1}, "machine": {0, 0},
}

func (r *ValueRef) check() error {
	a, ok := arity[r.Query]
	switch {
	case r.Demo == "" || r.Query == "":
		return fmt.Errorf("{{%s}}: want {{DEMO QUERY ARGS...}}", r.Raw)
	case !ok:
		return fmt.Errorf("{{%s}}: unknown query %q (want median, min, max, speedup, cores, ratio, metric, param or machine)", r.Raw, r.Query)
	case len(r.Args) < a[0] || len(r.Args) > a[1]:
		return fmt.Errorf("{{%s}}: %s takes %d to %d arguments, got %d", r.Raw, r.Query, a[0], a[1], len(r.Args))
	}
	return nil
}

// valueNode is an inline number in the syntax tree.
type valueNode struct {
	ast.BaseInline
	ref *ValueRef
}

var kindValue = ast.NewNodeKind("Value")

func (n *valueNode) Kind() ast.NodeKind { return kindValue }

func (n *valueNode) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// valueParser reads {{...}} within one line of text.
type valueParser struct{}

var valueRE = regexp.MustCompile(`^\{\{(.*?)\}\}`)

func (valueParser) Trigger() []byte { return []byte{'{'} }

func (valueParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, _ := block.PeekLine()
	m := valueRE.FindSubmatch(line)
	if m == nil {
		return nil
	}
	block.Advance(len(m[0]))
	raw := strings.TrimSpace(string(m[1]))
	ref := &ValueRef{Raw: raw}
	f := strings.Fields(raw)
	if len(f) > 0 {
		ref.Demo = f[0]
	}
	if len(f) > 1 {
		ref.Query, ref.Args = f[1], f[2:]
	}
	return &valueNode{ref: ref}
}
