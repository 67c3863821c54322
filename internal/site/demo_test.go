package site

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/concurrency-primer/site/internal/demo"
	"github.com/concurrency-primer/site/internal/demoview"

	"github.com/concurrency-primer/site/internal/check"
	"github.com/concurrency-primer/site/theme"
)

// demoSite copies testdata/demosite, a site with its own module and demos,
// into a temporary folder and returns its root. Its demo good appends a
// line to the file named by SITE_FIXTURE_COUNT each time it runs; runs
// counts them.
func demoSite(t *testing.T) (root string, runs func() int) {
	t.Helper()
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("the go command is needed to build demos")
	}
	root = t.TempDir()
	if err := os.CopyFS(root, os.DirFS("testdata/demosite")); err != nil {
		t.Fatal(err)
	}
	count := filepath.Join(t.TempDir(), "runs")
	t.Setenv("SITE_FIXTURE_COUNT", count)
	return root, func() int {
		b, _ := os.ReadFile(count)
		return bytes.Count(b, []byte("\n"))
	}
}

// demoConfig configures a build of the site in root into out.
func demoConfig(t *testing.T, root, out string, mode demo.Mode) Config {
	return Config{Src: os.DirFS(root), Root: root, Theme: theme.FS, Out: out,
		BaseURL: "https://example.org/primer/", Demos: mode,
		Logf: func(format string, args ...any) { t.Logf(format, args...) }}
}

func buildDemos(t *testing.T, root, out string, mode demo.Mode) error {
	t.Helper()
	return Build(context.Background(), demoConfig(t, root, out, mode))
}

func writeText(t *testing.T, path, data string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readText(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// demoChapter returns a chapter whose body starts on line 5.
func demoChapter(body string) string {
	return "---\ntitle: Errors\ndescription: A chapter with a mistake.\n---\n" + body
}

// TestDemoErrors checks that a directive or a number naming something that
// does not exist fails the build with the file and line of the mistake.
func TestDemoErrors(t *testing.T) {
	root, _ := demoSite(t)
	out := filepath.Join(t.TempDir(), "public")
	tests := []struct {
		name, body, want string
	}{
		{"unknown demo", "Text.\n\n```demo nope\n```\n", `content/02-errors.md:7: unknown demo "nope"`},
		{"unknown file", "```demo good show=other.go\n```\n", `content/02-errors.md:5: demo good has no file "other.go" (have main.go, results.go)`},
		{"unknown region", "```demo good show=main.go:nope\n```\n", `content/02-errors.md:5: demos/good/main.go: unknown region "nope" (have workload)`},
		{"unknown option", "```demo good colour=red\n```\n", `content/02-errors.md:5: demo good: unknown option "colour"`},
		{"malformed timeout", "```demo good timeout=soon\n```\n", `content/02-errors.md:5: demo good: timeout=soon: want a duration`},
		{"unknown demo in a number", "Took {{nope median sequential}}.\n", `content/02-errors.md:5: {{nope median sequential}}: unknown demo "nope"`},
		{"unknown query", "Took {{good mean sequential}}.\n", `content/02-errors.md:5: {{good mean sequential}}: unknown query "mean"`},
		{"unknown strategy", "One.\n\nTook {{good median threads}}.\n", `content/02-errors.md:7: {{good median threads}}: demo good has no strategy "threads" (have sequential, goroutines)`},
		{"unknown metric", "Did {{good metric switches}}.\n", `content/02-errors.md:5: {{good metric switches}}: demo good has no metric "switches" (have guard_x, rate_per_s, share_pct, wait_s)`},
		{"unknown strategy metric", "Did {{good metric goroutines nope}}.\n", `content/02-errors.md:5: {{good metric goroutines nope}}: demo good, strategy goroutines, has no metric "nope" (have switches)`},
		{"unknown param", "Did {{good param size}}.\n", `content/02-errors.md:5: {{good param size}}: demo good has no parameter "size" (have payload_bytes, tasks)`},
		{"timeout", "```demo slow chart=none timeout=500ms\n```\n", `content/02-errors.md:5: demo slow: killed after the 500ms timeout`},
		{"no results to chart", "```demo html show=none\n```\n", `content/02-errors.md:5: demo html wrote no results to chart (use chart=none)`},
		{"unknown versus demo", "Text.\n\n```demo good chart=bars,versus:nope\n```\n", `content/02-errors.md:7: demo good: chart versus:nope: unknown demo "nope"`},
		{"versus without results", "```demo good chart=versus:html\n```\n", `content/02-errors.md:5: demo good: chart versus:html: demo html wrote no results`},
		{"versus of itself", "```demo good chart=versus:good\n```\n", `content/02-errors.md:5: demo good: chart versus:good compares the demo with itself`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			writeText(t, filepath.Join(root, "content", "02-errors.md"), demoChapter(tt.body))
			err := buildDemos(t, root, out, demo.ModeAuto)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("build error = %v\nwant one containing %s", err, tt.want)
			}
		})
	}
}

