package site

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/concurrency-primer/site/internal/markdown"
)

// full loads the whole site again and renders every page.
func (l *Live) full(ctx context.Context, start time.Time) (*Report, error) {
	s, err := Load(ctx, l.cfg)
	if err != nil {
		return nil, err
	}
	if l.site != nil {
		// The runner keeps its build cache between loads.
		s.demoState.runner = l.site.demoState.runner
	}
	digest, err := layoutDigest(ctx, l.cfg.Theme)
	if err != nil {
		return nil, err
	}
	res, err := l.resolve(ctx, s, liveDocs(s), nil, func(string) bool { return true })
	if err != nil {
		return nil, err
	}
	if s.nav, err = s.renderNav(); err != nil {
		return nil, err
	}
	rep := &Report{What: "full", Parsed: len(s.Chapters)}
	if s.intro != nil {
		rep.Parsed++
	}
	if err := l.write(ctx, s, s.jobs(), res, "", rep); err != nil {
		return nil, err
	}
	l.site, l.layouts = s, digest
	rep.Elapsed = time.Since(start)
	return rep, nil
}

// partial applies changes to chapters, demos and static files to a copy of
// the loaded site, which replaces it once the files are written: a failed
// rebuild (bad front matter, a broken link, a demo that does not build)
// leaves the loaded site as it was, and the fix is applied in place too.
// It falls back to full for what it cannot apply in place.
func (l *Live) partial(ctx context.Context, c changes, start time.Time) (*Report, error) {
	s := l.site.fork()
	edits := map[*Chapter]*Chapter{}
	for _, file := range c.chapters {
		old := s.byFile[file]
		data, err := readSource(ctx, l.cfg.Src, file)
		if old == nil || errors.Is(err, fs.ErrNotExist) {
			return l.full(ctx, start) // a chapter came or went
		}
		if err != nil {
			return nil, err
		}
		ch, err := s.parseChapter(file, data)
		if err != nil {
			return nil, err
		}
		if ch.Slug != old.Slug || ch.Draft != old.Draft {
			return l.full(ctx, start)
		}
		edits[old] = ch
	}
	var th *themeFiles
	if c.static {
		digest, err := layoutDigest(ctx, l.cfg.Theme)
		if err != nil {
			return nil, err
		}
		if digest != l.layouts {
			return l.full(ctx, start)
		}
		if th, err = loadTheme(ctx, l.cfg.Theme, cmp.Or(l.cfg.ThemeName, "theme")); err != nil {
			return nil, err
		}
	}

	rep := &Report{What: "chapter", Parsed: len(edits)}
	usedBefore := s.demoUsers()
	navChanged, descChanged := s.apply(edits)
	edited := map[string]bool{}
	for _, ch := range edits {
		edited[ch.File] = true
	}
	if err := s.resolveLinksTo(edited); err != nil {
		return nil, err
	}
	oldSheet := ""
	if th != nil {
		oldSheet, s.theme = s.basePath+s.theme.stylesheet, th
		if oldSheet == s.basePath+th.stylesheet {
			oldSheet = ""
		}
		rep.What = "static"
	}
	if navChanged || descChanged || th != nil {
		var err error
		if s.nav, err = s.renderNav(); err != nil {
			return nil, err
		}
	}
	if len(c.rerun) > 0 {
		rep.What = "demo"
	}

	// Pick the pages to render again: the edited chapters, those that
	// show or quote a demo that runs again, and the pages of the demos
	// whose files changed; every demo's page when which pages use which
	// demo changed, as the demos' pages list them.
	rerun := func(name string) bool {
		return slices.Contains(c.rerun, name) || slices.Contains(c.rerun, "")
	}
	var pages func(string) bool
	switch {
	case s.demoUsers() != usedBefore || slices.Contains(c.sources, ""):
		pages = func(string) bool { return true }
	case len(c.sources) > 0:
		pages = func(name string) bool { return slices.Contains(c.sources, name) }
	}
	var jobs []job
	var docs []*markdown.Doc
	for _, j := range s.jobs() {
		switch {
		case j.kind == "demo":
			continue // below, once the demo pages are made
		case navChanged:
		case j.kind == "index" && descChanged:
		case j.ch != nil && slices.Contains(c.chapters, j.ch.File):
		case j.doc != nil && usesDemo(j.doc, rerun):
		default:
			continue
		}
		jobs = append(jobs, j)
		if j.doc != nil {
			docs = append(docs, j.doc)
		}
	}
	res, err := l.resolve(ctx, s, docs, rerun, pages)
	if err != nil {
		return nil, err
	}
	// A demo's page made again renders again; the others only when the
	// navigation they show changed.
	for _, j := range s.jobs() {
		if j.kind == "demo" && (navChanged || !slices.Contains(l.site.demoState.pages, j.demo)) {
			jobs = append(jobs, j)
		}
	}
	if err := l.write(ctx, s, jobs, res, oldSheet, rep); err != nil {
		return nil, err
	}
	l.site = s
	rep.Elapsed = time.Since(start)
	return rep, nil
}

