package site

import "github.com/concurrency-primer/site/internal/markdown"

// TOCItem is one entry of a page's table of contents: an h2 with the h3
// headings under it, or an h3 that comes before any h2.
type TOCItem struct {
	// Level is the heading's level, 2 or 3.
	Level int
	// ID and Text are the heading's id and plain text.
	ID, Text string
	// Children lists the h3 headings under an h2, in order.
	Children []TOCItem
}

// tocOf returns the table of contents of a page's headings: each h2 with
// the h3 headings that follow it as children, so that a reader of the page
// (and a screen reader) gets a nested list. An h3 before the first h2 gets
// an item of its own; other levels are left out.
func tocOf(headings []markdown.Heading) []TOCItem {
	var toc []TOCItem
	for _, h := range headings {
		item := TOCItem{Level: h.Level, ID: h.ID, Text: h.Text}
		switch {
		case h.Level == 2:
			toc = append(toc, item)
		case h.Level == 3 && len(toc) > 0 && toc[len(toc)-1].Level == 2:
			parent := &toc[len(toc)-1]
			parent.Children = append(parent.Children, item)
		case h.Level == 3:
			toc = append(toc, item)
		}
	}
	return toc
}
