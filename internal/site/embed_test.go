package site

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// embedSite writes a site on disk whose first chapter shows a region of
// recipes/pool/main.go and returns its folder.
func embedSite(t *testing.T, block string) string {
	t.Helper()
	root := t.TempDir()
	writeFiles(t, root, map[string]string{
		"content/01-a.md":      "---\ntitle: A\n---\nA recipe:\n\n" + block + "\n",
		"content/02-b.md":      "---\ntitle: B\n---\nNo code.\n",
		"recipes/pool/main.go": "package main\n\n// region pool\nfunc pool() { first() }\n// endregion\n",
	})
	return root
}

func embedConfig(t *testing.T, root string) Config {
	return Config{Src: os.DirFS(root), Root: root, Theme: themeCopy(t), Out: filepath.Join(t.TempDir(), "out")}
}

func TestEmbedErrors(t *testing.T) {
	tests := []struct{ name, block, want string }{
		{"no such file", "```go {file=\"recipes/pool/nope.go\"}\n```", "content/01-a.md:6: file=recipes/pool/nope.go: no such file in the site folder"},
		{"no such region", "```go {file=\"recipes/pool/main.go:workers\"}\n```", `content/01-a.md:6: recipes/pool/main.go: unknown region "workers" (have pool)`},
		{"symbolic link out of the folder", "```go {file=\"recipes/link.go\"}\n```", "content/01-a.md:6: file=recipes/link.go: "},
		{"climbing out", "```go {file=\"recipes/../../x.go\"}\n```", `content/01-a.md:6: code option file="recipes/../../x.go": want a path inside the site folder`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := embedSite(t, tt.block)
			outside := filepath.Join(t.TempDir(), "secret.go")
			writeFiles(t, filepath.Dir(outside), map[string]string{"secret.go": "package secret\n"})
			if err := os.Symlink(outside, filepath.Join(root, "recipes", "link.go")); err != nil {
				t.Fatal(err)
			}
			_, err := Load(t.Context(), embedConfig(t, root))
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Fatalf("error %v, want %q", err, tt.want)
			}
		})
	}
}

// TestEmbedLive checks that a page shows the region of the file it embeds
// and that a change to that file rebuilds the page, and only it.
func TestEmbedLive(t *testing.T) {
	root := embedSite(t, "```go {file=\"recipes/pool/main.go:pool\"}\n```")
	cfg := embedConfig(t, root)
	l, _, err := NewLive(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	page := filepath.Join(cfg.Out, "a", "index.html")
	html := readText(t, page)
	if !strings.Contains(html, `<span class="nf">first</span>`) || strings.Contains(html, "endregion") || !strings.Contains(html, "recipes/pool/main.go · pool") {
		t.Fatalf("the page does not show the region alone, labelled:\n%s", html)
	}

	writeFiles(t, root, map[string]string{"recipes/pool/main.go": "package main\n\n// region pool\nfunc pool() { second() }\n// endregion\n"})
	rep, err := rebuildSettled(t, l, []string{"recipes/pool/main.go"})
	if err != nil {
		t.Fatal(err)
	}
	if rep.What != "chapter" || rep.Rendered != 1 || !slices.Contains(rep.Pages, "/a/") || slices.Contains(rep.Pages, "/b/") {
		t.Errorf("after an edit to the embedded file: %+v", rep)
	}
	if html := readText(t, page); !strings.Contains(html, `<span class="nf">second</span>`) {
		t.Errorf("the page still shows the old file:\n%s", html)
	}

	writeFiles(t, root, map[string]string{"recipes/pool/main_test.go": "package main\n"})
	if rep, err := rebuildSettled(t, l, []string{"recipes/pool/main_test.go"}); err != nil || rep.What != "no" {
		t.Errorf("a file no page shows: %+v, %v; want no rebuild", rep, err)
	}

	writeFiles(t, root, map[string]string{"recipes/pool/main.go": "package main\n"})
	if _, err := rebuildSettled(t, l, []string{"recipes/pool/main.go"}); err == nil || !strings.Contains(err.Error(), `content/01-a.md:6: recipes/pool/main.go: unknown region "pool"`) {
		t.Errorf("a region removed from the file: error %v", err)
	}
}
