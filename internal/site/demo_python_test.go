package site

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/concurrency-primer/site/internal/demo"

	"github.com/concurrency-primer/site/internal/check"
)

// pySite copies testdata/pysite, a site with a Python demo (work-py) and
// its Go twin (work), into a temporary folder and returns its root. It
// skips the test when python3 or go is missing, or fails it when
// SITEGEN_REQUIRE_TOOLS=1.
func pySite(t *testing.T) string {
	t.Helper()
	for _, tool := range []string{"go", "python3"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("SITEGEN_REQUIRE_TOOLS") == "1" {
				t.Fatalf("%s is not on PATH and SITEGEN_REQUIRE_TOOLS=1", tool)
			}
			t.Skipf("%s is not on PATH: the Python demo site cannot build here", tool)
		}
	}
	root := t.TempDir()
	if err := os.CopyFS(root, os.DirFS("testdata/pysite")); err != nil {
		t.Fatal(err)
	}
	return root
}

// TestPythonDemoPage checks what a built Python demo block and page show:
// Python highlighting, the command that reproduces it, a stamp with the
// Python version, and the versus chart with its Go twin's stamp.
func TestPythonDemoPage(t *testing.T) {
	root := pySite(t)
	out := filepath.Join(t.TempDir(), "public")
	if err := buildDemos(t, root, out, demo.ModeAuto); err != nil {
		t.Fatal(err)
	}
	page := readText(t, filepath.Join(out, "twins", "index.html"))
	demoPage := readText(t, filepath.Join(out, "demos", "work-py", "index.html"))
	tests := []struct {
		name, page, want string
		absent           bool
	}{
		{"python highlighted", page, `<span class="k">for</span>`, false},
		{"region of main.py", page, `<div class="code-label">main.py · workload</div>`, false},
		{"markers hidden", page, "# region", true},
		{"output escaped", page, "work-py: 332833500 &lt;done&gt;", false},
		{"stamp", page, "Measured on 2 × Fixture CPU, linux/x86_64, CPython 3.11.7, GIL enabled, 2026-11-26; reproduce: <code>python3 demos/work-py/main.py</code>", false},
		{"no go run", page, "go run ./demos/work-py", true},
		{"versus chart", page, `<title>work-py vs work: the same work, CPython vs Go</title>`, false},
		{"versus bars", page, "Speedup per strategy, CPython 3.11.7 · work-py beside Go 1.26.8 · work: sequential 1.00× vs 1.00×; threads 0.970× (0.940× to 0.990×) vs 1.86× (1.80× to 1.90×).", false},
		{"both tables", page, "<summary>The numbers as tables</summary>", false},
		{"versus table", page, `<caption>work-py vs work: the same work, CPython vs Go</caption>`, false},
		{"twin's stamp", page, `The work demo’s numbers: measured on 2 × Fixture CPU, linux/amd64, go1.26.8, GOMAXPROCS=2, 2026-11-26; reproduce: <code>go run ./demos/work</code>`, false},
		{"numbers", page, `threads took <span class="value">1.66 s</span>, a speedup of <span class="value">0.970×</span>`, false},
		{"machine", page, `on <span class="value">2 × Fixture CPU, linux/x86_64, CPython 3.11.7, GIL enabled</span>`, false},
		{"shared module", page, `<div class="code-label">demos/internal/py/measure.py · stamp</div>`, false},
		{"command on its page", demoPage, "<code>python3 demos/work-py/main.py</code>", false},
		{"main.py on its page", demoPage, `id="file-main.py"`, false},
		{"shared module on its page", demoPage, `id="file-demos-internal-py-measure.py"`, false},
		{"frozen result not shown", demoPage, "frozen.json", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := strings.Contains(tt.page, tt.want); got == tt.absent {
				t.Errorf("page contains %q: %v, want %v", tt.want, got, !tt.absent)
			}
		})
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

// TestPythonDemoMissing checks builds where no Python has what a demo
// requires (here a module found only through PYTHONPATH, then not): the
// frozen result of the same sources serves auto, whose stamp names the
// module's version and says why, and frozen; force fails naming the
// directive and what is missing.
func TestPythonDemoMissing(t *testing.T) {
	root := pySite(t)
	main := filepath.Join(root, "demos", "work-py", "main.py")
	writeText(t, main, "# requires: sitegen_fixture_lib\n"+readText(t, main))
	lib := t.TempDir()
	writeText(t, filepath.Join(lib, "sitegen_fixture_lib.py"), "")
	// Its version, as an installed distribution's metadata gives it.
	meta := filepath.Join(lib, "sitegen_fixture_lib-1.2.3.dist-info")
	if err := os.Mkdir(meta, 0o755); err != nil {
		t.Fatal(err)
	}
	writeText(t, filepath.Join(meta, "METADATA"), "Metadata-Version: 2.1\nName: sitegen_fixture_lib\nVersion: 1.2.3\n")
	t.Setenv("PYTHONPATH", lib)
	out := filepath.Join(t.TempDir(), "public")
	if err := buildDemos(t, root, out, demo.ModeAuto); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PYTHONPATH", t.TempDir())
	for _, mode := range []demo.Mode{demo.ModeAuto, demo.ModeFrozen} {
		t.Run(mode.String(), func(t *testing.T) {
			if err := buildDemos(t, root, out, mode); err != nil {
				t.Fatal(err)
			}
			page := readText(t, filepath.Join(out, "twins", "index.html"))
			want := " · sitegen_fixture_lib 1.2.3, GIL enabled, 2026-11-26 (this site was built where no Python with sitegen_fixture_lib was found, so these are the results committed with the demo); reproduce: <code>python3 demos/work-py/main.py</code>"
			if mode == demo.ModeFrozen {
				// -demos=frozen shows every demo's committed result and
				// never looks for python3.
				want = " · sitegen_fixture_lib 1.2.3, GIL enabled, 2026-11-26; reproduce: <code>python3 demos/work-py/main.py</code>"
			}
			if !strings.Contains(page, want) {
				t.Errorf("page lacks %q", want)
			}
		})
	}
	t.Run("force", func(t *testing.T) {
		err := buildDemos(t, root, out, demo.ModeForce)
		want := "content/01-twins.md:7: demo work-py: no Python with sitegen_fixture_lib was found (demos/work-py/main.py:1): " +
			"sitegen_fixture_lib comes with Debian's package python3-sitegen-fixture-lib; found CPython 3."
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "-demos=force runs every demo") {
			t.Errorf("build error = %v, want one with %q", err, want)
		}
	})
	t.Run("sources changed", func(t *testing.T) {
		writeText(t, main, readText(t, main)+"# An edit.\n")
		err := buildDemos(t, root, out, demo.ModeAuto)
		if want := "content/01-twins.md:7: demo work-py: sources changed since the frozen result, and no Python with sitegen_fixture_lib was found"; err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("build error = %v, want one with %q", err, want)
		}
	})
}

