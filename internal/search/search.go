// Package search makes the site's search index: the text of every
// chapter, cut into sections at its headings, written as one JSON file
// that the theme's search script fetches the first time a reader focuses
// the search box.
//
// # What is indexed
//
// Sections reads a chapter's rendered HTML, the text readers see. A
// section runs from an h2 or h3 heading with an id to the next one; the
// text before the first heading is the chapter's own section, with an
// empty id. Prose, lists, tables, footnotes, demo captions and figure
// captions are indexed; highlighted code, what a demo printed, its table
// of numbers, its stamp and its charts are not: they would fill the index
// with words no reader searches for and push it past its budget.
//
// # The files
//
// Files returns two files. The index, named by the hash of its content
// (search-index.1a2b3c4d.json), so that a browser may keep it forever:
//
//	{"v": 1,
//	 "chapters": [["Threads", "/threads/"], ...],
//	 "sections": [[0, "what-a-thread-is", "What a thread is", "A thread is ..."], ...]}
//
// Each section is its chapter's place in chapters, its heading's id ("" for
// the text before the first heading), the heading's text and the section's
// text, whitespace collapsed. And the entry, search-entry.json, which keeps
// its name and names the index: pages link only to the entry, so that a
// change of one chapter changes the index's name without changing every
// page that links to it.
//
// The script tokenizes the text itself, in the browser, with the rules it
// ranks by (see theme/static/search.js): shipping tokens or postings too
// would about double the transfer.
package search

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
)

// Entry is the name of the file that names the index.
const Entry = "search-entry.json"

// Chapter is one chapter's part of the index.
type Chapter struct {
	Title string
	// URL is the chapter's URL path, as /threads/.
	URL      string
	Sections []Section
}

// Files returns the index and its entry, by output path, for chapters in
// reading order.
func Files(chapters []Chapter) (map[string][]byte, error) {
	// The index is written a value at a time into a buffer grown once:
	// encoding it whole made encoding/json grow a buffer of its own to
	// the index's size (megabytes in a long book) step by step. Encode
	// ends each value with a newline, which JSON takes as a space. The
	// text is not for HTML: escaping <, > and & in it would only make the
	// file larger.
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
		if err := enc.Encode([2]string{ch.Title, ch.URL}); err != nil {
			return nil, fmt.Errorf("search index: %w", err)
		}
	}
	b.WriteString(`],"sections":[`)
	first := true
	for i, ch := range chapters {
		for _, s := range ch.Sections {
			if !first {
				b.WriteByte(',')
			}
			first = false
			if err := enc.Encode([4]any{i, s.ID, s.Heading, s.Text}); err != nil {
				return nil, fmt.Errorf("search index: %w", err)
			}
		}
	}
	b.WriteString("]}\n")
	data := b.Bytes()
	sum := sha256.Sum256(data)
	name := "search-index." + hex.EncodeToString(sum[:4]) + ".json"
	entry, err := json.Marshal(map[string]string{"index": name})
	if err != nil {
		return nil, err
	}
	return map[string][]byte{name: data, Entry: append(entry, '\n')}, nil
}

// IsFile reports whether the output file name is one Files writes.
func IsFile(name string) bool {
	if name == Entry {
		return true
	}
	const prefix, suffix = "search-index.", ".json"
	return len(name) == len(prefix)+8+len(suffix) && name[:len(prefix)] == prefix && name[len(name)-len(suffix):] == suffix
}
