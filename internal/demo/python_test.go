package demo

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// requirePython skips the test when python3 is not on PATH, or fails it
// when SITEGEN_REQUIRE_TOOLS=1.
func requirePython(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("python3"); err != nil {
		if os.Getenv("SITEGEN_REQUIRE_TOOLS") == "1" {
			t.Fatal("python3 is not on PATH and SITEGEN_REQUIRE_TOOLS=1")
		}
		t.Skip("python3 is not on PATH: Python demos cannot run here")
	}
}

// hidePython makes r find no Python: nothing on PATH but the go command
// it keeps, no Debian python3 and no pyenv.
func hidePython(t *testing.T, r *Runner) {
	t.Helper()
	goCmd, err := lookGo()
	if err != nil {
		t.Skip(err)
	}
	t.Setenv("PATH", t.TempDir())
	r.goTool = goCmd
	r.systemPython, r.pyenvRoot = filepath.Join(t.TempDir(), "python3"), t.TempDir()
}

var tagRE = regexp.MustCompile(`^[a-z]+-3\.\d+(t|t-gil)?$`)

func TestPythonRun(t *testing.T) {
	requirePython(t)
	root := fixture(t)
	// The runner, not the environment, turns byte-code caches and
	// buffering off.
	t.Setenv("PYTHONDONTWRITEBYTECODE", "")
	t.Setenv("PYTHONUNBUFFERED", "")
	r, progress := newRunner(t, root, ModeAuto)
	o, err := runOne(t, r, Request{Demo: "pygood"})
	if err != nil {
		t.Fatal(err)
	}
	if want := "sum: 5050\nbytecode written: False\nunbuffered: 1\n"; !o.Ran || o.ExitCode != 0 || o.Stdout != want {
		t.Errorf("outcome = ran %v, exit %d, stdout %q; want ran, exit 0, %q", o.Ran, o.ExitCode, o.Stdout, want)
	}
	if o.Results == nil || o.Results.Env.Python == "" || o.Results.Env.GIL == "" || len(o.Results.Strategies) != 2 {
		t.Errorf("results = %+v, want the fixture's with a Python stamp", o.Results)
	}
	if !tagRE.MatchString(o.Python) || o.PythonVersion == "" || !strings.HasPrefix(o.PythonVersion, strings.TrimSuffix(strings.SplitN(o.Python, "-", 2)[1], "t")) {
		t.Errorf("outcome python %q, version %q; want a tag like cpython-3.11 and the version it abbreviates", o.Python, o.PythonVersion)
	}
	if o.Go != "" || o.Sources == "" || o.Fingerprint == "" || o.Fingerprint == o.Sources {
		t.Errorf("outcome go %q, sources %q, fingerprint %q; want no go, a sources hash and a fingerprint of its own", o.Go, o.Sources, o.Fingerprint)
	}
	b, err := os.ReadFile(filepath.Join(root, "demos", "pygood", frozenName))
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string]any
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}
	if _, ok := raw["go"]; ok || raw["python"] != o.Python || raw["python_version"] != o.PythonVersion || raw["sources"] != o.Sources {
		t.Errorf("frozen.json = %s\nwant python, python_version and sources of the outcome and no go", b)
	}
	if !Holds(b, &o) {
		t.Error("Holds(frozen.json, outcome) = false, want true")
	}
	for _, want := range []string{"demo 1/1 pygood: no frozen result, running", "pygood: done in "} {
		if !strings.Contains(progress.String(), want) {
			t.Errorf("progress lacks %q:\n%s", want, progress)
		}
	}
	if strings.Contains(progress.String(), "building") {
		t.Errorf("a Python demo was built:\n%s", progress)
	}
	if _, err := os.Stat(filepath.Join(root, "demos", "internal", "py", "__pycache__")); err == nil {
		t.Error("running the demo wrote demos/internal/py/__pycache__")
	}
}

func TestPythonExit(t *testing.T) {
	requirePython(t)
	root := fixture(t)
	tests := []struct {
		allow      bool
		wantErr    string
		wantFrozen bool
	}{
		{false, "demo pyfail: exit status 3; stderr:\n\tpyfail: the disk is full", false},
		{true, "", true},
	}
	for _, tt := range tests {
		t.Run(map[bool]string{false: "refused", true: "allowed"}[tt.allow], func(t *testing.T) {
			r, _ := newRunner(t, root, ModeAuto)
			o, err := runOne(t, r, Request{Demo: "pyfail", AllowError: tt.allow})
			if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || err.Error() != tt.wantErr) {
				t.Errorf("Run error = %v, want %q", err, tt.wantErr)
			}
			if o.ExitCode != 3 || o.Stdout != "partial report\n" {
				t.Errorf("exit %d, stdout %q; want 3, the partial report", o.ExitCode, o.Stdout)
			}
			fr, _ := readFrozen(filepath.Join(root, "demos", "pyfail"))
			if (fr != nil) != tt.wantFrozen {
				t.Errorf("frozen result written = %v, want %v", fr != nil, tt.wantFrozen)
			}
		})
	}
}

