// Package search makes the site's search index: the text of every
// chapter, cut into sections at its h2 and h3 headings, in one JSON file
// named by the hash of its content, so that a browser may keep it forever:
//
//	{"v": 1,
//	 "chapters": [["Threads", "/threads/"], ...],
//	 "sections": [[0, "what-a-thread-is", "What a thread is", "A thread is ..."], ...]}
//
// Pages link only to the entry, search-entry.json, which names the index,
// so that a change of one chapter does not change every page. Code, demo
// output and charts are left out: they would fill the index with words no
// reader searches for. The theme's script tokenizes the text itself;
// shipping tokens too would about double the transfer.
package search

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"path"
	"slices"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Entry is the name of the file that names the index.
const Entry = "search-entry.json"

// Chapter is one chapter's part of the index: its title, URL path (as
// /threads/) and sections.
type Chapter struct {
	Title, URL string
	Sections   []Section
}

// Section is the part of a chapter from one heading to the next: the
// heading's id (the URL fragment that opens the section) and text, both
// empty before the first heading, and what the section says, whitespace
// collapsed.
type Section struct {
	ID, Heading, Text string
}

// Files returns the index and its entry, by output path, for chapters in
// reading order.
func Files(chapters []Chapter) map[string][]byte {
	// Encode ends each value with a newline, which JSON takes as a space.
	// Escaping <, > and & would only make the file larger. Encoding
	// strings and numbers cannot fail. The buffer is grown once, to about
	// the index's size: megabytes in a long book.
	size := 64
	for _, ch := range chapters {
		size += len(ch.Title) + len(ch.URL) + 8
		for _, s := range ch.Sections {
			size += len(s.ID) + len(s.Heading) + len(s.Text) + 24
		}
	}
	var b bytes.Buffer
	b.Grow(size + size/16)
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	b.WriteString(`{"v":1,"chapters":[`)
	for i, ch := range chapters {
		if i > 0 {
			b.WriteByte(',')
		}
		enc.Encode([2]string{ch.Title, ch.URL})
	}
	b.WriteString(`],"sections":[`)
	sep := ""
	for i, ch := range chapters {
		for _, s := range ch.Sections {
			b.WriteString(sep)
			sep = ","
			enc.Encode([4]any{i, s.ID, s.Heading, s.Text})
		}
	}
	b.WriteString("]}\n")
	sum := sha256.Sum256(b.Bytes())
	name := "search-index." + hex.EncodeToString(sum[:4]) + ".json"
	return map[string][]byte{name: b.Bytes(), Entry: []byte(`{"index":"` + name + "\"}\n")}
}

// IsFile reports whether the output file name is one Files writes.
func IsFile(name string) bool {
	index, _ := path.Match("search-index.????????.json", name)
	return index || name == Entry
}

var (
	skipTags    = map[atom.Atom]bool{atom.Pre: true, atom.Svg: true, atom.Script: true, atom.Style: true, atom.Template: true}
	skipClasses = []string{"anchor", "demo-output", "demo-table", "demo-stamp", "demo-links", "demo-check", "demo-source", "footnote-backref", "footnote-ref", "code-label", "toc"}
	// blocks are the elements whose text never runs into the text around.
	blocks = map[atom.Atom]bool{atom.P: true, atom.Div: true, atom.Li: true, atom.Ul: true, atom.Ol: true,
		atom.Dl: true, atom.Dt: true, atom.Dd: true, atom.Br: true, atom.Td: true, atom.Th: true, atom.Tr: true,
		atom.Table: true, atom.Caption: true, atom.Figure: true, atom.Figcaption: true, atom.Blockquote: true,
		atom.Section: true, atom.Details: true, atom.Summary: true, atom.Hr: true, atom.Img: true}
	void = map[atom.Atom]bool{atom.Area: true, atom.Base: true, atom.Br: true, atom.Col: true, atom.Embed: true,
		atom.Hr: true, atom.Img: true, atom.Input: true, atom.Link: true, atom.Meta: true, atom.Source: true,
		atom.Track: true, atom.Wbr: true}
)

// Sections cuts a chapter's rendered HTML into sections at its h2 and h3
// headings that have an id, keeping the text readers see. Sections with
// neither heading nor text are dropped.
func Sections(src string) []Section {
	z := html.NewTokenizer(strings.NewReader(src))
	var (
		out           []Section
		cur           Section
		text, heading strings.Builder
		dst           = &text // heading while one is open
		skip          int     // elements open in one left out, 0 outside
	)
	flush := func() {
		cur.Text = strings.Join(strings.Fields(text.String()), " ")
		if cur.Heading != "" || cur.Text != "" {
			out = append(out, cur)
		}
		text.Reset()
	}
	for {
		tt := z.Next()
		name, hasAttr := z.TagName()
		a := atom.Lookup(name)
		switch tt {
		case html.ErrorToken: // io.EOF: a strings.Reader has no other error
			flush()
			return out
		case html.StartTagToken, html.SelfClosingTagToken:
			opens := tt == html.StartTagToken && !void[a]
			if skip > 0 {
				if opens {
					skip++
				}
				continue
			}
			var id, class string
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				if string(k) == "id" && id == "" {
					id = string(v)
				} else if string(k) == "class" && class == "" {
					class = string(v)
				}
			}
			if skipTags[a] || slices.ContainsFunc(strings.Fields(class), func(c string) bool { return slices.Contains(skipClasses, c) }) {
				if opens {
					skip = 1
				}
				continue
			}
			if (a == atom.H2 || a == atom.H3) && id != "" {
				flush()
				cur, dst = Section{ID: id}, &heading
				heading.Reset()
				continue
			}
			if blocks[a] {
				dst.WriteByte(' ')
			}
		case html.EndTagToken:
			if skip > 0 {
				skip--
			} else if dst == &heading && (a == atom.H2 || a == atom.H3) {
				cur.Heading = strings.Join(strings.Fields(heading.String()), " ")
				dst = &text
			} else if blocks[a] {
				dst.WriteByte(' ')
			}
		case html.TextToken:
			if skip == 0 {
				dst.Write(z.Text())
			}
		}
	}
}
