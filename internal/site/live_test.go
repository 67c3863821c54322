package site

import (
	"bytes"
	"io/fs"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

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
		all     bool     // every page must reload
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
		what:   "no", render: 0, // back as the last good build had it
	}, {
		name:   "broken link",
		change: func(t *testing.T) { edit(t, src, "content/02-terms.md", "## Blocking", "## Waiting") },
		files:  []string{"content/02-terms.md"},
		err:    `content/_index.md:6: link "02-terms.md#blocking": no heading with id "blocking"`,
	}, {
		name:   "link fixed",
		change: func(t *testing.T) { edit(t, src, "content/02-terms.md", "## Waiting", "## Blocking") },
		files:  []string{"content/02-terms.md"},
		what:   "no", render: 0,
	}, {
		name: "broken link beside a good edit",
		change: func(t *testing.T) {
			edit(t, src, "content/01-intro.md", "What the fixture covers.", "What this fixture covers.")
			edit(t, src, "content/02-terms.md", "## Blocking", "## Waiting")
		},
		files: []string{"content/01-intro.md", "content/02-terms.md"},
		err:   `no heading with id "blocking"`,
	}, {
		name:   "link fixed after a good edit",
		change: func(t *testing.T) { edit(t, src, "content/02-terms.md", "## Waiting", "## Blocking") },
		files:  []string{"content/02-terms.md"},
		what:   "chapter", render: 2, reload: []string{"/", "/intro/"}, still: []string{"/terms/"},
	}, {
		name: "broken layout",
		change: func(t *testing.T) {
			edit(t, th, "layouts/chapter.html", "<h1>{{.Title}}</h1>", "<h1>{{.Title</h1>")
		},
		files: []string{"theme/layouts/chapter.html"},
		err:   "chapter.html",
	}, {
		name: "layout put back",
		change: func(t *testing.T) {
			edit(t, th, "layouts/chapter.html", "<h1>{{.Title</h1>", "<h1>{{.Title}}</h1>")
		},
		files: []string{"theme/layouts/chapter.html"},
		what:  "no", render: 0, still: []string{"/", "/intro/", "/terms/"},
	}, {
		name:   "prose after the layout",
		change: func(t *testing.T) { edit(t, src, "content/02-terms.md", "waits for a while.", "waits a while.") },
		files:  []string{"content/02-terms.md"},
		what:   "chapter", render: 1, reload: []string{"/terms/"}, still: []string{"/", "/intro/"},
	}, {
		name:   "stylesheet",
		change: func(t *testing.T) { edit(t, th, "static/style.css", "}", "}\n.added { color: red }") },
		files:  []string{"theme/static/style.css"},
		what:   "static", render: -1, still: []string{"/", "/intro/", "/terms/"}, sheet: true,
	}, {
		name:   "script",
		change: func(t *testing.T) { edit(t, th, "static/copy.js", "(", "( ") },
		files:  []string{"theme/static/copy.js"},
		what:   "static", render: 0, all: true,
	}, {
		name:   "draft",
		change: func(t *testing.T) { edit(t, src, "content/03-draft.md", "title: Not yet", "title: Later") },
		files:  []string{"content/03-draft.md"},
		what:   "chapter", render: 0, still: []string{"/", "/intro/", "/terms/"},
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
		what:   "full", render: -1, reload: []string{"/more/"},
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
			rep, err := rebuildSettled(t, l, st.files)
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
				want = len(l.memo)
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
			if rep.AllPages != st.all {
				t.Errorf("every page to reload: %v, want %v", rep.AllPages, st.all)
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
