package site

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/concurrency-primer/site/internal/demo"
)

// TestDemoSharedShow checks which paths show= accepts for the file of a
// shared package (a path from demos/ of a package the demo imports) and
// that every refusal names the directive's file and line and what the demo
// may show.
func TestDemoSharedShow(t *testing.T) {
	root, _ := demoSite(t)
	out := filepath.Join(t.TempDir(), "public")
	writeText(t, filepath.Join(root, "demos", "internal", "sum", "sum_test.go"), "package sum\n")
	const (
		imports = "(it imports demos/internal/sum)"
		refused = "a path with a slash must name a file inside demos/ of a package the demo imports " + imports
	)
	tests := []struct {
		name, body, want string
	}{
		{"whole shared file", "```demo good show=internal/sum/sum.go chart=none\n```\n", ""},
		{"region of a shared file", "```demo good show=internal/sum/sum.go:loop chart=none\n```\n", ""},
		{"package not imported", "```demo good show=internal/unused/unused.go\n```\n",
			`content/02-errors.md:5: demo good does not import a package in demos/internal/unused ` + imports},
		{"another demo's file", "Text.\n\n```demo good show=html/main.go\n```\n",
			`content/02-errors.md:7: demo good does not import a package in demos/html ` + imports},
		{"demo without shared packages", "```demo html show=internal/sum/sum.go chart=none\n```\n",
			`content/02-errors.md:5: demo html does not import a package in demos/internal/sum (it imports no shared package)`},
		{"missing file", "```demo good show=internal/sum/nope.go\n```\n",
			`content/02-errors.md:5: demo good has no shared file "internal/sum/nope.go" (have internal/sum/sum.go; tests are never shown)`},
		{"test file", "```demo good show=internal/sum/sum_test.go\n```\n",
			`content/02-errors.md:5: demo good has no shared file "internal/sum/sum_test.go" (have internal/sum/sum.go; tests are never shown)`},
		{"missing region", "```demo good show=internal/sum/sum.go:nope\n```\n",
			`content/02-errors.md:5: demos/internal/sum/sum.go: unknown region "nope" (have loop)`},
		{"dot folder", "```demo good show=./internal/sum/sum.go\n```\n",
			`content/02-errors.md:5: demo good: show=./internal/sum/sum.go: ` + refused},
		{"empty folder name", "```demo good show=internal//sum/sum.go\n```\n",
			`content/02-errors.md:5: demo good: show=internal//sum/sum.go: ` + refused},
		{"escaping demos", "```demo good show=../go.mod\n```\n", `content/02-errors.md:5: demo good: show=../go.mod`},
		{"absolute path", "```demo good show=/etc/passwd\n```\n", `content/02-errors.md:5: demo good: show=/etc/passwd`},
		{"shared file without its folder", "```demo good show=sum.go\n```\n",
			`content/02-errors.md:5: demo good has no file "sum.go" (have main.go, results.go); did you mean show=internal/sum/sum.go?`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			writeText(t, filepath.Join(root, "content", "02-errors.md"), demoChapter(tt.body))
			err := buildDemos(t, root, out, demo.ModeAuto)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("build error = %v, want none", err)
				}
				// Shown twice, by 01-intro.md and here: listed once.
				page := readText(t, filepath.Join(out, "demos", "good", "index.html"))
				if n := strings.Count(page, `<h2 id="file-demos-internal-sum-sum.go">`); n != 1 {
					t.Errorf("the demo page has %d sections for demos/internal/sum/sum.go, want 1", n)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("build error = %v\nwant one containing %s", err, tt.want)
			}
		})
	}
}

// TestDemoSharedPage checks that a demo's page lists, after its own files,
// the shared files its directives show, whole and without region markers,
// with the anchor the blocks link to, and no shared file nothing shows.
func TestDemoSharedPage(t *testing.T) {
	root, _ := demoSite(t)
	out := filepath.Join(t.TempDir(), "public")
	if err := buildDemos(t, root, out, demo.ModeAuto); err != nil {
		t.Fatal(err)
	}
	page := readText(t, filepath.Join(out, "intro", "index.html"))
	good := readText(t, filepath.Join(out, "demos", "good", "index.html"))
	html := readText(t, filepath.Join(out, "demos", "html", "index.html"))
	const id = "file-demos-internal-sum-sum.go"
	tests := []struct {
		name, page, want string
		absent           bool
	}{
		{"block links to the shared file", page, `href="/primer/demos/good/#` + id + `"`, false},
		{"block names the shared file", page, "The whole of demos/internal/sum/sum.go</a>", false},
		{"block title", page, `<div class="code-label">demos/internal/sum/sum.go · loop</div>`, false},
		{"listed in the files", good, `<li><a href="#` + id + `">demos/internal/sum/sum.go</a></li>`, false},
		{"its section", good, `<h2 id="` + id + `">demos/internal/sum/sum.go`, false},
		{"the whole file", good, `Package sum is the shared code`, false},
		{"markers hidden", good, "endregion", true},
		{"not a shared file nothing shows", good, "unused", true},
		{"not on another demo's page", html, "internal/sum", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := strings.Contains(tt.page, tt.want); got == tt.absent {
				t.Errorf("page contains %q: %v, want %v", tt.want, got, !tt.absent)
			}
		})
	}
	own, shared := strings.Index(good, `id="file-results.go"`), strings.Index(good, `id="`+id+`"`)
	if own < 0 || shared < own {
		t.Errorf("the shared file's section comes at %d, the demo's last own file at %d; want it after", shared, own)
	}
	if _, err := os.Stat(filepath.Join(out, "demos", "internal")); err == nil {
		t.Error("a shared package got a page of its own")
	}
}
