package content_test

import (
	"net/url"
	"path"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// link is one link in a chapter, with the line it starts on.
type link struct {
	dest string
	line int
}

// outline parses a chapter's body with goldmark's automatic heading ids,
// the same ids the site gives its headings, and returns the ids and links.
func outline(ch chapter) (ids map[string]bool, links []link) {
	md := goldmark.New(
		goldmark.WithExtensions(extension.GFM),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
	)
	src := []byte(ch.body)
	doc := md.Parser().Parse(text.NewReader(src))
	ids = map[string]bool{}
	block := 0 // offset of the current block: links are searched from there
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if n.Type() == ast.TypeBlock && n.Lines().Len() > 0 {
			block = n.Lines().At(0).Start
		}
		switch n := n.(type) {
		case *ast.Heading:
			if id, ok := n.AttributeString("id"); ok {
				ids[string(id.([]byte))] = true
			}
		case *ast.Link:
			dest := string(n.Destination)
			at := block
			if i := strings.Index(ch.body[block:], "]("+dest); i >= 0 {
				at += i
			}
			links = append(links, link{dest: dest, line: ch.bodyStart + strings.Count(ch.body[:at], "\n")})
		}
		return ast.WalkContinue, nil
	})
	return ids, links
}

// TestLinks checks that every link between chapters names an existing
// chapter and, when it has a fragment, an existing heading id in it.
func TestLinks(t *testing.T) {
	chs := loadChapters(t)
	ids := map[string]map[string]bool{}
	links := map[string][]link{}
	for _, ch := range chs {
		ids[path.Base(ch.file)], links[ch.file] = outline(ch)
	}
	for _, ch := range chs {
		t.Run(ch.file, func(t *testing.T) {
			for _, l := range links[ch.file] {
				u, err := url.Parse(l.dest)
				if err != nil {
					t.Errorf("%s:%d: bad link %q: %v", ch.file, l.line, l.dest, err)
					continue
				}
				if u.Scheme != "" || u.Host != "" {
					continue
				}
				target := path.Base(ch.file)
				if u.Path != "" {
					target = u.Path
				}
				headings, ok := ids[target]
				if !ok {
					t.Errorf("%s:%d: link %q names no chapter", ch.file, l.line, l.dest)
					continue
				}
				if u.Fragment != "" && !headings[u.Fragment] {
					t.Errorf("%s:%d: link %q: %s has no heading with id %q", ch.file, l.line, l.dest, target, u.Fragment)
				}
			}
		})
	}
}
