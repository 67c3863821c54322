package site

import (
	"path/filepath"
	"reflect"
	"testing"

	"github.com/concurrency-primer/site/theme"
)

// TestFork checks that a fork of a loaded and built site holds everything
// the site does, so that a field added to Site is not lost by rebuilds
// (fork must then copy it), and that changing the fork's chapters leaves
// the site's alone.
func TestFork(t *testing.T) {
	src := readArchive(t, "testdata/fixture.txtar").mapFS()
	l, _, err := NewLive(t.Context(), Config{Src: src, Theme: theme.FS, Out: filepath.Join(t.TempDir(), "live")})
	if err != nil {
		t.Fatal(err)
	}
	s := l.site
	f := s.fork()
	if !reflect.DeepEqual(s, f) {
		t.Fatal("the fork differs from the site it was made from")
	}
	if len(s.book.sections) == 0 {
		t.Fatal("the built site keeps no chapter for the one-page view")
	}
	ch := s.Chapters[0]
	edited := *ch
	f.apply(map[*Chapter]*Chapter{ch: &edited})
	if s.Chapters[0] != ch || s.byFile[ch.File] != ch {
		t.Error("applying an edit to the fork changed the site's chapters")
	}
	if _, ok := s.book.section(ch); !ok {
		t.Error("applying an edit to the fork changed the site's one-page view")
	}
}

// TestClassify checks what each kind of changed file rebuilds.
func TestClassify(t *testing.T) {
	tests := []struct{ file, kind, name string }{
		{"content/03-threads.md", "chapter", ""},
		{"content/_index.md", "site", ""},
		{"content/notes.txt", "ignore", ""},
		{"content/img/a.png", "ignore", ""},
		{"demos/cpu/main.go", "demo", "cpu"},
		{"demos/cpu/sub/x.go", "demo", "cpu"},
		{"demos/cpu/frozen.json", "results", "cpu"},
		{"demos/cpu/sub/frozen.json", "demo", "cpu"},
		{"demos/cpu/.frozen-123.json", "ignore", ""},
		{"demos/cpu-py/__pycache__/main.cpython-311.pyc", "ignore", ""},
		{"demos/internal/py/__pycache__", "ignore", ""},
		{"demos/cpu-py/main.py", "demo", "cpu-py"},
		{"demos/internal/gil/gil.go", "demo", ""},
		{"demos/README.md", "demo", ""},
		{"theme/static/style.css", "static", ""},
		{"theme/layouts/chapter.html", "layout", ""},
		{"theme/theme.go", "site", ""},
		{"go.mod", "site", ""},
		{"recipes/worker-pool/main.go", "ignore", ""},
		{"recipes", "ignore", ""},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			if kind, name := classify(tt.file); kind != tt.kind || name != tt.name {
				t.Errorf("classify(%q) = %q, %q; want %q, %q", tt.file, kind, name, tt.kind, tt.name)
			}
		})
	}
}