func TestPythonCacheDecisions(t *testing.T) {
	requirePython(t)
	root := fixture(t)
	runs := counter(t)
	steps := []struct {
		name    string
		edit    func()
		wantRun bool
		wantMsg string
	}{
		{name: "first run", wantRun: true, wantMsg: "pygood: no frozen result, running"},
		{name: "unchanged", wantMsg: "pygood: frozen result current, not run"},
		{name: "prose edit", edit: func() { edit(t, root, "content/01-intro.md", appendText("More prose.\n")) }},
		{name: "byte-code cache", edit: func() {
			edit(t, root, "demos/pygood/__pycache__/main.cpython-311.pyc", appendText("x"))
			edit(t, root, "demos/internal/py/__pycache__/stamp.cpython-311.pyc", appendText("x"))
		}},
		{name: "hidden file", edit: func() { edit(t, root, "demos/pygood/.main.py.swp", appendText("swap")) }},
		{name: "go.mod edit", edit: func() { edit(t, root, "go.mod", appendText("// a comment\n")) }},
		{name: "another demo's edit", edit: func() { edit(t, root, "demos/pyfail/main.py", appendText("# more\n")) }},
		{name: "shared notes", edit: func() { edit(t, root, "demos/internal/py/README.md", appendText("notes\n")) }},
		{name: "demo edit", wantRun: true, wantMsg: "pygood: sources changed, running", edit: func() {
			edit(t, root, "demos/pygood/main.py", appendText("# a comment\n"))
		}},
		{name: "demo data file", wantRun: true, edit: func() { edit(t, root, "demos/pygood/input.txt", appendText("data\n")) }},
		{name: "shared module edit", wantRun: true, edit: func() {
			edit(t, root, "demos/internal/py/stamp.py", appendText("# a comment\n"))
		}},
		{name: "new shared module", wantRun: true, edit: func() {
			edit(t, root, "demos/internal/py/sub/extra.py", appendText("X = 1\n"))
		}},
		{name: "another Python", wantRun: true, wantMsg: "pygood: Python changed from cpython-2.7 to ", edit: func() {
			path := filepath.Join(root, "demos", "pygood", frozenName)
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			var f frozen
			if err := json.Unmarshal(b, &f); err != nil {
				t.Fatal(err)
			}
			f.Python, f.Fingerprint = "cpython-2.7", pyFingerprint(f.Sources, "cpython-2.7", nil)
			if err := writeFrozen(filepath.Dir(path), &Outcome{Fingerprint: f.Fingerprint, Python: f.Python, Sources: f.Sources, Results: f.Results}); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "after", wantMsg: "pygood: frozen result current, not run"},
	}
	var last Outcome
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			if s.edit != nil {
				s.edit()
			}
			r, progress := newRunner(t, root, ModeAuto)
			before := runs()
			o, err := runOne(t, r, Request{Demo: "pygood"})
			if err != nil {
				t.Fatal(err)
			}
			if ran := runs() > before; ran != s.wantRun || o.Ran != s.wantRun {
				t.Errorf("demo ran = %v (outcome says %v), want %v", ran, o.Ran, s.wantRun)
			}
			if !strings.Contains(progress.String(), s.wantMsg) {
				t.Errorf("progress lacks %q:\n%s", s.wantMsg, progress)
			}
			if !s.wantRun && (o.Fingerprint != last.Fingerprint || o.Sources != last.Sources || o.Results == nil) {
				t.Errorf("frozen outcome = %+v, want the last run's %+v", o, last)
			}
			last = o
		})
	}
}

func TestPythonFingerprint(t *testing.T) {
	r, _ := newRunner(t, fixture(t), ModeAuto)
	a, err := r.pySources(filepath.Join(r.demos, "pygood"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := r.pySources(filepath.Join(r.demos, "pyfail"))
	if err != nil {
		t.Fatal(err)
	}
	r2, _ := newRunner(t, fixture(t), ModeAuto)
	a2, err := r2.pySources(filepath.Join(r2.demos, "pygood"))
	if err != nil {
		t.Fatal(err)
	}
	if a == b || a != a2 {
		t.Errorf("sources of pygood %s, of pyfail %s, of pygood elsewhere %s: want two demos to differ and two copies to agree", a, b, a2)
	}
	fps := []string{pyFingerprint(a, "cpython-3.11", nil), pyFingerprint(a, "cpython-3.12", nil), pyFingerprint(a, "cpython-3.13t", nil), pyFingerprint(b, "cpython-3.11", nil)}
	if len(slices.Compact(slices.Sorted(slices.Values(fps)))) != len(fps) {
		t.Errorf("fingerprints %v: want each Python and each source to give its own", fps)
	}
}

func TestPythonCommandAndShared(t *testing.T) {
	root := fixture(t)
	r, _ := newRunner(t, root, ModeAuto)
	for demo, want := range map[string]string{"pygood": "python3 demos/pygood/main.py", "good": "go run ./demos/good"} {
		if got, err := r.Command(demo); err != nil || got != want {
			t.Errorf("Command(%s) = %q, %v; want %q", demo, got, err, want)
		}
	}
	if _, err := r.Command("internal"); err == nil {
		t.Error("Command(internal): no error")
	}
	edit(t, root, "demos/internal/py/__pycache__/stamp.cpython-311.pyc", appendText("x"))
	edit(t, root, "demos/internal/py/notes.txt", appendText("x"))
	shared, err := r.Shared(context.Background(), []string{"pygood", "good"})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"internal/py/stamp.py"}; !slices.Equal(shared["pygood"], want) {
		t.Errorf("Shared(pygood) = %v, want %v", shared["pygood"], want)
	}
	if want := []string{"internal/count/count.go", "internal/work/work.go"}; !slices.Equal(shared["good"], want) {
		t.Errorf("Shared(good) = %v, want %v", shared["good"], want)
	}
	text, err := r.SharedSource("pygood", "internal/py/stamp.py", "stamp", shared["pygood"])
	if err != nil || !strings.HasPrefix(text, "def stamp():\n") || strings.Contains(text, "region") {
		t.Errorf("SharedSource(stamp.py:stamp) = %q, %v; want the function without markers", text, err)
	}
	text, err = r.Source("pygood", "main.py", "workload")
	if want := "total = sum(range(1, 101))\nprint(\"sum:\", total)\n"; err != nil || text != want {
		t.Errorf("Source(main.py:workload) = %q, %v; want %q", text, err, want)
	}
}
