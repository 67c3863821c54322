package search

import (
	"errors"
	"io"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Section is the part of a chapter from one heading to the next.
type Section struct {
	// ID is the heading's id, the URL fragment that opens the section;
	// empty for the text before the chapter's first heading.
	ID string
	// Heading is the heading's text, empty for the first section.
	Heading string
	// Text is what the section says, whitespace collapsed.
	Text string
}

// skipped are the elements whose text is left out, by tag, and by class
// for the parts of a demo block that are not prose.
var (
	skipTags    = map[atom.Atom]bool{atom.Pre: true, atom.Svg: true, atom.Script: true, atom.Style: true, atom.Template: true}
	skipClasses = []string{"anchor", "demo-output", "demo-table", "demo-stamp", "demo-links", "demo-check", "demo-source", "footnote-backref", "footnote-ref", "code-label", "toc"}
)

// blocks are the elements that separate words: their text never runs
// into the text around them.
var blocks = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Li: true, atom.Ul: true, atom.Ol: true, atom.Dl: true,
	atom.Dt: true, atom.Dd: true, atom.Br: true, atom.Td: true, atom.Th: true, atom.Tr: true,
	atom.Table: true, atom.Caption: true, atom.Figure: true, atom.Figcaption: true,
	atom.Blockquote: true, atom.Section: true, atom.Details: true, atom.Summary: true,
	atom.Hr: true, atom.Img: true,
}

// Sections cuts a chapter's rendered HTML into sections at its h2 and h3
// headings that have an id, keeping the text readers see (see the
// package comment for what is left out). Sections with neither heading
// nor text are dropped.
func Sections(src string) ([]Section, error) {
	z := html.NewTokenizer(strings.NewReader(src))
	var (
		out     []Section
		cur     Section
		text    strings.Builder
		heading strings.Builder
		inHead  atom.Atom // the heading being read, or 0
		skip    bool      // inside an element left out
		depth   int       // of the elements open inside it
	)
	space := func(b *strings.Builder) {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
	}
	flush := func() {
		cur.Text = collapse(text.String())
		if cur.Heading != "" || cur.Text != "" {
			out = append(out, cur)
		}
		text.Reset()
	}
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			if err := z.Err(); !errors.Is(err, io.EOF) {
				return nil, err
			}
			flush()
			return out, nil
		case html.StartTagToken, html.SelfClosingTagToken:
			if skip {
				// Only the depth matters here, inside code blocks
				// of a span a token: no token is made.
				if name, _ := z.TagName(); tt == html.StartTagToken && !voidTag(atom.Lookup(name)) {
					depth++
				}
				continue
			}
			t := z.Token()
			if skipTags[t.DataAtom] || hasClass(t, skipClasses) {
				if tt == html.StartTagToken && !voidTag(t.DataAtom) {
					skip = true
				}
				continue
			}
			if (t.DataAtom == atom.H2 || t.DataAtom == atom.H3) && attr(t, "id") != "" {
				flush()
				cur = Section{ID: attr(t, "id")}
				inHead = t.DataAtom
				heading.Reset()
				continue
			}
			if blocks[t.DataAtom] {
				space(target(inHead, &heading, &text))
			}
		case html.EndTagToken:
			if skip {
				if depth > 0 {
					depth--
				} else {
					skip = false
				}
				continue
			}
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if inHead != 0 && a == inHead {
				cur.Heading = collapse(heading.String())
				inHead = 0
				continue
			}
			if blocks[a] {
				space(target(inHead, &heading, &text))
			}
		case html.TextToken:
			if !skip {
				target(inHead, &heading, &text).Write(z.Text())
			}
		}
	}
}

// target is where text goes: the heading while one is open, else the text.
func target(inHead atom.Atom, heading, text *strings.Builder) *strings.Builder {
	if inHead != 0 {
		return heading
	}
	return text
}

func attr(t html.Token, key string) string {
	for _, a := range t.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasClass(t html.Token, classes []string) bool {
	for _, c := range strings.Fields(attr(t, "class")) {
		for _, want := range classes {
			if c == want {
				return true
			}
		}
	}
	return false
}

// voidTag reports whether an element has no end tag.
func voidTag(a atom.Atom) bool {
	switch a {
	case atom.Area, atom.Base, atom.Br, atom.Col, atom.Embed, atom.Hr, atom.Img, atom.Input,
		atom.Link, atom.Meta, atom.Source, atom.Track, atom.Wbr:
		return true
	}
	return false
}

// collapse trims s and makes each run of whitespace one space.
func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }
