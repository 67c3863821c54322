package site

import (
	"context"
	"hash/maphash"

	"github.com/concurrency-primer/site/internal/demoview"
	"github.com/concurrency-primer/site/internal/search"
)

// Rendering is memoized: each page is rendered again only when the key of
// what it is made from changed since the render kept in a cache. The key
// hashes the page's kind and the parse of its Markdown (a chapter parsed
// again, after its file changed, is a new input), the navigation it
// shows, the theme's layouts and stylesheet name, the site's title, and
// the HTML of every demo block and the text of every number it shows. So
// after a save only the pages whose inputs changed render again, and a
// one-shot build, with no cache, renders each page once.

// rendered is what the cache keeps of a page: its key, and for a chapter
// its parts of the one-page view and of the search index. The page's HTML
// is in the output folder.
type rendered struct {
	key     string
	section string
	find    []search.Section
}

// renderPages renders into b every page of s whose key changed since memo
// (nil for a build without a cache) kept it, on a pool of GOMAXPROCS
// workers, and returns what the cache keeps of every page, by output path,
// and the number rendered. It leaves memo as it was: the caller keeps the
// new one once the pages are in place.
func (s *Site) renderPages(ctx context.Context, set *demoview.Set, memo map[string]*rendered, b *batch) (map[string]*rendered, int, error) {
	// The navigation's list items are rendered again only when what
	// they show changed.
	nav, desc := s.navKeys()
	if navKey := nav + desc + s.theme.key; s.nav == nil || s.nav.key != navKey {
		var err error
		if s.nav, err = s.renderNav(); err != nil {
			return nil, 0, err
		}
		s.nav.key = navKey
	}
	jobs := s.jobs(set.Pages)
	next := make(map[string]*rendered, len(jobs))
	var todo []job
	var keys []string
	for _, j := range jobs {
		key, err := s.pageKey(j, set, nav, desc)
		if err != nil {
			return nil, 0, err
		}
		if r := memo[j.out]; r != nil && r.key == key {
			next[j.out] = r
			b.seen[j.out] = true
			continue
		}
		todo, keys = append(todo, j), append(keys, key)
	}
	pages := make([]*rendered, len(todo))
	err := parallel(ctx, len(todo), func(i int) error {
		html, r, err := s.render(todo[i], set)
		if err != nil {
			return err
		}
		r.key, pages[i] = keys[i], r
		return b.put(todo[i].out, html)
	})
	if err != nil {
		return nil, 0, err
	}
	for i, j := range todo {
		next[j.out] = pages[i]
	}
	return next, len(todo), nil
}

// navKeys returns the keys of what the navigation shows of the chapters:
// nav of their titles, URLs and order, which every page shows, and desc
// of their descriptions, which only the index shows.
func (s *Site) navKeys() (nav, desc string) {
	var n, d maphash.Hash
	n.SetSeed(digestSeed)
	d.SetSeed(digestSeed)
	for _, ch := range s.Chapters {
		n.WriteString(ch.Title)
		n.WriteByte(0)
		n.WriteString(ch.Slug)
		n.WriteByte(0)
		d.WriteString(ch.Description)
		d.WriteByte(0)
	}
	return string(n.Sum(nil)), string(d.Sum(nil))
}

// pageKey returns the key of what the page of j is made from.
func (s *Site) pageKey(j job, set *demoview.Set, nav, desc string) (string, error) {
	var h maphash.Hash
	h.SetSeed(digestSeed)
	for _, part := range [...]string{j.kind, s.theme.key, nav, s.Title, s.Description} {
		h.WriteString(part)
		h.WriteByte(0)
	}
	switch {
	case j.kind == "index":
		h.WriteString(desc)
		if s.index != nil {
			maphash.WriteComparable(&h, s.index.seq)
		}
	case j.ch != nil:
		maphash.WriteComparable(&h, j.ch.seq)
	case j.demo != nil:
		h.WriteString(string(j.demo.Content))
		h.WriteString(j.demo.Command)
	}
	if j.doc != nil {
		for _, ref := range j.doc.Demos {
			html, err := set.Demo(ref)
			if err != nil {
				return "", err
			}
			h.WriteString(string(html))
			h.WriteByte(0)
		}
		for _, v := range j.doc.Values {
			text, err := set.Value(v)
			if err != nil {
				return "", err
			}
			h.WriteString(text)
			h.WriteByte(0)
		}
	}
	return string(h.Sum(nil)), nil
}

// wholeBook returns what is made of every chapter at once, by output
// path: the one-page view and the search index, from the chapters' parts
// that memo kept.
func (s *Site) wholeBook(memo map[string]*rendered) (map[string][]byte, error) {
	sections := make([]string, 0, len(s.Chapters))
	find := make([]search.Chapter, 0, len(s.Chapters))
	for _, ch := range s.Chapters {
		r := memo[ch.Slug+"/index.html"]
		sections = append(sections, r.section)
		find = append(find, search.Chapter{Title: ch.Title, URL: s.URL(ch), Sections: r.find})
	}
	files := search.Files(find)
	var err error
	files[bookFile], err = s.bookPage(sections)
	return files, err
}