// fork returns a copy of s that a rebuild can change while s stays as it
// was: the lists and maps that a rebuild changes are copied, what it only
// replaces (the theme, the navigation, the demos' pages) is shared, as
// are the parsed chapters, which it never changes but for their links,
// resolved the same way as long as no slug changed.
func (s *Site) fork() *Site {
	f := &Site{
		Title:       s.Title,
		Description: s.Description,
		Chapters:    slices.Clone(s.Chapters),
		cfg:         s.cfg,
		md:          s.md,
		intro:       s.intro,
		base:        s.base,
		theme:       s.theme,
		nav:         s.nav,
		byFile:      maps.Clone(s.byFile),
		linkTargets: maps.Clone(s.linkTargets),
		basePath:    s.basePath,
		demoState:   s.demoState,
		written:     s.written,
	}
	s.book.mu.Lock()
	defer s.book.mu.Unlock()
	f.book.sections = maps.Clone(s.book.sections)
	return f
}

// apply replaces chapters by their edited versions and reports whether the
// navigation every page shows changed (titles or order) and whether only
// what the index shows did (descriptions).
func (s *Site) apply(edits map[*Chapter]*Chapter) (nav, desc bool) {
	for old, ch := range edits {
		s.byFile[ch.File] = ch
		s.book.forget(old)
		i := slices.Index(s.Chapters, old)
		if i < 0 {
			continue // a draft left out: no page shows it
		}
		s.Chapters[i] = ch
		nav = nav || ch.Title != old.Title || ch.Weight != old.Weight
		desc = desc || ch.Description != old.Description
	}
	slices.SortFunc(s.Chapters, func(a, b *Chapter) int {
		return cmp.Or(cmp.Compare(a.Weight, b.Weight), strings.Compare(a.File, b.File))
	})
	return nav, desc
}

// forget drops what the book keeps of ch, a chapter replaced by an edit.
func (b *book) forget(ch *Chapter) {
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.sections, ch)
}

// demoUsers describes which pages show which demos, with their titles, and
// the shared files the directives show: what the demos' pages list.
func (s *Site) demoUsers() string {
	var b strings.Builder
	for _, ref := range s.Demos() {
		u := s.usedBy(ref.File)
		shared := ""
		if strings.Contains(ref.Show, "/") {
			shared = ref.Show
		}
		fmt.Fprintf(&b, "%s\x00%s\x00%s\x00%s\n", ref.Name, u.URL, u.Title, shared)
	}
	return b.String()
}

// layoutDigest hashes every file of the theme's layouts/ folder, so that a
// change to a stylesheet can be told apart from one to a template.
func layoutDigest(ctx context.Context, theme fs.FS) (string, error) {
	h := sha256.New()
	err := fs.WalkDir(theme, "layouts", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := readSource(ctx, theme, p)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s %d\n", p, len(data))
		h.Write(data)
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("reading the theme's layouts: %w", err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
