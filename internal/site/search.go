package site

import (
	"fmt"
	"html/template"

	"github.com/concurrency-primer/site/internal/search"
)

// The search index is made from the same rendered content as the
// one-page view, at the same point: each chapter's sections are cut from
// its page's content on the rendering workers, kept with the chapter's
// part of the one-page view (so a rebuild that does not render a chapter
// keeps them, and one that does makes them again), and joined into the
// index once every page is rendered, by Publish and by Live alike.

// bookPart makes what the whole-book files keep of a chapter: its section
// of the one-page view and its sections of the search index.
func (s *Site) bookPart(ch *Chapter, content template.HTML) (cachedSection, error) {
	text, err := s.bookSection(ch, content)
	if err != nil {
		return cachedSection{}, err
	}
	find, err := search.Sections(string(content))
	if err != nil {
		return cachedSection{}, fmt.Errorf("search index: %w", err)
	}
	return cachedSection{text: text, find: find}, nil
}

// searchFiles returns the search index of the chapters and the entry
// that names it, by output path.
func (s *Site) searchFiles() (map[string][]byte, error) {
	chapters := make([]search.Chapter, 0, len(s.Chapters))
	s.book.mu.Lock()
	for _, ch := range s.Chapters {
		c, ok := s.book.sections[ch]
		if !ok {
			s.book.mu.Unlock()
			return nil, fmt.Errorf("%s: the search index has no rendered content for it", ch.File)
		}
		chapters = append(chapters, search.Chapter{Title: ch.Title, URL: s.URL(ch), Sections: c.find})
	}
	s.book.mu.Unlock()
	return search.Files(chapters)
}

// putSearch hands the search index and its entry to put.
func (s *Site) putSearch(put func(name string, data []byte) error) error {
	files, err := s.searchFiles()
	if err != nil {
		return err
	}
	for name, data := range files {
		if err := put(name, data); err != nil {
			return err
		}
	}
	return nil
}
