package site

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"io/fs"
	"maps"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"

	"github.com/concurrency-primer/site/internal/check"
	"github.com/concurrency-primer/site/internal/markdown"
)

// Site is a loaded site: its chapters parsed, its theme read.
type Site struct {
	Title, Description string     // from content/_index.md
	Chapters           []*Chapter // the published chapters in reading order

	cfg      Config
	md       *markdown.Markdown
	base     *url.URL
	basePath string
	theme    *themeFiles
	nav      *navItems
	index    *Chapter            // content/_index.md parsed, or nil
	byFile   map[string]*Chapter // every chapter parsed, drafts too
	oneShot  bool                // in Build, a page's syntax tree goes once rendered
	written  func(name string)   // called after each file is staged, by tests
}

// Chapter is one page of the site.
type Chapter struct {
	File               string // in the site folder, as content/03-threads.md
	Title, Description string
	Weight             int
	Draft              bool
	Slug               string // the output folder; the URL is /SLUG/
	Doc                *markdown.Doc

	sum     uint64   // digest of the file's bytes
	seq     uint64   // tells this parse from every other, for the render cache
	targets []string // the chapter files its links point to, "?" for any
}

// parses numbers the parsed chapters (Chapter.seq).
var parses atomic.Uint64

var (
	numPrefix = regexp.MustCompile(`^[0-9]+-`)
	slugRE    = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`)
)

// Load reads and parses the site, checking all that can be checked before
// the demos run: front matter, unique URLs, links and templates.
func Load(ctx context.Context, cfg Config) (*Site, error) {
	s, _, err := load(ctx, cfg, nil, nil)
	return s, err
}

// load is Load reusing from prev what changed does not touch; it also
// returns the number of files parsed.
func load(ctx context.Context, cfg Config, prev *Site, changed map[string]bool) (*Site, int, error) {
	if cfg.Src == nil || cfg.Theme == nil || cfg.Out == "" {
		return nil, 0, errors.New("site config needs Src, Theme and Out")
	}
	s := &Site{cfg: cfg, Title: "Documentation", byFile: map[string]*Chapter{}}
	raw := cmp.Or(cfg.BaseURL, "/")
	u, err := ParseBaseURL(raw)
	if err != nil {
		return nil, 0, fmt.Errorf("base URL %q: %w", raw, err)
	}
	s.base, s.basePath = u, u.Path
	themeChanged := prev == nil
	for f := range changed {
		themeChanged = themeChanged || strings.HasPrefix(f, "theme/")
	}
	if themeChanged {
		// Headings must not take the ids the theme's layouts use.
		if s.theme, err = loadTheme(ctx, cfg.Theme, cmp.Or(cfg.ThemeName, "theme")); err != nil {
			return nil, 0, err
		}
		if prev != nil && maps.Equal(prev.theme.ids, s.theme.ids) {
			s.md = prev.md
		} else {
			s.md = markdown.New(slices.Sorted(maps.Keys(s.theme.ids))...)
			prev = nil // every heading id may differ
		}
	} else {
		s.theme, s.md, s.nav = prev.theme, prev.md, prev.nav
	}
	entries, err := fs.ReadDir(cfg.Src, "content")
	if errors.Is(err, fs.ErrNotExist) {
		return nil, 0, fmt.Errorf("content: folder not found in the site folder")
	}
	if err != nil {
		return nil, 0, fmt.Errorf("reading content: %w", err)
	}
	var files []string
	for _, e := range entries {
		if name := e.Name(); !e.IsDir() && strings.HasSuffix(name, ".md") && !strings.HasPrefix(name, ".") {
			files = append(files, "content/"+name)
		}
	}
	old := func(file string) *Chapter {
		if prev != nil && prev.index != nil && prev.index.File == file {
			return prev.index
		}
		if prev != nil {
			return prev.byFile[file]
		}
		return nil
	}
	parsed := make([]*Chapter, len(files))
	var read []int
	for i, f := range files {
		if o := old(f); o != nil && !changed[f] && !embedsAny(o.Doc, changed) {
			parsed[i] = o
		} else {
			read = append(read, i)
		}
	}
	before := parses.Load()
	err = parallel(ctx, len(read), func(k int) error {
		i := read[k]
		data, err := readSource(ctx, cfg.Src, files[i])
		if err != nil {
			return err
		}
		if o := old(files[i]); o != nil && o.sum == maphash.Bytes(digestSeed, data) && !embedsAny(o.Doc, changed) {
			parsed[i] = o
			return nil
		}
		parsed[i], err = s.parseChapter(files[i], data)
		return err
	})
	if err != nil {
		return nil, 0, err
	}
	bySlug := map[string]*Chapter{}
	edited := map[string]bool{}
	for _, ch := range parsed {
		if ch.seq > before {
			edited[ch.File] = true
		}
		if path.Base(ch.File) == "_index.md" {
			s.Title, s.Description, s.index = ch.Title, ch.Description, ch
			continue
		}
		s.byFile[ch.File] = ch
		if ch.Draft && !cfg.Drafts {
			continue
		}
		if other := bySlug[ch.Slug]; other != nil {
			return nil, 0, fmt.Errorf("%s:1: URL %s is already used by %s", ch.File, s.URL(ch), other.File)
		}
		bySlug[ch.Slug] = ch
		s.Chapters = append(s.Chapters, ch)
	}
	slices.SortFunc(s.Chapters, func(a, b *Chapter) int {
		return cmp.Or(cmp.Compare(a.Weight, b.Weight), strings.Compare(a.File, b.File))
	})
	n := len(edited)
	if prev == nil || !sameSlugs(prev, s) {
		edited = nil // links to any chapter may have changed
	}
	if err := s.resolveLinks(edited); err != nil {
		return nil, 0, err
	}
	return s, n, nil
}

// sameSlugs reports whether a and b hold the same files and slugs.
func sameSlugs(a, b *Site) bool {
	return len(a.Chapters) == len(b.Chapters) && maps.EqualFunc(a.byFile, b.byFile, func(x, y *Chapter) bool {
		return x.Slug == y.Slug && x.Draft == y.Draft
	})
}

// embedsAny reports whether a block of code of d shows one of files.
func embedsAny(d *markdown.Doc, files map[string]bool) bool {
	return slices.ContainsFunc(d.Embeds, func(e *markdown.Embed) bool { return files[e.Path] })
}

// parseChapter parses a file of the content folder and, but for
// content/_index.md, checks its slug.
func (s *Site) parseChapter(file string, data []byte) (*Chapter, error) {
	// A byte order mark would hide the front matter's first line.
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if line, b, bad := check.InvalidUTF8(data); bad {
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
	ch := &Chapter{File: file, Title: fm.Title, Description: fm.Description, Weight: fm.Weight, Draft: fm.Draft, Slug: fm.Slug, Doc: doc,
		sum: maphash.Bytes(digestSeed, data), seq: parses.Add(1)}
	for _, l := range doc.Links {
		t, known := linkTarget(file, l.Dest)
		if !known {
			t = "?" // any file
		}
		if t != "" && !slices.Contains(ch.targets, t) {
			ch.targets = append(ch.targets, t)
		}
	}
	if path.Base(file) == "_index.md" {
		return ch, nil
	}
	line, from := fm.slugLine, ""
	if ch.Slug == "" {
		ch.Slug = numPrefix.ReplaceAllString(strings.TrimSuffix(path.Base(file), ".md"), "")
		line, from = 1, " (from the file name)"
	}
	// A slug names a folder at the top of the output, beside the site's own.
	var why string
	taken := map[string]string{allSlug: "the page of all chapters", "demos": "the demos' pages"}[ch.Slug]
	for name := range s.theme.static {
		if top, _, _ := strings.Cut(name, "/"); top == ch.Slug {
			taken = "the theme's static/" + top
		}
	}
	switch {
	case strings.Contains(ch.Slug, "."):
		why = "want lower-case letters, digits and dashes, without a dot: names with a dot are the site's own files"
	case !slugRE.MatchString(ch.Slug):
		why = "want lower-case letters, digits and dashes"
	case taken != "":
		why = fmt.Sprintf("URL %s is taken by %s; choose another slug", s.URL(ch), taken)
	default:
		return ch, nil
	}
	return nil, fmt.Errorf("%s:%d: slug %q%s: %s", file, line, ch.Slug, from, why)
}

// ParseBaseURL parses Config.BaseURL, an http(s) URL or a path from the
// root, into a URL ending in a slash without query or fragment; commands
// call it to check a flag.
func ParseBaseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme == "" && (u.Host != "" || !strings.HasPrefix(u.Path, "/")) ||
		u.Scheme != "" && (u.Scheme != "http" && u.Scheme != "https" || u.Host == "") {
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

// absURL makes a site path absolute when the base URL is.
func (s *Site) absURL(p string) string {
	if s.base.Host == "" {
		return p
	}
	u := *s.base
	u.Path = p
	return u.String()
}

// published lists the introduction, if any, and the chapters.
func (s *Site) published() []*Chapter {
	if s.index == nil {
		return s.Chapters
	}
	return append([]*Chapter{s.index}, s.Chapters...)
}

func (s *Site) docs() (docs []*markdown.Doc) {
	for _, ch := range s.published() {
		docs = append(docs, ch.Doc)
	}
	return docs
}

// resolveLinks checks and rewrites links to chapters and headings; with
// edited, only the links of and to the edited files.
func (s *Site) resolveLinks(edited map[string]bool) error {
	for _, ch := range s.published() {
		d := ch.Doc
		all := edited == nil || edited[d.File]
		if !all && !slices.ContainsFunc(ch.targets, func(t string) bool { return t == "?" || edited[t] }) {
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

// linkTarget returns the chapter file dest points to, or "", and known
// false when it cannot tell without parsing the link.
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
