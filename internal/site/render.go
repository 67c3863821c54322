package site

import (
	"context"
	"hash/maphash"

	"github.com/concurrency-primer/site/internal/demoview"
	"github.com/concurrency-primer/site/internal/search"
)

// rendered is what the render cache keeps of a page: the key of its
// inputs, so that a save renders only the pages it changes, and a
// chapter's parts of the one-page view and search.
type rendered struct {
	key     uint64
	section []byte
	find    []search.Section
}

// renderPages renders into b the pages whose key changed since memo and
// returns the new cache and the number rendered.
func (s *Site) renderPages(ctx context.Context, set *demoview.Set, memo map[string]*rendered, b *batch) (map[string]*rendered, int, error) {
	nav, desc, err := s.updateNav()
	if err != nil {
		return nil, 0, err
	}
	jobs := s.jobs(set.Pages)
	next := make(map[string]*rendered, len(jobs))
	var todo []job
	var keys []uint64
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
	err = parallel(ctx, len(todo), func(i int) error {
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

// pageKey returns the key of what the page of j is made from.
func (s *Site) pageKey(j job, set *demoview.Set, nav, desc uint64) (uint64, error) {
	var h maphash.Hash
	h.SetSeed(digestSeed)
	maphash.WriteComparable(&h, [...]string{j.kind, s.theme.key, s.Title, s.Description})
	maphash.WriteComparable(&h, nav)
	switch {
	case j.kind == "index":
		maphash.WriteComparable(&h, desc)
		if s.index != nil {
			maphash.WriteComparable(&h, s.index.seq)
		}
	case j.ch != nil:
		maphash.WriteComparable(&h, j.ch.seq)
	case j.demo != nil:
		maphash.WriteComparable(&h, [2]string{string(j.demo.Content), j.demo.Command})
	}
	if j.doc == nil {
		return h.Sum64(), nil
	}
	for _, ref := range j.doc.Demos {
		html, err := set.Demo(ref)
		if err != nil {
			return 0, err
		}
		h.WriteString(string(html) + "\x00")
	}
	for _, v := range j.doc.Values {
		text, err := set.Value(v)
		if err != nil {
			return 0, err
		}
		h.WriteString(text + "\x00")
	}
	return h.Sum64(), nil
}

// wholeBook puts the one-page view and search index, made from memo's
// parts, into b.
func (s *Site) wholeBook(memo map[string]*rendered, b *batch) error {
	sections := make([][]byte, 0, len(s.Chapters))
	find := make([]search.Chapter, 0, len(s.Chapters))
	for _, ch := range s.Chapters {
		r := memo[ch.Slug+"/index.html"]
		sections = append(sections, r.section)
		find = append(find, search.Chapter{Title: ch.Title, URL: s.URL(ch), Sections: r.find})
	}
	if err := b.putAll(search.Files(find)); err != nil {
		return err
	}
	book, err := s.bookPage(sections)
	if err != nil {
		return err
	}
	return b.put(bookFile, book...)
}
