package demoview

import (
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

// Page is a demo's own page, /demos/NAME/: every file of the demo, then
// the files of shared packages that its blocks show (not all that it
// imports, so that the page stays about the demo), and how to run it.
type Page struct {
	Name, URL string        // the demo's folder under demos/; the page's path
	Command   string        // runs the demo from the repository's root
	Files     []File        // the demo's own, then the shared ones, by name
	UsedBy    []Link        // the pages that show the demo
	Content   template.HTML // the body, from the template "demo-files"

	key string // what the page was made from, besides the demo's files
}

// File is one highlighted file of a demo's page, named by its path in the
// demo's folder or, for a shared file, from the repository's root.
type File struct {
	Name, ID string
	Source   template.HTML
}

func demoURL(base, name string) string { return base + "demos/" + name + "/" }

// Out is the page's output file.
func (d *Page) Out() string { return "demos/" + d.Name + "/index.html" }

// demoPages returns the page of every demo a directive shows, in the order
// of their first directive. A page is made again when its demo's files may
// have changed (Forget named it) or what it lists of the pages that show
// it changed, not when the demo runs.
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
	var remake, withShared []string
	for _, name := range names {
		if d := v.pages[name]; d == nil || d.key != fmt.Sprint(used[name], shown[name]) || v.forgotten(name) {
			remake = append(remake, name)
			if len(shown[name]) > 0 {
				withShared = append(withShared, name)
			}
		}
	}
	// The go command says which shared files a page may show; it is
	// asked only for the pages made again.
	allowed, err := r.Shared(ctx, withShared)
	if err != nil {
		return nil, err
	}
	made := map[string]*Page{}
	for _, name := range remake {
		command, err := r.Command(name)
		if err != nil {
			return nil, first[name].Errorf("%w", err)
		}
		own, err := r.Files(name)
		if err != nil {
			return nil, first[name].Errorf("%w", err)
		}
		d := &Page{Name: name, URL: demoURL(site.Base, name), Command: command, UsedBy: used[name], key: fmt.Sprint(used[name], shown[name])}
		for i, f := range slices.Concat(own, slices.Sorted(slices.Values(shown[name]))) {
			ref, title := first[name], f
			var src string
			if i < len(own) {
				src, err = r.Source(name, f, "")
			} else {
				ref, title = showing[[2]string{name, f}], "demos/"+f
				src, err = r.SharedSource(name, f, "", allowed[name])
			}
			// A file that is not text holds nothing a reader could read.
			if err == nil && utf8.ValidString(src) && !strings.ContainsRune(src, 0) {
				var h template.HTML
				h, err = markdown.Highlight(src, markdown.CodeOptions{Lang: langOf(f), Title: title, LineNumbers: true})
				d.Files = append(d.Files, File{Name: title, ID: fileID(title), Source: h})
			}
			if err != nil {
				return nil, ref.Errorf("%w", err)
			}
		}
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

// fileID is the id of a file's section on its demo's page.
func fileID(file string) string {
	return "file-" + strings.NewReplacer("/", "-", " ", "-").Replace(file)
}
