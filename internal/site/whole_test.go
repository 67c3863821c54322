package site

import (
	"bytes"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/concurrency-primer/site/internal/check"
)

// TestAll builds the real site in the repository and the fixture under a
// base path, and runs every check of sitegen check (package check) over
// what it built: links and fragments resolve under /primer/, ids, the
// Content-Security-Policy and the rest. checkSite adds what only this
// site's layout promises.
func TestAll(t *testing.T) {
	for _, name := range []string{"fixture", "content"} {
		t.Run(name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "public")
			var err error
			if name == "fixture" {
				err = build(readArchive(t, "testdata/fixture.txtar").mapFS(), out)
			} else {
				matches, _ := filepath.Glob("../../content/*.md")
				if len(matches) == 0 {
					t.Skip("no chapters in content/ yet")
				}
				err = build(os.DirFS("../.."), out)
			}
			if err != nil {
				t.Fatal(err)
			}
			checkSite(t, out)
			problems, err := check.Run(t.Context(), os.DirFS(out), check.Options{BaseURL: "https://example.org/primer/"})
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range problems {
				t.Error(p)
			}
		})
	}
}

// checkSite reports what a built site must not have beyond what package
// check looks for, which the callers run too.
func checkSite(t *testing.T, dir string) {
	for _, p := range siteProblems(readTree(t, dir)) {
		t.Error(p)
	}
}

// siteProblems checks a built site given as its files by path: every page
// has the layout's landmarks and language, and no template or Markdown
// residue. Links, fragments, ids, descriptions and the
// Content-Security-Policy are package check's.
func siteProblems(files map[string][]byte) []string {
	var problems []string
	pages := 0
	for name, data := range files {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		pages++
		for _, residue := range []string{"{{.", "{{ .", "{{end", "{{if", "{{range", "<no value>", "ZgotmplZ", "```", "](", "[^"} {
			if bytes.Contains(data, []byte(residue)) {
				problems = append(problems, fmt.Sprintf("%s: contains residue %q", name, residue))
			}
		}
		for _, need := range []string{`<html lang="en"`, "<header", "<nav", "<main", "<footer", `class="skip"`, `rel="canonical"`} {
			if !bytes.Contains(data, []byte(need)) {
				problems = append(problems, fmt.Sprintf("%s: missing %s", name, need))
			}
		}
	}
	if pages < 3 {
		problems = append(problems, fmt.Sprintf("only %d pages built", pages))
	}
	return problems
}

// TestSiteProblems checks that the whole-site checks, these and package
// check's, catch what they look for.
func TestSiteProblems(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if err := build(readArchive(t, "testdata/fixture.txtar").mapFS(), out); err != nil {
		t.Fatal(err)
	}
	good := readTree(t, out)
	problems := func(files map[string][]byte) string {
		all := siteProblems(files)
		fsys := fstest.MapFS{}
		for name, data := range files {
			fsys[name] = &fstest.MapFile{Data: data}
		}
		found, err := check.Run(t.Context(), fsys, check.Options{BaseURL: "https://example.org/primer/"})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range found {
			all = append(all, p.String())
		}
		return strings.Join(all, "\n")
	}
	if p := problems(good); p != "" {
		t.Fatalf("the fixture has problems:\n%s", p)
	}
	tests := []struct{ name, find, replace, want string }{
		{"missing page", `href="/primer/terms/"`, `href="/primer/nope/"`, "nope/index.html does not exist"},
		{"missing id", `href="/primer/terms/#blocking"`, `href="/primer/terms/#nope"`, `has no id "nope"`},
		{"style attribute", `<p>Read about`, `<p style="color:red">Read about`, `csp: <p style="…">`},
		{"empty description", `name="description" content="What this fixture covers."`, `name="description" content=""`, "<meta name=\"description\"> or an empty one"},
		{"inline script", `</main>`, `<script>alert(1)</script></main>`, "inline <script>"},
		{"template residue", `</main>`, `{{.Title}}</main>`, `residue "{{."`},
		{"markdown residue", `</main>`, "```go</main>", "residue \"```\""},
		{"no language", `<html lang="en"`, `<html`, `missing <html lang="en"`},
		{"no skip link", `class="skip"`, `class="skipped"`, `missing class="skip"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := maps.Clone(good)
			page := string(files["intro/index.html"])
			if !strings.Contains(page, tt.find) {
				t.Fatalf("intro/index.html lacks %q", tt.find)
			}
			files["intro/index.html"] = []byte(strings.Replace(page, tt.find, tt.replace, 1))
			if p := problems(files); !strings.Contains(p, tt.want) {
				t.Errorf("problems:\n%s\nwant one containing %q", p, tt.want)
			}
		})
	}
}
