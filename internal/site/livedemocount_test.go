package site

import (
	"bytes"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/concurrency-primer/site/theme"
)

// TestLiveDemoCounts runs two real demos under Live and counts the pages
// each change renders: a demo's change renders the chapter that shows it
// and its own page, not the other demo's; the frozen.json the runner wrote
// rebuilds nothing, one edited by hand renders the chapter only; after a
// demo that does not build, its fix is a demo rebuild, not a whole one.
func TestLiveDemoCounts(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs demos")
	}
	root := t.TempDir()
	files := map[string]string{
		"go.mod":            "module fixture\n\ngo 1.26\n",
		"demos/one/main.go": "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"one v1\") }\n",
		"demos/two/main.go": "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"two v1\") }\n",
		"content/01-a.md":   "---\ntitle: A\n---\n```demo one chart=none\n```\n",
		"content/02-b.md":   "---\ntitle: B\n---\n```demo two chart=none\n```\n",
		"content/03-c.md":   "---\ntitle: C\n---\nNo demo here.\n",
	}
	writeFiles(t, root, files)
	cfg := Config{Src: os.DirFS(root), Root: root, Theme: theme.FS, Out: filepath.Join(t.TempDir(), "live"), Logf: t.Logf}
	l, _, err := NewLive(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name, file, old, new string
		what                 string
		rendered             int
		pages                []string // exactly the pages to reload, /all/ aside
		page, shows          string   // a page that must show a text
		err                  string   // the rebuild fails with this message
	}{
		{"demo source", "demos/one/main.go", "one v1", "one v2", "demo", 2, []string{"/a/", "/demos/one/"}, "a", "one v2", ""},
		{"results the runner wrote", "demos/one/frozen.json", "", "", "no", 0, nil, "a", "one v2", ""},
		{"results edited", "demos/one/frozen.json", "one v2", "one edited", "demo", 1, []string{"/a/"}, "a", "one edited", ""},
		{"demo that does not build", "demos/two/main.go", `fmt.Println("two v1")`, `fmt.Println("two v2"); undefined()`, "", 0, nil, "b", "two v1", "content/02-b.md:4"},
		{"demo fixed", "demos/two/main.go", "; undefined()", "", "demo", 2, []string{"/b/", "/demos/two/"}, "b", "two v2", ""},
		{"demo shown by one more page", "content/03-c.md", "No demo here.", "```demo one chart=none\n```", "chapter", 2, []string{"/c/", "/demos/one/"}, "c", "one edited", ""},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			p := filepath.Join(root, filepath.FromSlash(st.file))
			data, err := os.ReadFile(p)
			if err != nil || !bytes.Contains(data, []byte(st.old)) {
				t.Fatalf("%s lacks %q (%v)", st.file, st.old, err)
			}
			if st.old != "" {
				if err := os.WriteFile(p, bytes.Replace(data, []byte(st.old), []byte(st.new), 1), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			before := readTree(t, cfg.Out)
			rep, err := rebuildSettled(t, l, []string{st.file})
			if st.err != "" {
				if err == nil || !strings.Contains(err.Error(), st.err) {
					t.Fatalf("error %v, want %q", err, st.err)
				}
				if after := readTree(t, cfg.Out); !maps.EqualFunc(before, after, bytes.Equal) {
					t.Error("a failed rebuild changed the output")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			pages := slices.DeleteFunc(slices.Clone(rep.Pages), func(p string) bool { return p == "/all/" })
			if rep.What != st.what || rep.Rendered != st.rendered || !slices.Equal(pages, st.pages) {
				t.Errorf("%s rebuild rendering %d pages, reloading %v; want %s rendering %d, reloading %v",
					rep.What, rep.Rendered, pages, st.what, st.rendered, st.pages)
			}
			page, err := os.ReadFile(filepath.Join(cfg.Out, st.page, "index.html"))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Contains(page, []byte(st.shows)) {
				t.Errorf("/%s/ does not show %q", st.page, st.shows)
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
