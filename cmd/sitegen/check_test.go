package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// realDemoMode is the demo mode for building the repository's own site in
// tests: the committed frozen results when every demo has one, else
// placeholders, since running the demos takes minutes and needs a quiet
// machine.
func realDemoMode(t *testing.T, root string) string {
	t.Helper()
	demos, _ := filepath.Glob(filepath.Join(root, "demos", "*", "main.go"))
	for _, d := range demos {
		if _, err := os.Stat(filepath.Join(filepath.Dir(d), "frozen.json")); err != nil {
			t.Logf("%s has no frozen.json: checking the site with -demos=off", filepath.Dir(d))
			return "off"
		}
	}
	return "frozen"
}

// TestCheckRealSite runs sitegen check over the repository's site, as CI
// does: every page must pass every check. Then html-validate validates
// the pages it built.
func TestCheckRealSite(t *testing.T) {
	root := filepath.Join("..", "..")
	out := filepath.Join(t.TempDir(), "public")
	var stderr bytes.Buffer
	args := []string{"check", "-src", root, "-out", out,
		"-base-url", "https://example.org/", "-demos", realDemoMode(t, root)}
	if code := run(t.Context(), args, &stderr); code != 0 {
		t.Fatalf("sitegen %s: exit code %d:\n%s", strings.Join(args, " "), code, stderr.String())
	}
	t.Run("html-validate", func(t *testing.T) { validateHTML(t, out) })
}

func TestCheck(t *testing.T) {
	good := writeSite(t, map[string]string{
		"content/_index.md": "---\ntitle: Primer\ndescription: A primer.\n---\nRead [a](01-a.md).\n",
		"content/01-a.md":   "---\ntitle: A\ndescription: The first.\n---\n## One\n\nSee [b](02-b.md#two).\n",
		"content/02-b.md":   "---\ntitle: B\ndescription: The second.\n---\n## Two\n\nBack to [one](01-a.md#one).\n",
	})
	// A built site with a broken link and a duplicate id in a chapter.
	broken := t.TempDir()
	if code := run(t.Context(), []string{"build", "-src", good, "-out", broken}, new(bytes.Buffer)); code != 0 {
		t.Fatal("building the fixture failed")
	}
	page := filepath.Join(broken, "a", "index.html")
	data, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	data = bytes.Replace(data, []byte(`href="/b/#two"`), []byte(`href="/b/#three"`), 1)
	data = bytes.Replace(data, []byte(`</main>`), []byte(`<p id="one">again</p></main>`), 1)
	if err := os.WriteFile(page, data, 0o644); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name   string
		args   []string
		code   int
		stderr []string
	}{
		{"builds and checks", []string{"check", "-src", good}, 0, nil},
		{"absolute base URL", []string{"check", "-src", good, "-base-url", "https://example.org/docs/"}, 0, nil},
		{"built folder", []string{"check", "-dir", broken}, 1, []string{
			"checking " + broken + ": 2 problems",
			`a/index.html:`, `: link: <a href> "/b/#three" names no element: b/index.html has no id "three" (content/01-a.md)`,
			`: id: id "one" is already used at line`,
		}},
		{"tiny budget", []string{"check", "-src", good, "-budget", "100"}, 1, []string{"weight: page weighs", "over the 0.1 KB budget"}},
		{"build error", []string{"check", "-src", writeSite(t, map[string]string{"content/01-a.md": "---\ntitle: A\n---\n[x](09-x.md)\n"})}, 1,
			[]string{`content/01-a.md:4: link "09-x.md": no chapter content/09-x.md`}},
		{"missing folder", []string{"check", "-dir", filepath.Join(broken, "nope")}, 1, []string{"no such folder"}},
		{"dir and out", []string{"check", "-dir", broken, "-out", broken}, 2, []string{"-dir and -out"}},
		{"zero budget", []string{"check", "-budget", "0"}, 2, []string{"-budget=0"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stderr bytes.Buffer
			if code := run(t.Context(), tt.args, &stderr); code != tt.code {
				t.Errorf("exit code %d, want %d; stderr:\n%s", code, tt.code, stderr.String())
			}
			for _, s := range tt.stderr {
				if !strings.Contains(stderr.String(), s) {
					t.Errorf("stderr lacks %q:\n%s", s, stderr.String())
				}
			}
		})
	}
}
