package site

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/concurrency-primer/site/internal/markdown"
)

// Site is a loaded site: its chapters parsed, its theme read. A server can
// keep one between builds and publish it again.
type Site struct {
	// Title and Description come from content/_index.md.
	Title, Description string
	// Chapters are the published chapters in reading order.
	Chapters []*Chapter

	cfg   Config
	md    *markdown.Markdown
	intro *markdown.Doc
	base  *url.URL
	theme *themeFiles
	nav   *navItems
	// linkTargets caches, for each parsed document, the chapter files its
	// links point to ("?" for a link it cannot tell), for rebuilds.
	linkTargets map[*markdown.Doc][]string
	// oneShot says the site is published once (Build): each document's
	// syntax tree is released once its page is rendered.
	oneShot  bool
	byFile   map[string]*Chapter
	basePath string
	// demoState keeps the demo runner between builds and the demo pages
	// of the last one.
	demoState demoState
	// book keeps the chapters' rendered content for the one-page view.
	book book
	// written, when set, is called after each page is written to the
	// staging folder; tests use it to stop a build half-way.
	written func(name string)
}

// Chapter is one page of the site.
type Chapter struct {
	// File is the source path within the site folder, as content/03-threads.md.
	File        string
	Title       string
	Description string
	Weight      int
	Draft       bool
	// Slug names the chapter's folder in the output; its URL is /SLUG/.
	Slug string
	// Doc is the parsed Markdown.
	Doc *markdown.Doc
}

