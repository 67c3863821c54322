package markdown

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// ValueRef is one inline number, {{DEMO QUERY ARGS...}}.
type ValueRef struct {
	// Demo names the demo whose results hold the value.
	Demo string
	// Query is median, min, max, speedup, cores, ratio, metric, param or machine.
	Query string
	// Args are the query's arguments: strategies or names.
	Args []string
	// Raw is the text between the braces, for messages.
	Raw string
	// File and Line locate the number, for errors.
	File string
	Line int
}

// Errorf returns an error naming the number's file and line.
func (r *ValueRef) Errorf(format string, args ...any) error {
	return fmt.Errorf("%s:%d: "+format, append([]any{r.File, r.Line}, args...)...)
}

// arity gives the smallest and largest number of arguments of each query.
var arity = map[string][2]int{
	"median": {1, 1}, "min": {1, 1}, "max": {1, 1},
	"speedup": {1, 1}, "cores": {1, 1}, "ratio": {2, 2},
	"metric": {1, 2}, "param": {1, 1}, "machine": {0, 0},
}

// check reports whether the query is known and has the right arguments.
func (r *ValueRef) check() error {
	if r.Demo == "" || r.Query == "" {
		return fmt.Errorf("{{%s}}: want {{DEMO QUERY ARGS...}}", r.Raw)
	}
	a, ok := arity[r.Query]
	if !ok {
		return fmt.Errorf("{{%s}}: unknown query %q (want median, min, max, speedup, cores, ratio, metric, param or machine)", r.Raw, r.Query)
	}
	if len(r.Args) < a[0] || len(r.Args) > a[1] {
		return fmt.Errorf("{{%s}}: %s takes %d to %d arguments, got %d", r.Raw, r.Query, a[0], a[1], len(r.Args))
	}
	return nil
}

// valueNode is an inline number in the AST.
type valueNode struct {
	ast.BaseInline
	ref *ValueRef
	res Resolver
}

var kindValue = ast.NewNodeKind("Value")

func (n *valueNode) Kind() ast.NodeKind { return kindValue }

func (n *valueNode) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Raw": n.ref.Raw}, nil)
}

// valueParser reads {{...}} within one line of text.
type valueParser struct{}

func (valueParser) Trigger() []byte { return []byte{'{'} }

func (valueParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, _ := block.PeekLine()
	if len(line) < 4 || line[1] != '{' {
		return nil
	}
	end := bytes.Index(line[2:], []byte("}}"))
	if end < 0 {
		return nil
	}
	raw := strings.TrimSpace(string(line[2 : 2+end]))
	f := strings.Fields(raw)
	ref := &ValueRef{Raw: raw}
	if len(f) > 0 {
		ref.Demo = f[0]
	}
	if len(f) > 1 {
		ref.Query, ref.Args = f[1], f[2:]
	}
	block.Advance(2 + end + 2)
	return &valueNode{ref: ref}
}