// TestPythonDemoGolden compares the blocks and numbers of testdata/pysite
// with testdata/pyblock.txtar. Run go test -update to accept changes, and
// review them in the diff.
func TestPythonDemoGolden(t *testing.T) {
	checkDemoGolden(t, pySite(t), "testdata/pysite", "testdata/pyblock.txtar")
}

// twinsPage builds the Python demo site with directive added to its
// chapter and returns the chapter's page.
func twinsPage(t *testing.T, directive string) string {
	t.Helper()
	root := pySite(t)
	ch := filepath.Join(root, "content", "01-twins.md")
	text, err := os.ReadFile(ch)
	if err != nil {
		t.Fatal(err)
	}
	text = append(text, "\n```"+directive+"\n```\n"...)
	if err := os.WriteFile(ch, text, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "public")
	if err := buildDemos(t, root, out, demo.ModeAuto); err != nil {
		t.Fatal(err)
	}
	return readText(t, filepath.Join(out, "twins", "index.html"))
}

// TestPythonDemoDefaultShow checks that a Python demo's directive without
// show= shows its main.py.
func TestPythonDemoDefaultShow(t *testing.T) {
	page := twinsPage(t, "demo work-py output=no chart=none")
	if n := strings.Count(page, `#file-main.py">The whole of main.py</a>`); n != 2 {
		t.Errorf("page links the whole of main.py %d times, want 2 (show=main.py:workload and the default)", n)
	}
}

// TestVersusShowsCheck checks that a block with a versus chart and no bars
// shows the demo's expected shape, as the bars would.
func TestVersusShowsCheck(t *testing.T) {
	page := twinsPage(t, "demo work-py show=none output=no chart=versus:work")
	// The first block (bars and versus) and the versus-only one; not the
	// stamp's block (chart=none).
	if n := strings.Count(page, `<div class="demo-check`); n != 2 {
		t.Errorf("page shows the expected shape %d times, want 2", n)
	}
}
