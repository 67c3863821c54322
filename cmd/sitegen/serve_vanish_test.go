package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/concurrency-primer/site/internal/demo"
)

// TestServeFolderComesBack removes content/ under a running server and
// makes it again, as a git checkout or git stash can: the server says the
// site does not build, then rebuilds once the folder is back, and later
// edits in the new folder rebuild too.
func TestServeFolderComesBack(t *testing.T) {
	for _, poll := range []bool{false, true} {
		t.Run(map[bool]string{false: "events", true: "poll"}[poll], func(t *testing.T) {
			files := map[string]string{
				"content/01-a.md": "---\ntitle: A\n---\nFirst words.\n",
				"content/02-b.md": "---\ntitle: B\n---\nOther words.\n",
			}
			src := writeSite(t, files)
			content := filepath.Join(src, "content")
			s := startServe(t, serveOptions{siteFlags: siteFlags{src: src, demos: demo.ModeOff}, poll: poll})
			ch := events(t, s.url)
			expect(t, ch, "hello")

			if err := os.RemoveAll(content); err != nil {
				t.Fatal(err)
			}
			expect(t, ch, "error")
			if err := os.Mkdir(content, 0o755); err != nil {
				t.Fatal(err)
			}
			files["content/01-a.md"] = "---\ntitle: A\n---\nBack again.\n"
			for name, text := range files {
				if err := os.WriteFile(filepath.Join(src, filepath.FromSlash(name)), []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			expect(t, ch, "ok")
			expect(t, ch, "reload", `"/a/"`)
			if page := fetch(t, s.url+"a/"); !strings.Contains(page, "Back again.") {
				t.Fatalf("after content/ came back the page is not rebuilt:\n%s", page)
			}
			expect(t, ch, "reload", `"/all/"`)

			// The new folder is watched, not only read once.
			rewrite(t, filepath.Join(content, "01-a.md"), "---\ntitle: A\n---\nEdited after.\n")
			expect(t, ch, "reload", `"/a/"`)
			if page := fetch(t, s.url+"a/"); !strings.Contains(page, "Edited after.") {
				t.Errorf("an edit in the new content/ is not served:\n%s", page)
			}
		})
	}
}
