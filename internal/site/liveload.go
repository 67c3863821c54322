package site

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
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
	digest, err := layoutDigest(l.cfg.Theme)
	if err != nil {
		return nil, err
	}
	l.stale = true
	res, err := l.resolve(ctx, s, liveDocs(s), nil, true)
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
	l.site, l.layouts, l.stale = s, digest, false
	rep.Elapsed = time.Since(start)
	return rep, nil
}

// partial applies changes to chapters, demos and static files to the loaded
// site. It falls back to full for what it cannot apply in place.
func (l *Live) partial(ctx context.Context, files, demos []string, static bool, start time.Time) (*Report, error) {
	s := l.site
	// Parse first: a content error leaves the loaded site as it was.
	edits := map[*Chapter]*Chapter{}
	for _, file := range files {
		old := s.byFile[file]
		data, err := fs.ReadFile(l.cfg.Src, file)
		if old == nil || errors.Is(err, fs.ErrNotExist) {
			return l.full(ctx, start) // a chapter came or went
		}
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", file, err)
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
	if static {
		digest, err := layoutDigest(l.cfg.Theme)
		if err != nil {
			return nil, err
		}
		if digest != l.layouts {
			return l.full(ctx, start)
		}
		if th, err = loadTheme(l.cfg.Theme, cmp.Or(l.cfg.ThemeName, "theme")); err != nil {
			return nil, err
		}
	}

	// From here on the loaded site changes: should anything fail, the next
	// rebuild loads everything again.
	l.stale = true
	rep := &Report{What: "chapter", Parsed: len(edits)}
	usedBefore := s.demoUsers()
	navChanged, descChanged := s.apply(edits)
	if err := s.resolveLinks(); err != nil {
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
	if navChanged || th != nil {
		var err error
		if s.nav, err = s.renderNav(); err != nil {
			return nil, err
		}
	}
	if len(demos) > 0 {
		rep.What = "demo"
	}

	// Pick the pages to render again.
	rerun := func(name string) bool {
		return slices.Contains(demos, name) || slices.Contains(demos, "")
	}
	demoPages := len(demos) > 0 || s.demoUsers() != usedBefore
	var jobs []job
	var docs []*markdown.Doc
	for _, j := range s.jobs() {
		switch {
		case j.kind == "demo":
			continue // below, once the demo pages are made
		case navChanged:
		case j.kind == "index" && descChanged:
		case j.ch != nil && slices.Contains(files, j.ch.File):
		case j.doc != nil && usesDemo(j.doc, rerun):
		default:
			continue
		}
		jobs = append(jobs, j)
		if j.doc != nil {
			docs = append(docs, j.doc)
		}
	}
	res, err := l.resolve(ctx, s, docs, rerun, demoPages)
	if err != nil {
		return nil, err
	}
	if demoPages || navChanged {
		for _, j := range s.jobs() {
			if j.kind == "demo" {
				jobs = append(jobs, j)
			}
		}
	}
	if err := l.write(ctx, s, jobs, res, oldSheet, rep); err != nil {
		return nil, err
	}
	l.stale = false
	rep.Elapsed = time.Since(start)
	return rep, nil
}

// apply replaces chapters by their edited versions and reports whether the
// navigation every page shows changed (titles or order) and whether only
// what the index shows did (descriptions).
func (s *Site) apply(edits map[*Chapter]*Chapter) (nav, desc bool) {
	for old, ch := range edits {
		s.byFile[ch.File] = ch
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

// demoUsers describes which pages show which demos, with their titles: what
// the demos' pages list.
func (s *Site) demoUsers() string {
	var b strings.Builder
	for _, ref := range s.Demos() {
		u := s.usedBy(ref.File)
		fmt.Fprintf(&b, "%s\x00%s\x00%s\n", ref.Name, u.URL, u.Title)
	}
	return b.String()
}

// layoutDigest hashes every file of the theme's layouts/ folder, so that a
// change to a stylesheet can be told apart from one to a template.
func layoutDigest(theme fs.FS) (string, error) {
	h := sha256.New()
	err := fs.WalkDir(theme, "layouts", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(theme, p)
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