// TestDemoCache checks that demos run once, and again only when their
// sources change: a prose edit, a second publish of the same site or a
// build with another Site reuse the frozen result.
func TestDemoCache(t *testing.T) {
	root, runs := demoSite(t)
	out := filepath.Join(t.TempDir(), "public")
	cfg := demoConfig(t, root, out, demo.ModeAuto)
	s, err := Load(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name string
		do   func() error
		runs int
	}{
		{"first build", func() error { return s.publish(context.Background()) }, 1},
		{"same site again", func() error { return s.publish(context.Background()) }, 1},
		{"prose edit", func() error {
			chapter := filepath.Join(root, "content", "01-intro.md")
			writeText(t, chapter, strings.Replace(readText(t, chapter), "A first measurement.", "A first, edited measurement.", 1))
			return buildDemos(t, root, out, demo.ModeAuto)
		}, 1},
		{"demo edit", func() error {
			main := filepath.Join(root, "demos", "good", "main.go")
			writeText(t, main, readText(t, main)+"\n// An edit.\n")
			return buildDemos(t, root, out, demo.ModeAuto)
		}, 2},
		{"shared package edit", func() error {
			f := filepath.Join(root, "demos", "internal", "sum", "sum.go")
			writeText(t, f, readText(t, f)+"\n// An edit.\n")
			return buildDemos(t, root, out, demo.ModeAuto)
		}, 3},
		{"force", func() error { return buildDemos(t, root, out, demo.ModeForce) }, 4},
		{"frozen and current", func() error { return buildDemos(t, root, out, demo.ModeFrozen) }, 4},
	}
	for _, st := range steps {
		if err := st.do(); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if got := runs(); got != st.runs {
			t.Errorf("after %s, good ran %d times in all, want %d", st.name, got, st.runs)
		}
	}
	if !strings.Contains(readText(t, filepath.Join(out, "intro", "index.html")), "A first, edited measurement.") {
		t.Error("the prose edit is not in the page")
	}
}

