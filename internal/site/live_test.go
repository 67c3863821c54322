package site

import (
	"bytes"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/concurrency-primer/site/theme"
)

// themeCopy returns the built-in theme as a file system a test can change.
func themeCopy(t testing.TB) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	err := fs.WalkDir(theme.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(theme.FS, p)
		m[p] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// edit replaces old by new in the file name of m.
func edit(t testing.TB, m fstest.MapFS, name, old, new string) {
	t.Helper()
	f := m[name]
	if f == nil || !bytes.Contains(f.Data, []byte(old)) {
		t.Fatalf("%s does not contain %q", name, old)
	}
	m[name] = &fstest.MapFile{Data: bytes.Replace(f.Data, []byte(old), []byte(new), 1)}
}

// TestLive applies a sequence of changes to the fixture site and checks,
// after each, what was rebuilt and that the output is exactly what a whole
// build of the same sources writes.
func TestLive(t *testing.T) {
	src := readArchive(t, "testdata/fixture.txtar").mapFS()
	th := themeCopy(t)
	dir := t.TempDir()
	cfg := Config{Src: src, Theme: th, Out: filepath.Join(dir, "live")}
	l, first, err := NewLive(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if first.What != "full" || len(first.Written) == 0 {
		t.Fatalf("first build: %+v", first)
	}

	steps := []struct {
		name    string
		change  func(t *testing.T)
		files   []string
		what    string
		render  int      // pages rendered; -1 for every page
		reload  []string // pages that must be listed (others may be too)
		still   []string // pages that must not be listed
		sheet   bool     // the stylesheet was renamed
		removed string   // a file that must be gone
		err     string   // the rebuild fails with this message
	}{{
		name: "prose",
		change: func(t *testing.T) {
			edit(t, src, "content/02-terms.md", "A call that waits.", "A call that waits for a while.")
		},
		files: []string{"content/02-terms.md"},
		what:  "chapter", render: 1, reload: []string{"/terms/"}, still: []string{"/", "/intro/"},
	}, {
		name: "description",
		change: func(t *testing.T) {
			edit(t, src, "content/01-intro.md", "What this fixture covers.", "What the fixture covers.")
		},
		files: []string{"content/01-intro.md"},
		what:  "chapter", render: 2, reload: []string{"/", "/intro/"}, still: []string{"/terms/"},
	}, {
		name:   "title",
		change: func(t *testing.T) { edit(t, src, "content/01-intro.md", "title: Introduction", "title: Opening") },
		files:  []string{"content/01-intro.md"},
		what:   "chapter", render: -1, reload: []string{"/", "/intro/", "/terms/"},
	}, {
		name:   "bad front matter",
		change: func(t *testing.T) { edit(t, src, "content/02-terms.md", "weight: 20", "weight: twenty") },
		files:  []string{"content/02-terms.md"},
		err:    "content/02-terms.md:3: front matter",
	}, {
		name:   "fixed front matter",
		change: func(t *testing.T) { edit(t, src, "content/02-terms.md", "weight: twenty", "weight: 20") },
		files:  []string{"content/02-terms.md"},
		what:   "chapter", render: 1,
	}, {
		name:   "broken link",
		change: func(t *testing.T) { edit(t, src, "content/02-terms.md", "## Blocking", "## Waiting") },
		files:  []string{"content/02-terms.md"},
		err:    `content/_index.md:6: link "02-terms.md#blocking": no heading with id "blocking"`,
	}, {
		name:   "link fixed",
		change: func(t *testing.T) { edit(t, src, "content/02-terms.md", "## Waiting", "## Blocking") },
		files:  []string{"content/02-terms.md"},
		what:   "full", render: -1,
	}, {
		name:   "stylesheet",
		change: func(t *testing.T) { edit(t, th, "static/style.css", "}", "}\n.added { color: red }") },
		files:  []string{"theme/static/style.css"},
		what:   "static", render: 0, still: []string{"/", "/intro/", "/terms/"}, sheet: true,
	}, {
		name: "layout",
		change: func(t *testing.T) {
			edit(t, th, "layouts/chapter.html", `<article class="chapter`, `<article class="page chapter`)
		},
		files: []string{"theme/layouts/chapter.html"},
		what:  "full", render: -1, reload: []string{"/intro/", "/terms/"},
	}, {
		name: "chapter added",
		change: func(t *testing.T) {
			src["content/04-more.md"] = &fstest.MapFile{Data: []byte("---\ntitle: More\nweight: 40\n---\nMore words.\n")}
		},
		files: []string{"content/04-more.md"},
		what:  "full", render: -1, reload: []string{"/more/", "/", "/terms/"},
	}, {
		name:   "chapter removed",
		change: func(t *testing.T) { delete(src, "content/04-more.md") },
		files:  []string{"content/04-more.md"},
		what:   "full", render: -1,
		removed: "more/index.html",
	}, {
		name:   "ignored",
		change: func(t *testing.T) {},
		files:  []string{"content/notes.txt"},
		what:   "no", render: 0,
	}}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			st.change(t)
			before := readTree(t, cfg.Out)
			rep, err := l.Rebuild(t.Context(), st.files)
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
			if rep.What != st.what {
				t.Errorf("rebuild %q, want %q", rep.What, st.what)
			}
			want := st.render
			if want < 0 {
				want = len(l.site.jobs())
			}
			if rep.Rendered != want {
				t.Errorf("rendered %d pages, want %d (%s)", rep.Rendered, want, rep)
			}
			for _, p := range st.reload {
				if !slices.Contains(rep.Pages, p) {
					t.Errorf("pages to reload %v lack %s", rep.Pages, p)
				}
			}
			for _, p := range st.still {
				if slices.Contains(rep.Pages, p) {
					t.Errorf("pages to reload %v list %s", rep.Pages, p)
				}
			}
			if (rep.Stylesheet != "") != st.sheet {
				t.Errorf("new stylesheet %q, want one: %v", rep.Stylesheet, st.sheet)
			}
			if st.removed != "" && !slices.Contains(rep.Removed, st.removed) {
				t.Errorf("removed %v, want %s among them", rep.Removed, st.removed)
			}
			whole := cfg
			whole.Out = filepath.Join(dir, "whole-"+strings.ReplaceAll(st.name, " ", "-"))
			if err := Build(t.Context(), whole); err != nil {
				t.Fatal(err)
			}
			compareTrees(t, readTree(t, whole.Out), readTree(t, cfg.Out))
		})
	}
}

