package markdown

import (
	"fmt"
	"io/fs"
	"strings"

	"github.com/yuin/goldmark/ast"
)

// Embed is a fenced block that shows a file of the site instead of holding
// its text: ```go {file="recipes/worker-pool/main.go:pool"}.
type Embed struct {
	// Path is the file's path from the site folder, with slashes.
	Path string
	// Region is the region of the file to show; empty for all of it.
	Region string
	// File and Line locate the block, for errors.
	File string
	Line int

	text   string
	loaded bool
}

// Errorf returns an error naming the block's file and line.
func (e *Embed) Errorf(format string, args ...any) error {
	return fmt.Errorf("%s:%d: "+format, append([]any{e.File, e.Line}, args...)...)
}

// SetText gives the block the text it shows: the file, or its region, with
// the region markers removed. The site calls it for every Embed of a Doc
// before Render, which fails on a block without its text.
func (e *Embed) SetText(text string) { e.text, e.loaded = text, true }

// parseFile reads the value of the file option: a path from the site
// folder, optionally followed by :REGION.
func parseFile(val string) (file, region string, err error) {
	file, region, hasRegion := strings.Cut(val, ":")
	if !fs.ValidPath(file) || file == "." || (hasRegion && region == "") {
		return "", "", fmt.Errorf("code option file=%q: want a path inside the site folder, as recipes/worker-pool/main.go, optionally with :REGION", val)
	}
	return file, region, nil
}

// codeAttr names the node attribute that holds what Parse learned of a
// fenced block of code.
var codeAttr = []byte("sitegen-code")

// codeBlock is a fenced block's options and, if it shows a file, its Embed.
type codeBlock struct {
	opts  CodeOptions
	embed *Embed
}

// blockCode returns the code a block shows and how: its own lines, or the
// text of the file it embeds, labelled with the file's path unless the
// block has a title.
func blockCode(n ast.Node, src []byte) (string, CodeOptions, error) {
	v, _ := n.Attribute(codeAttr)
	b, _ := v.(codeBlock) // none on an indented block or a bare fence
	opts, e := b.opts, b.embed
	if e == nil {
		return string(n.Lines().Value(src)), opts, nil
	}
	if !e.loaded {
		return "", opts, e.Errorf("file=%s: not read in this render", e.Path)
	}
	if opts.Title == "" {
		opts.Title = e.Path
		if e.Region != "" {
			opts.Title += " · " + e.Region
		}
	}
	return e.text, opts, nil
}