var (
	numPrefix = regexp.MustCompile(`^[0-9]+-`)
	slugRE    = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`)
)

// Load reads and parses the site: front matter, Markdown and theme. It
// checks everything that can be checked before demos run: ordering, unique
// URLs, links between chapters and the templates.
func Load(ctx context.Context, cfg Config) (*Site, error) {
	if err := cfg.check(); err != nil {
		return nil, err
	}
	s := &Site{cfg: cfg, Title: "Documentation", byFile: map[string]*Chapter{}}
	if err := s.parseBase(); err != nil {
		return nil, err
	}
	// The theme comes first: headings must not take the ids its layouts use.
	var err error
	if s.theme, err = loadTheme(ctx, cfg.Theme, cmp.Or(cfg.ThemeName, "theme")); err != nil {
		return nil, err
	}
	s.md = markdown.New(s.theme.reservedIDs()...)
	entries, err := fs.ReadDir(cfg.Src, "content")
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("content: folder not found in the site folder")
	}
	if err != nil {
		return nil, fmt.Errorf("reading content: %w", err)
	}
	var files []string
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".md") || strings.HasPrefix(name, ".") {
			continue
		}
		files = append(files, "content/"+name)
	}
	// Reading and parsing are independent for each file: a pool does
	// them, and the loop below takes the results in order, so the first
	// file in name order to fail is the one reported.
	parsed := make([]*Chapter, len(files))
	err = parallel(ctx, len(files), func(i int) error {
		data, err := readSource(ctx, cfg.Src, files[i])
		if err != nil {
			return err
		}
		parsed[i], err = s.parseChapter(files[i], data)
		return err
	})
	if err != nil {
		return nil, err
	}
	bySlug := map[string]*Chapter{}
	for i, ch := range parsed {
		file := files[i]
		if path.Base(file) == "_index.md" {
			s.Title, s.Description, s.intro = ch.Title, ch.Description, ch.Doc
			continue
		}
		s.byFile[file] = ch
		if ch.Draft && !cfg.Drafts {
			continue
		}
		if other := bySlug[ch.Slug]; other != nil {
			return nil, fmt.Errorf("%s:1: URL %s is already used by %s", file, s.URL(ch), other.File)
		}
		bySlug[ch.Slug] = ch
		s.Chapters = append(s.Chapters, ch)
	}
	slices.SortFunc(s.Chapters, func(a, b *Chapter) int {
		return cmp.Or(cmp.Compare(a.Weight, b.Weight), strings.Compare(a.File, b.File))
	})
	if err := s.resolveLinks(); err != nil {
		return nil, err
	}
	return s, nil
}

// parseChapter parses one file of the content folder: its front matter and
// Markdown, and, for a chapter, its slug. The site's introduction,
// content/_index.md, has no page of its own, so no slug.
func (s *Site) parseChapter(file string, data []byte) (*Chapter, error) {
	// Some editors start a UTF-8 file with a byte order mark; it says
	// nothing in UTF-8 and would hide the front matter's first line.
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if line, b, bad := invalidUTF8(data); bad {
		return nil, fmt.Errorf("%s:%d: byte 0x%02x is not valid UTF-8: save the file as UTF-8", file, line, b)
	}
	fm, body, line, err := splitFrontMatter(file, data)
	if err != nil {
		return nil, err
	}
	doc, err := s.md.Parse(file, body, line)
	if err != nil {
		return nil, err
	}
	if err := s.embed(doc); err != nil {
		return nil, err
	}
	ch := &Chapter{File: file, Title: fm.Title, Description: fm.Description, Weight: fm.Weight, Draft: fm.Draft, Slug: fm.Slug, Doc: doc}
	if path.Base(file) == "_index.md" {
		return ch, nil
	}
	line, from := fm.slugLine, ""
	if ch.Slug == "" {
		ch.Slug = numPrefix.ReplaceAllString(strings.TrimSuffix(path.Base(file), ".md"), "")
		line, from = 1, " (from the file name)"
	}
	if err := s.checkSlug(ch.Slug); err != nil {
		return nil, fmt.Errorf("%s:%d: slug %q%s: %w", file, line, ch.Slug, from, err)
	}
	return ch, nil
}

func (s *Site) parseBase() error {
	raw := cmp.Or(s.cfg.BaseURL, "/")
	u, err := ParseBaseURL(raw)
	if err != nil {
		return fmt.Errorf("base URL %q: %w", raw, err)
	}
	s.base, s.basePath = u, u.Path
	return nil
}

// ParseBaseURL parses a site's base URL (Config.BaseURL): an absolute
// http or https URL, or a path from the root. The URL it returns ends in a
// slash and has no query or fragment. Commands call it to check a flag
// before they build.
func ParseBaseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	bad := err != nil ||
		(u.Scheme != "" && ((u.Scheme != "http" && u.Scheme != "https") || u.Host == "")) ||
		(u.Scheme == "" && (u.Host != "" || !strings.HasPrefix(u.Path, "/")))
	if bad {
		return nil, errors.New("want an absolute URL such as https://example.org/ or a path such as /")
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	u.RawQuery, u.Fragment = "", ""
	return u, nil
}

// URL returns the path of a chapter's page, as /threads/.
func (s *Site) URL(ch *Chapter) string { return s.basePath + ch.Slug + "/" }

// absURL returns the absolute URL of a site path when the base URL is
// absolute, and the path otherwise.
func (s *Site) absURL(p string) string {
	if s.base.Host == "" {
		return p
	}
	u := *s.base
	u.Path = p
	return u.String()
}

// Demos lists every demo directive of the published chapters, in reading
// order, so that they can run before any page renders.
func (s *Site) Demos() []*markdown.DemoRef {
	var refs []*markdown.DemoRef
	if s.intro != nil {
		refs = append(refs, s.intro.Demos...)
	}
	for _, ch := range s.Chapters {
		refs = append(refs, ch.Doc.Demos...)
	}
	return refs
}

// resolveLinks checks every link to a chapter or heading and rewrites links
// to Markdown files into page URLs.
func (s *Site) resolveLinks() error { return s.resolveLinksTo(nil) }

// resolveLinksTo is resolveLinks after the files in edited changed, when
// edited is not nil: the links of those files, and the links of other
// files to them, since their headings may have changed. The other links
// were resolved before and stay as they were.
func (s *Site) resolveLinksTo(edited map[string]bool) error {
	docs := []*markdown.Doc{}
	if s.intro != nil {
		docs = append(docs, s.intro)
	}
	for _, ch := range s.Chapters {
		docs = append(docs, ch.Doc)
	}
	// The targets of the documents of this site only: those of replaced
	// ones go.
	targets := make(map[*markdown.Doc][]string, len(docs))
	for _, d := range docs {
		t, ok := s.linkTargets[d]
		if !ok {
			t = linkTargets(d)
		}
		targets[d] = t
	}
	s.linkTargets = targets
	for _, d := range docs {
		all := edited == nil || edited[d.File]
		if !all && !linksAny(targets[d], edited) {
			continue
		}
		for _, l := range d.Links {
			if !all {
				if t, known := linkTarget(d.File, l.Dest); known && !edited[t] {
					continue
				}
			}
			if err := s.resolveLink(d, l); err != nil {
				return fmt.Errorf("%s:%d: %w", d.File, l.Line, err)
			}
		}
	}
	return nil
}

// linkTargets returns the chapter files the links of d point to, with
// "?" for a link it cannot tell.
func linkTargets(d *markdown.Doc) []string {
	var targets []string
	for _, l := range d.Links {
		t, known := linkTarget(d.File, l.Dest)
		switch {
		case !known:
			t = "?" // any file
		case t == "":
			continue
		}
		if !slices.Contains(targets, t) {
			targets = append(targets, t)
		}
	}
	return targets
}

// linksAny reports whether targets, from linkTargets, may name one of
// files.
func linksAny(targets []string, files map[string]bool) bool {
	for _, t := range targets {
		if t == "?" || files[t] {
			return true
		}
	}
	return false
}

// linkTarget returns the chapter file a link dest in file points to, ""
// for a link to no chapter file, and known false when it cannot tell
// without parsing the link (escapes).
func linkTarget(file, dest string) (target string, known bool) {
	if strings.ContainsAny(dest, "%\\") {
		return "", false
	}
	p, _, _ := strings.Cut(dest, "#")
	p, _, _ = strings.Cut(p, "?")
	if !strings.HasSuffix(p, ".md") || strings.Contains(p, ":") || strings.HasPrefix(p, "/") {
		return "", true
	}
	return path.Join(path.Dir(file), p), true
}

func (s *Site) resolveLink(d *markdown.Doc, l *markdown.Link) error {
	u, err := url.Parse(l.Dest)
	if err != nil {
		return fmt.Errorf("link %q: %w", l.Dest, err)
	}
	if u.Scheme != "" || u.Host != "" || strings.HasPrefix(u.Path, "/") {
		return nil
	}
	if u.Path == "" {
		if u.Fragment != "" && !d.IDs[u.Fragment] {
			return fmt.Errorf("link %q: no heading with id %q on this page", l.Dest, u.Fragment)
		}
		return nil
	}
	if !strings.HasSuffix(u.Path, ".md") {
		return nil
	}
	file := path.Join(path.Dir(d.File), u.Path)
	ch := s.byFile[file]
	if ch == nil {
		return fmt.Errorf("link %q: no chapter %s", l.Dest, file)
	}
	if ch.Draft && !s.cfg.Drafts {
		return fmt.Errorf("link %q: %s is a draft and is not published", l.Dest, file)
	}
	if u.Fragment != "" && !ch.Doc.IDs[u.Fragment] {
		return fmt.Errorf("link %q: no heading with id %q in %s", l.Dest, u.Fragment, file)
	}
	dest := s.URL(ch)
	if u.Fragment != "" {
		dest += "#" + u.Fragment
	}
	l.SetDest(dest)
	return nil
}
