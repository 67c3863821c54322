package site

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
)

// TestNavWindow checks that a site of many chapters lists, in each page's
// sidebar, the chapters around the current one, numbered by their place,
// with links to the full list, while a small site lists every chapter.
func TestNavWindow(t *testing.T) {
	site := func(n int) fstest.MapFS {
		fsys := fstest.MapFS{}
		for i := range n {
			fsys[fmt.Sprintf("content/%03d-c%d.md", i, i)] = &fstest.MapFile{Data: fmt.Appendf(nil, "---\ntitle: Chapter %d\nweight: %d\n---\nText %d.\n", i, i, i)}
		}
		return fsys
	}
	items := regexp.MustCompile(`<li( value="(\d+)")?><a href="[^"]*/(c\d+)/"( aria-current="page")?>`)
	sidebar := func(t *testing.T, page string) string {
		t.Helper()
		_, rest, ok := strings.Cut(page, `<nav class="nav-wide" aria-label="Chapters">`)
		if !ok {
			t.Fatal("page has no wide navigation")
		}
		nav, _, _ := strings.Cut(rest, "</nav>")
		return nav
	}
	tests := []struct {
		n, page    int
		first      string // value of the first item, "" for none
		slugs      []string
		moreBefore bool
		moreAfter  bool
	}{
		{n: navFull, page: 20, slugs: nil}, // every chapter, checked by count below
		{n: 100, page: 50, first: "46", slugs: []string{"c45", "c46", "c47", "c48", "c49", "c50", "c51", "c52", "c53", "c54", "c55"}, moreBefore: true, moreAfter: true},
		{n: 100, page: 0, slugs: []string{"c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9", "c10"}, moreAfter: true},
		{n: 100, page: 99, first: "90", slugs: []string{"c89", "c90", "c91", "c92", "c93", "c94", "c95", "c96", "c97", "c98", "c99"}, moreBefore: true},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%d chapters page %d", tt.n, tt.page), func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "public")
			if err := build(site(tt.n), out); err != nil {
				t.Fatal(err)
			}
			data, err := os.ReadFile(filepath.Join(out, fmt.Sprintf("c%d", tt.page), "index.html"))
			if err != nil {
				t.Fatal(err)
			}
			nav := sidebar(t, string(data))
			ms := items.FindAllStringSubmatch(nav, -1)
			if tt.slugs == nil {
				if len(ms) != tt.n || strings.Contains(nav, "nav-more") {
					t.Fatalf("sidebar lists %d chapters (more link: %v), want all %d", len(ms), strings.Contains(nav, "nav-more"), tt.n)
				}
				return
			}
			var got []string
			for i, m := range ms {
				got = append(got, m[3])
				if (m[4] != "") != (m[3] == fmt.Sprintf("c%d", tt.page)) {
					t.Errorf("item %s: aria-current %q", m[3], m[4])
				}
				if i == 0 && m[2] != tt.first {
					t.Errorf("first item numbered %q, want %q", m[2], tt.first)
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.slugs) {
				t.Errorf("sidebar lists %v, want %v", got, tt.slugs)
			}
			more := `#chapters">All 100 chapters</a></li>`
			before, after, _ := strings.Cut(nav, items.FindString(nav))
			if strings.Contains(before, more) != tt.moreBefore {
				t.Errorf("link to the full list before the window: %v, want %v", !tt.moreBefore, tt.moreBefore)
			}
			if strings.Contains(after, more) != tt.moreAfter {
				t.Errorf("link to the full list after the window: %v, want %v", !tt.moreAfter, tt.moreAfter)
			}
		})
	}
}
