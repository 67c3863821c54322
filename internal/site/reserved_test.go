package site

import (
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/concurrency-primer/site/theme"
)

// TestReservedIDs checks that the built-in layouts' fixed ids are reserved
// and that headings of those names do not take them: the skip link still
// reaches <main>, and the index's chapter list keeps its id. A chapter
// whose slug is main does not take the id in the one-page view either.
func TestReservedIDs(t *testing.T) {
	th, err := loadTheme(t.Context(), theme.FS, "theme")
	if err != nil {
		t.Fatal(err)
	}
	ids := slices.Sorted(maps.Keys(th.ids))
	for _, id := range []string{"main", "chapters"} {
		if !slices.Contains(ids, id) {
			t.Errorf("reserved ids %q lack %q", ids, id)
		}
	}
	src := readArchive(t, "testdata/fixture.txtar").mapFS()
	src["content/_index.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Primer\n---\n## Chapters\n\nSee [them](#chapters-1).\n")}
	src["content/04-main.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Main\n---\n## Main\n\nBack to [main](#main-1).\n")}
	out := filepath.Join(t.TempDir(), "public")
	if err := build(src, out); err != nil {
		t.Fatal(err)
	}
	files := readTree(t, out)
	tests := []struct {
		page, id, heading string
	}{
		{"main/index.html", `id="main"`, `<h2 id="main-1">`},
		{"index.html", `id="chapters"`, `<h2 id="chapters-1">`},
		// The one-page view gives a chapter of slug main another id.
		{"all/index.html", `id="main"`, `<h2 id="chapter:main">`},
	}
	for _, tt := range tests {
		t.Run(tt.page, func(t *testing.T) {
			page := string(files[tt.page])
			if n := strings.Count(page, tt.id); n != 1 {
				t.Errorf("%s has %s %d times, want once", tt.page, tt.id, n)
			}
			if !strings.Contains(page, tt.heading) {
				t.Errorf("%s lacks %s", tt.page, tt.heading)
			}
		})
	}
}
