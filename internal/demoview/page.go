package demoview

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"path"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/concurrency-primer/site/internal/demo"
	"github.com/concurrency-primer/site/internal/markdown"
)

// Page is a demo's own page, /demos/NAME/: every file of the demo,
// highlighted, then every file of a shared package that a directive shows
// beside it, and how to run it. The template "demo-files" of
// layouts/demo.html renders its body.
//
// Only the shared files the pages show are listed, not every file of the
// packages the demo imports: the page stays about the demo, and the "whole
// file" link of each block still has a target.
type Page struct {
	// Name is the demo's folder under demos/; URL the page's path.
	Name, URL string
	// Command runs the demo from the repository's root.
	Command string
	// Files are the demo's files in name order, then the shared files
	// shown, in name order.
	Files []File
	// UsedBy links to the pages that show the demo.
	UsedBy []Link
	// Content is the page's body, from the template "demo-files".
	Content template.HTML

	key string // what the page was made from, besides the demo's files
}

// File is one highlighted file of a demo's page.
type File struct {
	// Name is the path within the demo's folder, or from the repository's
	// root for a shared file (pageName); ID the section's id.
	Name, ID string
	// Shared says the file is a shared package's that the demo imports.
	Shared bool
	// Source is the highlighted file, region markers removed.
	Source template.HTML
}

// demoURL returns the path of a demo's page under the site's base path.
func demoURL(base, name string) string { return base + "demos/" + name + "/" }

// Out is the page's output file.
func (d *Page) Out() string { return "demos/" + d.Name + "/index.html" }

// demoPages returns the page of every demo a directive shows, with the
// shared files the directives show, in the order of their first directive.
// A page is made again when its demo is stale or what it lists of the
// pages that show it changed; else the last one is kept.
func (v *Views) demoPages(ctx context.Context, site Site, r *demo.Runner, refs []*markdown.DemoRef) ([]*Page, error) {
	var names []string
	used := map[string][]Link{}
	shown := map[string][]string{}
	first := map[string]*markdown.DemoRef{}
	showing := map[[2]string]*markdown.DemoRef{} // the first directive to show a shared file
	for _, ref := range refs {
		if first[ref.Name] == nil {
			first[ref.Name] = ref
			names = append(names, ref.Name)
		}
		if u := site.PageOf(ref.File); u.URL != "" && !slices.Contains(used[ref.Name], u) {
			used[ref.Name] = append(used[ref.Name], u)
		}
		if k := [2]string{ref.Name, ref.Show}; strings.Contains(ref.Show, "/") && showing[k] == nil {
			own, err := r.Files(ref.Name)
			if err != nil {
				return nil, ref.Errorf("%w", err)
			}
			if demo.IsShared(ref.Show, own) {
				shown[ref.Name] = append(shown[ref.Name], ref.Show)
				showing[k] = ref
			}
		}
	}
	keys := map[string]string{}
	var remake, withShared []string
	for _, name := range names {
		keys[name] = fmt.Sprint(used[name], shown[name])
		// A page shows the demo's files, not its outcome: it is made
		// again when they may have changed, not when the demo runs.
		if d := v.pages[name]; d == nil || d.key != keys[name] || v.forgotten(name) {
			remake = append(remake, name)
			if len(shown[name]) > 0 {
				withShared = append(withShared, name)
			}
		}
	}
	// Which shared files a page may show takes the go command: it is
	// asked only for the pages made again.
	allowed, err := r.Shared(ctx, withShared)
	if err != nil {
		return nil, err
	}
	made := map[string]*Page{}
	for _, name := range remake {
		d, err := ownFiles(site, r, name)
		if err != nil {
			return nil, first[name].Errorf("%w", err)
		}
		for _, f := range slices.Sorted(slices.Values(shown[name])) {
			src, err := r.SharedSource(name, f, "", allowed[name])
			if err == nil {
				err = d.add(site.Markdown, f, src, true)
			}
			if err != nil {
				return nil, showing[[2]string{name, f}].Errorf("%w", err)
			}
		}
		d.UsedBy, d.key = used[name], keys[name]
		if d.Content, err = execute(site, "demo-files", d); err != nil {
			return nil, err
		}
		made[name] = d
	}
	pages := make([]*Page, 0, len(names))
	for _, name := range names {
		if made[name] == nil {
			made[name] = v.pages[name]
		}
		pages = append(pages, made[name])
	}
	v.pages = made
	return pages, nil
}

// ownFiles returns the page of the demo called name with its own files.
func ownFiles(site Site, r *demo.Runner, name string) (*Page, error) {
	command, err := r.Command(name)
	if err != nil {
		return nil, err
	}
	files, err := r.Files(name)
	if err != nil {
		return nil, err
	}
	d := &Page{Name: name, URL: demoURL(site.Base, name), Command: command}
	for _, f := range files {
		src, err := r.Source(name, f, "")
		if err == nil {
			err = d.add(site.Markdown, f, src, false)
		}
		if err != nil {
			return nil, err
		}
	}
	return d, nil
}

// add highlights one file of the page and adds it, unless it is not text,
// which a reader could not read.
func (d *Page) add(md *markdown.Markdown, file, src string, shared bool) error {
	if !utf8.ValidString(src) || strings.ContainsRune(src, 0) {
		return nil
	}
	name := pageName(file, shared)
	var b bytes.Buffer
	if err := md.Highlight(&b, src, markdown.CodeOptions{Lang: langOf(file), Title: name, LineNumbers: true}); err != nil {
		return err
	}
	d.Files = append(d.Files, File{Name: name, ID: fileID(name), Shared: shared, Source: template.HTML(b.String())})
	return nil
}

// langOf names the chroma lexer for a demo file by its extension.
func langOf(file string) string {
	switch ext := strings.TrimPrefix(path.Ext(file), "."); ext {
	case "txt", "":
		return "text"
	case "py":
		return "python"
	default:
		return ext
	}
}

// pageName is how a demo's page and blocks name a file shown: a file of
// the demo's folder by its path there ("main.go"), a shared package's by
// its path from the repository's root ("demos/internal/gil/gil.go").
func pageName(file string, shared bool) string {
	if shared {
		return "demos/" + file
	}
	return file
}

// fileID is the id of a file's section on its demo's page.
func fileID(file string) string {
	return "file-" + strings.NewReplacer("/", "-", " ", "-").Replace(file)
}

// suggest names the shared file a show= without its folder may mean.
func suggest(file string, shared []string) string {
	for _, f := range shared {
		if path.Base(f) == file {
			return "; did you mean show=" + f + "?"
		}
	}
	return ""
}