// TestDemoFrozen checks that -demos=frozen runs nothing and names every
// demo without a current frozen result.
func TestDemoFrozen(t *testing.T) {
	root, runs := demoSite(t)
	out := filepath.Join(t.TempDir(), "public")
	err := buildDemos(t, root, out, demo.ModeFrozen)
	if err == nil {
		t.Fatal("frozen build without frozen results succeeded")
	}
	for _, want := range []string{"-demos=frozen: 3 of 3 demos need a run",
		"content/01-intro.md:7: demo good: no frozen result",
		"content/01-intro.md:15: demo html: no frozen result",
		"content/01-intro.md:18: demo fail: no frozen result"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	if n := runs(); n != 0 {
		t.Errorf("frozen build ran good %d times", n)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("failed build wrote its output")
	}
}

// TestDemoOff checks that -demos=off runs nothing and shows placeholders.
func TestDemoOff(t *testing.T) {
	root, runs := demoSite(t)
	out := filepath.Join(t.TempDir(), "public")
	if err := buildDemos(t, root, out, demo.ModeOff); err != nil {
		t.Fatal(err)
	}
	page := readText(t, filepath.Join(out, "intro", "index.html"))
	for _, want := range []string{"demo good: not run in this build", "demo fail: not run in this build", `Sequential took <span class="value">—</span>`} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if n := runs(); n != 0 {
		t.Errorf("-demos=off ran good %d times", n)
	}
	if _, err := os.Stat(filepath.Join(root, "demos", "good", "frozen.json")); err == nil {
		t.Error("-demos=off wrote a frozen result")
	}

	// Without a Go module nothing can run, which only -demos=off forgives.
	if err := os.Remove(filepath.Join(root, "go.mod")); err != nil {
		t.Fatal(err)
	}
	if err := buildDemos(t, root, out, demo.ModeOff); err != nil {
		t.Errorf("-demos=off in a folder without go.mod: %v", err)
	}
	if err := buildDemos(t, root, out, demo.ModeAuto); err == nil || !strings.Contains(err.Error(), "go.mod") {
		t.Errorf("-demos=auto in a folder without go.mod: error %v, want one naming go.mod", err)
	}
}

// TestDemoFailure checks that a demo that fails fails the build with the
// directive's position and the demo's stderr, and that the previous
// output and frozen result survive.
func TestDemoFailure(t *testing.T) {
	root, _ := demoSite(t)
	out := filepath.Join(t.TempDir(), "public")
	if err := buildDemos(t, root, out, demo.ModeAuto); err != nil {
		t.Fatal(err)
	}
	frozen := filepath.Join(root, "demos", "good", "frozen.json")
	page := filepath.Join(out, "intro", "index.html")
	oldFrozen, oldPage := readText(t, frozen), readText(t, page)

	tests := []struct {
		name, main string
		want       []string
	}{
		{"exit status", "package main\n\nimport (\n\t\"fmt\"\n\t\"os\"\n\n\t\"demosite/demos/internal/sum\"\n)\n\nfunc main() {\n\t// region workload\n\t// endregion\n\tfmt.Fprintln(os.Stderr, \"good: out of luck\", sum.To(1))\n\tos.Exit(3)\n}\n",
			[]string{"content/01-intro.md:7: demo good: exit status 3", "good: out of luck"}},
		{"compile error", "package main\n\nimport \"demosite/demos/internal/sum\"\n\nfunc main() {\n\t// region workload\n\tvar x int = \"no\"\n\t// endregion\n\t_ = sum.To(x)\n}\n",
			[]string{"content/01-intro.md:7: demo good does not build", "main.go:7"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			writeText(t, filepath.Join(root, "demos", "good", "main.go"), tt.main)
			writeText(t, filepath.Join(root, "demos", "good", "results.go"), "package main\n")
			err := buildDemos(t, root, out, demo.ModeAuto)
			if err == nil {
				t.Fatal("build with a failing demo succeeded")
			}
			for _, want := range tt.want {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error lacks %q:\n%v", want, err)
				}
			}
			if got := readText(t, page); got != oldPage {
				t.Error("a failed build changed the previous output")
			}
			if got := readText(t, frozen); got != oldFrozen {
				t.Error("a failed run replaced the frozen result")
			}
		})
	}
}

