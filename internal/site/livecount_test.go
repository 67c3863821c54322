package site

import (
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"testing/fstest"

	"github.com/concurrency-primer/site/theme"
)

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
			before := parses.Load()
			rep, err := rebuildSettled(t, l, []string{file})
			if err != nil {
				t.Fatal(err)
			}
			if parsed := int(parses.Load() - before); parsed != tt.parsed || rep.Rendered != tt.rendered {
				t.Errorf("parsed %d and rendered %d pages, want %d and %d", parsed, rep.Rendered, tt.parsed, tt.rendered)
			}
			if !slices.Contains(rep.Pages, "/c500/") {
				t.Errorf("pages to reload %v lack /c500/", rep.Pages)
			}
		})
	}
}