// compareTrees reports the differences between a whole build and a live one.
func compareTrees(t *testing.T, want, got map[string][]byte) {
	t.Helper()
	for name, data := range want {
		g, ok := got[name]
		switch {
		case !ok:
			t.Errorf("live output lacks %s", name)
		case !bytes.Equal(g, data):
			t.Errorf("live output's %s differs from a whole build's", name)
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("live output has %s, which a whole build does not", name)
		}
	}
}

// TestLiveLargeSite edits one chapter of a generated site of 1,000 short
// chapters and counts the pages rendered again: a prose edit renders only
// its page, a title edit every page.
func TestLiveLargeSite(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 1,000 pages")
	}
	const n = 1000
	src := fstest.MapFS{}
	for i := range n {
		src[fmt.Sprintf("content/%04d-c%d.md", i, i)] = &fstest.MapFile{Data: fmt.Appendf(nil,
			"---\ntitle: Chapter %d\ndescription: Chapter number %d.\nweight: %d\n---\n## Words\n\nA paragraph of chapter %d, see [the next](%04d-c%d.md#words).\n",
			i, i, i, i, (i+1)%n, (i+1)%n)}
	}
	cfg := Config{Src: src, Theme: theme.FS, Out: filepath.Join(t.TempDir(), "live")}
	l, first, err := NewLive(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if first.Rendered < n {
		t.Fatalf("first build rendered %d pages, want at least %d", first.Rendered, n)
	}
	const file = "content/0500-c500.md"
	tests := []struct {
		name, old, new string
		parsed         int
		rendered       int
	}{
		{"prose", "A paragraph", "One paragraph", 1, 1},
		{"description", "Chapter number 500.", "The five hundredth.", 1, 2},
		{"title", "title: Chapter 500", "title: Half way", 1, first.Rendered},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			edit(t, src, file, tt.old, tt.new)
			rep, err := l.Rebuild(t.Context(), []string{file})
			if err != nil {
				t.Fatal(err)
			}
			if rep.Parsed != tt.parsed || rep.Rendered != tt.rendered {
				t.Errorf("parsed %d and rendered %d pages, want %d and %d", rep.Parsed, rep.Rendered, tt.parsed, tt.rendered)
			}
			if !slices.Contains(rep.Pages, "/c500/") {
				t.Errorf("pages to reload %v lack /c500/", rep.Pages)
			}
		})
	}
}

// TestLiveModTimes rewrites a page twice at once and checks that each
// version has a later modification time in whole seconds, as HTTP
// revalidation needs.
func TestLiveModTimes(t *testing.T) {
	src := fstest.MapFS{"content/01-a.md": &fstest.MapFile{Data: []byte("---\ntitle: A\n---\nOne.\n")}}
	cfg := Config{Src: src, Theme: theme.FS, Out: filepath.Join(t.TempDir(), "live")}
	l, _, err := NewLive(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	page := filepath.Join(cfg.Out, "a", "index.html")
	var last time.Time
	for i, word := range []string{"One.", "Two.", "Three."} {
		if i > 0 {
			edit(t, src, "content/01-a.md", []string{"One.", "Two.", "Three."}[i-1], word)
			if _, err := l.Rebuild(t.Context(), []string{"content/01-a.md"}); err != nil {
				t.Fatal(err)
			}
		}
		fi, err := os.Stat(page)
		if err != nil {
			t.Fatal(err)
		}
		mod := fi.ModTime().Truncate(time.Second)
		if i > 0 && !mod.After(last) {
			t.Errorf("version %d modified at %v, not after the previous version's %v", i+1, mod, last)
		}
		last = mod
	}
}

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
	for name, text := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
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
			rep, err := l.Rebuild(t.Context(), []string{st.file})
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
