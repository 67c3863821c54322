package site

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/concurrency-primer/site/theme"
)

// TestLiveDemo runs a real demo under Live: a chapter edit reuses the
// demo's outcome and block, a change to the demo's source runs it again
// and renders the page that shows it, not the others.
func TestLiveDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs a demo")
	}
	root := t.TempDir()
	files := map[string]string{
		"go.mod":              "module fixture\n\ngo 1.26\n",
		"demos/hello/main.go": "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"hello one\") }\n",
		"content/01-a.md":     "---\ntitle: A\n---\nBefore.\n\n```demo hello chart=none\nIt greets.\n```\n",
		"content/02-b.md":     "---\ntitle: B\n---\nNo demo here.\n",
	}
	writeFiles(t, root, files)
	change := func(name, old, new string) {
		t.Helper()
		p := filepath.Join(root, filepath.FromSlash(name))
		data, err := os.ReadFile(p)
		if err != nil || !bytes.Contains(data, []byte(old)) {
			t.Fatalf("%s lacks %q (%v)", name, old, err)
		}
		if err := os.WriteFile(p, bytes.Replace(data, []byte(old), []byte(new), 1), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cfg := Config{Src: os.DirFS(root), Root: root, Theme: theme.FS, Out: filepath.Join(t.TempDir(), "live"), Logf: t.Logf}
	l, _, err := NewLive(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name, file, old, new string
		what                 string
		pages                []string // exactly the pages to reload, /all/ aside
		shows                string   // what /a/ must show
	}{
		{"prose above the directive", "content/01-a.md", "Before.", "Before.\n\nMore lines\nabove it.", "chapter", []string{"/a/"}, "hello one"},
		{"caption", "content/01-a.md", "It greets.", "It says hello.", "chapter", []string{"/a/"}, "It says hello."},
		{"demo source", "demos/hello/main.go", "hello one", "hello two", "demo", []string{"/a/", "/demos/hello/"}, "hello two"},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			change(st.file, st.old, st.new)
			rep, err := rebuildSettled(t, l, []string{st.file})
			if err != nil {
				t.Fatal(err)
			}
			pages := slices.DeleteFunc(slices.Clone(rep.Pages), func(p string) bool { return p == "/all/" })
			if rep.What != st.what || !slices.Equal(pages, st.pages) {
				t.Errorf("%s rebuild reloading %v, want %s reloading %v", rep.What, pages, st.what, st.pages)
			}
			page, err := os.ReadFile(filepath.Join(cfg.Out, "a", "index.html"))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Contains(page, []byte(st.shows)) {
				t.Errorf("/a/ does not show %q", st.shows)
			}
			whole := cfg
			whole.Out = filepath.Join(t.TempDir(), "whole")
			if err := Build(t.Context(), whole); err != nil {
				t.Fatal(err)
			}
			compareTrees(t, readTree(t, whole.Out), readTree(t, cfg.Out))
		})
	}
}

// writeFiles writes files, named by slash-separated paths, under root.
func writeFiles(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
