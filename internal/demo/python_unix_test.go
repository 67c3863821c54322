//go:build unix

package demo

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// writeFake writes, at path, a fake interpreter: asked with -c, it
// answers the probe with answer; asked to run a demo, it prints which
// interpreter it is and writes results naming the demo to DEMO_RESULTS.
func writeFake(t *testing.T, path, answer string) string {
	t.Helper()
	script := `#!/bin/sh
if [ "$1" = "-c" ]; then
/bin/cat <<'END'
` + answer + `
END
exit 0
fi
echo "ran by $0"
demo=${1%/main.py}
demo=${demo##*/}
[ -n "$DEMO_RESULTS" ] && /bin/cat >"$DEMO_RESULTS" <<END
{"demo": "$demo", "env": {"cpu": "Fake CPU", "cores": 2, "os": "linux", "arch": "amd64",
 "time": "2026-12-01T00:00:00Z", "python": "3.13.0", "implementation": "cpython", "gil": "enabled"},
 "strategies": [{"name": "sequential", "runs_s": [1], "median_s": 1, "min_s": 1, "max_s": 1}],
 "check": {"ok": true, "noisy": false, "expected": "nothing"}}
END
exit 0
`
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return path
}

// answer is what a fake CPython of version says, with modules.
func answer(version, modules string) string {
	minor := version[:strings.LastIndex(version, ".")]
	return fmt.Sprintf(`{"implementation": "cpython", "version": %q, "minor": %q, "free_threaded": false, "gil": true, "modules": {%s}}`,
		version, minor, modules)
}

