package site

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"
	"unicode/utf8"

	"github.com/concurrency-primer/site/internal/demo"
	"github.com/concurrency-primer/site/internal/markdown"
)

// demoPage is a demo's own page, /demos/NAME/: every file of the demo,
// highlighted, and how to run it. The template "demo-files" of
// layouts/demo.html renders its body.
type demoPage struct {
	// Name is the demo's folder under demos/; URL the page's path.
	Name, URL string
	// Command runs the demo from the repository's root.
	Command string
	// Files are the demo's files in name order.
	Files []demoFile
	// UsedBy links to the pages that show the demo.
	UsedBy []NavItem

	content template.HTML
}

// demoFile is one highlighted file of a demo's page.
type demoFile struct {
	// Name is the path within the demo's folder; ID the section's id.
	Name, ID string
	// Source is the highlighted file, region markers removed.
	Source template.HTML
}

// demoURL returns the path of a demo's page.
func (s *Site) demoURL(name string) string { return s.basePath + "demos/" + name + "/" }

// out is the page's output file.
func (d *demoPage) out() string { return "demos/" + d.Name + "/index.html" }

// demoPages builds the page of every demo a directive shows.
func (s *Site) demoPages(r *demo.Runner, refs []*markdown.DemoRef) ([]*demoPage, error) {
	for _, ch := range s.Chapters {
		if ch.Slug == "demos" {
			return nil, fmt.Errorf("%s:1: URL %s is taken by the demos' pages", ch.File, s.URL(ch))
		}
	}
	var pages []*demoPage
	byName := map[string]*demoPage{}
	for _, ref := range refs {
		d := byName[ref.Name]
		if d == nil {
			var err error
			if d, err = s.demoPage(r, ref.Name); err != nil {
				return nil, ref.Errorf("%w", err)
			}
			byName[ref.Name] = d
			pages = append(pages, d)
		}
		if used := s.usedBy(ref.File); used.URL != "" && !containsItem(d.UsedBy, used) {
			d.UsedBy = append(d.UsedBy, used)
		}
	}
	for _, d := range pages {
		var b bytes.Buffer
		if err := s.theme.pages["demo"].ExecuteTemplate(&b, "demo-files", d); err != nil {
			return nil, s.theme.templateError(err)
		}
		d.content = template.HTML(b.String())
	}
	return pages, nil
}

// demoPage reads and highlights every file of the demo called name.
func (s *Site) demoPage(r *demo.Runner, name string) (*demoPage, error) {
	d := &demoPage{Name: name, URL: s.demoURL(name), Command: "go run ./demos/" + name}
	files, err := r.Files(name)
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		src, err := r.Source(name, f, "")
		if err != nil {
			return nil, err
		}
		if !utf8.ValidString(src) || strings.ContainsRune(src, 0) {
			continue // not text: nothing a reader could read
		}
		var b bytes.Buffer
		if err := s.md.Highlight(&b, src, markdown.CodeOptions{Lang: langOf(f), Title: f, LineNumbers: true}); err != nil {
			return nil, err
		}
		d.Files = append(d.Files, demoFile{Name: f, ID: fileID(f), Source: template.HTML(b.String())})
	}
	return d, nil
}

// usedBy returns the link to the page built from file.
func (s *Site) usedBy(file string) NavItem {
	if s.intro != nil && s.intro.File == file {
		return NavItem{Title: s.Title, URL: s.basePath}
	}
	if ch := s.byFile[file]; ch != nil {
		return NavItem{Title: ch.Title, URL: s.URL(ch)}
	}
	return NavItem{}
}

func containsItem(items []NavItem, it NavItem) bool {
	for _, x := range items {
		if x.URL == it.URL {
			return true
		}
	}
	return false
}

// fillDemoPage fills in what a demo's page shows.
func (s *Site) fillDemoPage(p *Page, d *demoPage) {
	p.Title = "The " + d.Name + " demo"
	p.Description = fmt.Sprintf("The source of the %s demo, the Go program that measures the numbers beside it; run it yourself with %s.", d.Name, d.Command)
	p.Canonical = s.absURL(d.URL)
	p.Source = "demos/" + d.Name
	p.Content = d.content
}