// TestDemoPage checks what a built demo block shows: escaped output, the
// stderr of an allowed failure, the stamp, and the demo's own page, and
// that the site passes the whole-site checks.
func TestDemoPage(t *testing.T) {
	root, _ := demoSite(t)
	out := filepath.Join(t.TempDir(), "public")
	if err := buildDemos(t, root, out, demo.ModeAuto); err != nil {
		t.Fatal(err)
	}
	page := readText(t, filepath.Join(out, "intro", "index.html"))
	demoPage := readText(t, filepath.Join(out, "demos", "good", "index.html"))
	tests := []struct {
		name, page, want string
		absent           bool
	}{
		{"output escaped", page, `&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;`, false},
		{"no markup from output", page, `<script>alert`, true},
		{"stderr of an allowed failure", page, "Standard error (exit status 1)</p>\n<pre tabindex=\"0\"><code>fail: the disk is &lt;full&gt;", false},
		{"stamp", page, "Measured on 2 × Fixture CPU &lt;1&gt;, linux/amd64, go1.26.8, GOMAXPROCS=2, 2026-11-26; reproduce: <code>go run ./demos/good</code>", false},
		{"values", page, `a speedup of <span class="value">1.90×</span>`, false},
		{"region markers hidden", page, "// region", true},
		{"link to the file", page, `href="/primer/demos/good/#file-main.go"`, false},
		{"every file", demoPage, `id="file-results.go"`, false},
		{"markers hidden on the demo page", demoPage, "endregion", true},
		{"command", demoPage, "<code>go run ./demos/good</code>", false},
		{"link back", demoPage, `<a href="/primer/intro/">Intro</a>`, false},
		{"source for the checks", demoPage, `data-source="demos/good"`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := strings.Contains(tt.page, tt.want); got == tt.absent {
				t.Errorf("page contains %q: %v, want %v", tt.want, got, !tt.absent)
			}
		})
	}
	if sitemap := readText(t, filepath.Join(out, "sitemap.xml")); !strings.Contains(sitemap, "<loc>https://example.org/primer/demos/good/</loc>") {
		t.Errorf("sitemap lacks the demo's page:\n%s", sitemap)
	}
	checkSite(t, out)
	problems, err := check.Run(context.Background(), os.DirFS(out), check.Options{BaseURL: "https://example.org/primer/"})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Error(p)
	}
}

// TestDemoNoRoot checks that a site that is not on disk shows placeholders.
func TestDemoNoRoot(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	cfg := Config{Src: os.DirFS("testdata/demosite"), Theme: theme.FS, Out: out}
	if err := Build(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	page := readText(t, filepath.Join(out, "intro", "index.html"))
	if !strings.Contains(page, "demo good: not run in this build") {
		t.Errorf("page lacks the placeholder:\n%s", page)
	}
	if _, err := os.Stat(filepath.Join(out, "demos")); err == nil {
		t.Error("a site without a folder on disk got demo pages")
	}
}

// TestDemoGolden compares the demo blocks and numbers of the fixture's
// chapter with testdata/demoblock.txtar. Run go test -update to accept
// changes, and review them in the diff.
func TestDemoGolden(t *testing.T) {
	root, _ := demoSite(t)
	checkDemoGolden(t, root, "testdata/demosite", "testdata/demoblock.txtar")
}

// checkDemoGolden builds the demo blocks and numbers of the site at root,
// a copy of fixture, and compares them with the archive golden.
func checkDemoGolden(t *testing.T, root, fixture, golden string) {
	t.Helper()
	s, err := Load(context.Background(), demoConfig(t, root, filepath.Join(t.TempDir(), "public"), demo.ModeAuto))
	if err != nil {
		t.Fatal(err)
	}
	var views demoview.Views
	res, err := views.Resolve(context.Background(), s.demoSite(), s.docs())
	if err != nil {
		t.Fatal(err)
	}
	got := archive{comment: "The demo blocks and numbers of " + fixture + "; regenerate with go test -update.\n", files: map[string][]byte{}}
	for _, d := range s.docs() {
		for _, ref := range d.Demos {
			h, err := res.Demo(ref)
			if err != nil {
				t.Fatal(err)
			}
			got.files[fmt.Sprintf("%s:%d.html", ref.File, ref.Line)] = []byte(strings.TrimSpace(string(h)) + "\n")
		}
	}
	var values strings.Builder
	for _, ch := range s.Chapters {
		for _, v := range ch.Doc.Values {
			text, err := res.Value(v)
			if err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&values, "{{%s}} = %s\n", v.Raw, text)
		}
	}
	got.files["values"] = []byte(values.String())
	want, ok := compareWith(t, golden, got)
	if !ok {
		return
	}
	for name, w := range want.files {
		if g := got.files[name]; !bytes.Equal(g, w) {
			t.Errorf("%s differs from %s (go test -update, then review the diff):\ngot:\n%s\nwant:\n%s", name, golden, g, w)
		}
	}
	for name := range got.files {
		if _, ok := want.files[name]; !ok {
			t.Errorf("%s: not in %s", name, golden)
		}
	}
}