func TestPythonTag(t *testing.T) {
	tests := []struct {
		name, answer     string
		wantTag, wantErr string
	}{
		{"cpython", `{"implementation": "cpython", "version": "3.11.7", "minor": "3.11", "free_threaded": false, "gil": true}`, "cpython-3.11", ""},
		{"free-threaded", `{"implementation": "cpython", "version": "3.13.1", "minor": "3.13", "free_threaded": true, "gil": false}`, "cpython-3.13t", ""},
		{"free-threaded with the GIL", `{"implementation": "cpython", "version": "3.13.1", "minor": "3.13", "free_threaded": true, "gil": true}`, "cpython-3.13t-gil", ""},
		{"pypy", `{"implementation": "pypy", "version": "3.10.14", "minor": "3.10", "free_threaded": false, "gil": true}`, "pypy-3.10", ""},
		{"nonsense", `Python 2.7.18`, "", `unexpected answer "Python 2.7.18\n"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := layPythons(t, tt.answer, "", nil)
			r, _ := p.searching(t, fixture(t), ModeAuto)
			py := probe(t.Context(), p.path, r.cfg.Root, nil)
			if tt.wantErr != "" {
				if py.Err == nil || !strings.Contains(py.Err.Error(), tt.wantErr) {
					t.Fatalf("probe error = %v, want one with %q", py.Err, tt.wantErr)
				}
				// Only the Python demos of a Run fail, as if python3
				// were missing.
				outs, err := r.Run(t.Context(), []Request{{Demo: "pygood"}, {Demo: "good"}})
				if err == nil || len(outs) != 2 || outs[0].Err == nil || !strings.Contains(outs[0].Err.Error(), "demo pygood: no frozen result, and asking") ||
					!outs[0].NoPython || outs[0].Missing != "python3 could not say what it is" || outs[1].Err != nil {
					t.Errorf("Run: %v; outcomes %+v; want pygood failed, good run", err, outs)
				}
				return
			}
			if py.Err != nil || py.Tag != tt.wantTag {
				t.Errorf("probe = %+v; want tag %s", py, tt.wantTag)
			}
		})
	}
}

// TestPythonProbeModules asks real interpreters, when there are any, for
// a module every Python has and one none has: the probe starts each once.
func TestPythonProbeModules(t *testing.T) {
	requirePython(t)
	p := probe(t.Context(), "python3", t.TempDir(), []string{"json", "no_such_module_here", "email.mime"})
	if p.Err != nil {
		t.Fatal(p.Err)
	}
	if _, ok := p.Modules["json"]; !ok {
		t.Errorf("modules %v lack json", p.Modules)
	}
	if _, ok := p.Modules["email.mime"]; !ok {
		t.Errorf("modules %v lack email.mime", p.Modules)
	}
	if _, ok := p.Modules["no_such_module_here"]; ok {
		t.Errorf("modules %v have no_such_module_here", p.Modules)
	}
}

// pythons lays out fake interpreters: one on PATH, Debian's, and pyenv
// versions, as the search finds them, and returns a runner that searches
// them.
type pythons struct {
	path, system, pyenv, goCmd string
}

func layPythons(t *testing.T, path, system string, pyenv map[string]string) pythons {
	t.Helper()
	dir := t.TempDir()
	var p pythons
	var err error
	if p.goCmd, err = lookGo(); err != nil {
		t.Skip(err)
	}
	bin := filepath.Join(dir, "bin")
	os.MkdirAll(bin, 0o755)
	t.Setenv("PATH", bin)
	if path != "" {
		p.path = writeFake(t, filepath.Join(bin, "python3"), path)
	}
	p.system = filepath.Join(dir, "usr", "bin", "python3")
	if system != "" {
		writeFake(t, p.system, system)
	}
	p.pyenv = filepath.Join(dir, "pyenv")
	for v, a := range pyenv {
		writeFake(t, filepath.Join(p.pyenv, "versions", v, "bin", "python3"), a)
	}
	// A version without python3 (pyenv's 2.7) is no candidate.
	os.MkdirAll(filepath.Join(p.pyenv, "versions", "2.7.18", "bin"), 0o755)
	return p
}

// searching returns a runner over root that searches the interpreters of p.
func (p pythons) searching(t *testing.T, root string, mode Mode) (*Runner, *bytes.Buffer) {
	t.Helper()
	r, progress := newRunner(t, root, mode)
	r.goTool = p.goCmd
	r.systemPython, r.pyenvRoot = p.system, p.pyenv
	return r, progress
}

func TestPythonCandidates(t *testing.T) {
	p := layPythons(t, answer("3.11.7", ""), answer("3.11.2", ""), map[string]string{
		"3.9.18": answer("3.9.18", ""), "3.13.0": answer("3.13.0", ""), "3.12.1": answer("3.12.1", ""),
		"miniconda3-latest": answer("3.12.0", ""),
	})
	r, _ := p.searching(t, fixture(t), ModeAuto)
	v := func(name string) string { return filepath.Join(p.pyenv, "versions", name, "bin", "python3") }
	want := []string{p.path, p.system, v("3.13.0"), v("3.12.1"), v("3.9.18"), v("miniconda3-latest")}
	if got := newFinder(r.systemPython, r.pyenvRoot, r.cfg.Root, nil).paths; !slices.Equal(got, want) {
		t.Errorf("candidates:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestPythonPick checks which interpreter each requirement gets, and what
// is said when none will do.
func TestPythonPick(t *testing.T) {
	gevent := `"gevent": "22.10.2", "uvloop": "0.17.0"`
	tests := []struct {
		name            string
		path, system    string
		pyenv           map[string]string
		req             requirement
		want            string // "path", "system" or a pyenv version; "" for none
		wantShort       string
		wantLong        []string
		wantLibs        map[string]string
		wantProbedFewer int // probes left undone
	}{
		{name: "any python3", path: answer("3.11.7", ""), system: answer("3.11.2", gevent),
			want: "path", wantProbedFewer: 1},
		{name: "a module Debian's python3 has", path: answer("3.11.7", ""), system: answer("3.11.2", gevent),
			req: requirement{Modules: []string{"gevent"}}, want: "system", wantLibs: map[string]string{"gevent": "22.10.2"}},
		{name: "a version pyenv has", path: answer("3.11.7", ""), system: answer("3.11.2", gevent),
			pyenv: map[string]string{"3.12.1": answer("3.12.1", ""), "3.13.0": answer("3.13.0", "")},
			req:   requirement{Min: [2]int{3, 12}}, want: "3.13.0", wantProbedFewer: 1},
		{name: "no version will do", path: answer("3.11.7", ""), system: answer("3.11.2", gevent),
			pyenv:     map[string]string{"3.12.1": answer("3.12.1", "")},
			req:       requirement{Min: [2]int{3, 13}, Where: "demos/x/main.py:2"},
			wantShort: "no Python 3.13 or later was found",
			wantLong: []string{"no Python 3.13 or later was found (demos/x/main.py:2); found CPython 3.11.7 at ", "/bin/python3 (too old), CPython 3.11.2 at ",
				"/usr/bin/python3 (too old), CPython 3.12.1 at ", "/3.12.1/bin/python3 (too old)"}},
		{name: "no module anywhere", path: answer("3.11.7", ""), system: answer("3.11.2", `"gevent": "22.10.2"`),
			req:       requirement{Modules: []string{"gevent", "trio"}},
			wantShort: "no Python with gevent and trio was found",
			wantLong: []string{"no Python with gevent and trio was found: trio comes with Debian's package python3-trio; found CPython 3.11.7 at ",
				"(without gevent, trio), CPython 3.11.2 at ", "(without trio)"}},
		{name: "nothing at all",
			wantShort: "python3 is not on PATH", wantLong: []string{"python3 is not on PATH, and there is no ", "/usr/bin/python3 or pyenv version under "}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := layPythons(t, tt.path, tt.system, tt.pyenv)
			r, _ := p.searching(t, fixture(t), ModeAuto)
			f := newFinder(r.systemPython, r.pyenvRoot, r.cfg.Root, []string{"gevent", "trio"})
			got, miss := f.pick(t.Context(), tt.req)
			want := map[string]string{"path": p.path, "system": p.system, "": ""}[tt.want]
			if want == "" && tt.want != "" {
				want = filepath.Join(p.pyenv, "versions", tt.want, "bin", "python3")
			}
			if tt.want == "" {
				if got != nil || miss == nil || miss.short != tt.wantShort {
					t.Fatalf("pick = %+v, %+v; want none, %q", got, miss, tt.wantShort)
				}
				for _, w := range tt.wantLong {
					if !strings.Contains(miss.long, w) {
						t.Errorf("missing says %q, want it to hold %q", miss.long, w)
					}
				}
				return
			}
			if got == nil || got.Path != want {
				t.Fatalf("pick = %+v, %+v; want %s", got, miss, want)
			}
			if libs := got.libraries(tt.req); fmt.Sprint(libs) != fmt.Sprint(tt.wantLibs) {
				t.Errorf("libraries = %v, want %v", libs, tt.wantLibs)
			}
			if left := len(f.paths) - len(f.probed); left != tt.wantProbedFewer {
				t.Errorf("%d candidates left unprobed, want %d: the search stops at the first that will do", left, tt.wantProbedFewer)
			}
		})
	}
}

// TestPythonRequiresRun runs the fixture demo whose main.py requires
// python>=3.13, gevent and uvloop with the interpreter that has them,
// stamps the libraries, and measures again when a library's version
// changes; without such an interpreter, auto uses the frozen result and
// force fails saying what is missing.
func TestPythonRequiresRun(t *testing.T) {
	has := `"gevent": "24.2.1", "uvloop": "0.19.0"`
	p := layPythons(t, answer("3.11.7", ""), answer("3.11.2", `"gevent": "22.10.2", "uvloop": "0.17.0"`),
		map[string]string{"3.13.0": answer("3.13.0", has), "3.12.1": answer("3.12.1", has)})
	root := fixture(t)
	r, progress := p.searching(t, root, ModeAuto)
	o, err := runOne(t, r, Request{Demo: "pyneeds"})
	if err != nil {
		t.Fatal(err)
	}
	py313 := filepath.Join(p.pyenv, "versions", "3.13.0", "bin", "python3")
	if !o.Ran || o.Stdout != "ran by "+py313+"\n" || o.Python != "cpython-3.13" {
		t.Fatalf("outcome ran %v by %q with %s; want a run by %s", o.Ran, o.Stdout, o.Python, py313)
	}
	if got, want := o.Results.Env.Runtime(), "CPython 3.13.0 · gevent 24.2.1 · uvloop 0.19.0"; got != want {
		t.Errorf("stamp %q, want %q", got, want)
	}
	if cmd, err := r.Command("pyneeds"); err != nil || cmd != "python3.13 demos/pyneeds/main.py" {
		t.Errorf("Command = %q, %v; want python3.13 demos/pyneeds/main.py", cmd, err)
	}
	if !strings.Contains(progress.String(), "pyneeds: no frozen result, running") {
		t.Errorf("progress:\n%s", progress)
	}

	// The same libraries: nothing runs; another version of one: a run.
	r, _ = p.searching(t, root, ModeAuto)
	if o, err := runOne(t, r, Request{Demo: "pyneeds"}); err != nil || o.Ran {
		t.Fatalf("second run: ran %v, %v; want the frozen result", o.Ran, err)
	}
	writeFake(t, py313, answer("3.13.0", `"gevent": "24.11.1", "uvloop": "0.19.0"`))
	r, progress = p.searching(t, root, ModeAuto)
	if o, err := runOne(t, r, Request{Demo: "pyneeds"}); err != nil || !o.Ran {
		t.Fatalf("after an upgrade: ran %v, %v; want a run", o.Ran, err)
	}
	if want := "pyneeds: gevent 24.2.1 changed to 24.11.1, running"; !strings.Contains(progress.String(), want) {
		t.Errorf("progress lacks %q:\n%s", want, progress)
	}

	// No 3.13 with uvloop: auto serves the frozen result, saying why;
	// force fails, naming the demo, what is missing and what was found.
	writeFake(t, py313, answer("3.13.0", `"gevent": "24.11.1"`))
	writeFake(t, filepath.Join(p.pyenv, "versions", "3.12.1", "bin", "python3"), answer("3.12.1", ""))
	r, _ = p.searching(t, root, ModeAuto)
	o, err = runOne(t, r, Request{Demo: "pyneeds"})
	if err != nil || o.Ran || !o.NoPython || o.Missing != "no Python 3.13 or later with gevent and uvloop was found" {
		t.Errorf("auto without uvloop: ran %v, no python %v, missing %q, %v; want the frozen result, said why", o.Ran, o.NoPython, o.Missing, err)
	}
	r, _ = p.searching(t, root, ModeForce)
	_, err = runOne(t, r, Request{Demo: "pyneeds"})
	want := "demo pyneeds: no Python 3.13 or later with gevent and uvloop was found (demos/pyneeds/main.py:3): " +
		"uvloop comes with Debian's package python3-uvloop; found CPython 3.11.7 at " + p.path + " (too old), " +
		"CPython 3.11.2 at " + p.system + " (too old), CPython 3.13.0 at " + py313 + " (without uvloop), " +
		"CPython 3.12.1 at " + filepath.Join(p.pyenv, "versions", "3.12.1", "bin", "python3") + " (too old), and -demos=force runs every demo"
	if err == nil || err.Error() != want {
		t.Errorf("force error:\n%v\nwant\n%s", err, want)
	}
}

// TestPythonRequiresBad checks that a malformed requires line fails its
// demo alone, naming the file and line.
func TestPythonRequiresBad(t *testing.T) {
	tests := []struct{ line, want string }{
		{"# requires: python>=3", `demos/pyneeds/main.py:5: "python>=3": the only version requirement is python>=X.Y`},
		{"# requires: python>=3.12 python>=3.13", `demos/pyneeds/main.py:5: "python>=3.12": a second python>= requirement`},
		{"# requires: gevent-stubs", `demos/pyneeds/main.py:5: "gevent-stubs" is not a module name`},
		{"#requires:", `demos/pyneeds/main.py:5: empty requires line`},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			root := fixture(t)
			edit(t, root, "demos/pyneeds/main.py", func(s string) string {
				lines := strings.SplitAfter(s, "\n")
				return strings.Join(slices.Insert(lines, 4, tt.line+"\n"), "")
			})
			r, _ := layPythons(t, answer("3.13.0", ""), "", nil).searching(t, root, ModeAuto)
			outs, err := r.Run(t.Context(), []Request{{Demo: "pyneeds"}, {Demo: "pygood"}})
			if err == nil || len(outs) != 2 || outs[0].Err == nil || !strings.Contains(outs[0].Err.Error(), tt.want) {
				t.Fatalf("Run error %v, want one with %q", err, tt.want)
			}
			if outs[1].Err != nil || !outs[1].Ran {
				t.Errorf("pygood: %v, ran %v; want a run", outs[1].Err, outs[1].Ran)
			}
		})
	}
}

// TestPythonFrozenOtherVersion checks that -demos=frozen serves a Python
// demo's frozen result whatever python3 is here, even one that cannot run,
// and that -demos=auto measures again with another version.
func TestPythonFrozenOtherVersion(t *testing.T) {
	for _, tt := range []struct{ name, answer string }{
		{"3.12", `{"implementation": "cpython", "version": "3.12.3", "minor": "3.12", "free_threaded": false, "gil": true}`},
		{"broken", ``},
	} {
		t.Run(tt.name, func(t *testing.T) {
			root := fixture(t)
			p := layPythons(t, tt.answer, "", nil)
			r, _ := p.searching(t, root, ModeFrozen)
			freezePython(t, r, "pygood")
			o, err := runOne(t, r, Request{Demo: "pygood"})
			if err != nil || o.Ran || o.NoPython || o.PythonVersion != "3.11.7" {
				t.Fatalf("frozen: %+v, %v; want the frozen result of 3.11.7, not run", o, err)
			}
			if tt.answer == "" {
				return
			}
			r, _ = p.searching(t, root, ModeAuto)
			if o, _ := runOne(t, r, Request{Demo: "pygood"}); !o.Ran || o.Python != "cpython-3.12" {
				t.Fatalf("auto with python3 3.12: ran %v with %q; want a run with cpython-3.12", o.Ran, o.Python)
			}
		})
	}
}
