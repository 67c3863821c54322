package demo

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/concurrency-primer/site/internal/results"
)

// freezePython writes a frozen result for the Python demo called name as
// a run with CPython 3.11.7 would, from the sources as they are now,
// without needing python3.
func freezePython(t *testing.T, r *Runner, name string) Outcome {
	t.Helper()
	dir := filepath.Join(r.demos, name)
	src, err := r.pySources(dir)
	if err != nil {
		t.Fatal(err)
	}
	o := Outcome{Demo: name, Stdout: "sum: 5050\n", Duration: 1500 * time.Millisecond,
		Fingerprint: pyFingerprint(src, "cpython-3.11", nil), Python: "cpython-3.11", PythonVersion: "3.11.7", Sources: src,
		Results: &results.Results{Demo: name,
			Env: results.Env{CPU: "Frozen CPU", Cores: 2, OS: "linux", Arch: "amd64", Python: "3.11.7", GIL: "enabled",
				Time: time.Date(2026, 11, 26, 3, 0, 0, 0, time.UTC)},
			Strategies: []results.Strategy{{Name: "sequential", RunsS: []float64{1}, MedianS: 1, MinS: 1, MaxS: 1}}}}
	if err := writeFrozen(dir, &o); err != nil {
		t.Fatal(err)
	}
	return o
}

// TestPythonMissing checks each mode where no Python is found: a frozen
// result of the same sources serves ModeAuto and ModeFrozen, and anything
// else fails naming the demo and what is missing ($missing in wantErr).
func TestPythonMissing(t *testing.T) {
	tests := []struct {
		name    string
		mode    Mode
		frozen  bool // a frozen result exists
		edit    bool // the demo changed after it
		wantErr string
		stale   bool
	}{
		{name: "auto, frozen current", mode: ModeAuto, frozen: true},
		{name: "frozen, frozen current", mode: ModeFrozen, frozen: true},
		{name: "force", mode: ModeForce, frozen: true,
			wantErr: "demo pygood: $missing, and -demos=force runs every demo"},
		{name: "auto, sources changed", mode: ModeAuto, frozen: true, edit: true,
			wantErr: "demo pygood: sources changed since the frozen result, and $missing to run it"},
		{name: "auto, no frozen result", mode: ModeAuto,
			wantErr: "demo pygood: no frozen result, and $missing to run it"},
		{name: "frozen, sources changed", mode: ModeFrozen, frozen: true, edit: true, stale: true,
			wantErr: "-demos=frozen: 1 of 1 demos need a run"},
		{name: "frozen, no frozen result", mode: ModeFrozen, stale: true,
			wantErr: "demo pygood: no frozen result"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := fixture(t)
			r, progress := newRunner(t, root, tt.mode)
			hidePython(t, r)
			missing := "python3 is not on PATH, and there is no " + r.systemPython + " or pyenv version under " +
				filepath.Join(r.pyenvRoot, "versions")
			var want Outcome
			if tt.frozen {
				want = freezePython(t, r, "pygood")
			}
			if tt.edit {
				edit(t, root, "demos/pygood/main.py", appendText("# an edit\n"))
			}
			o, err := runOne(t, r, Request{Demo: "pygood"})
			if tt.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				// -demos=frozen does not look for python at all.
				asked := tt.mode != ModeFrozen
				if o.Ran || o.NoPython != asked || o.Stdout != want.Stdout || o.PythonVersion != "3.11.7" || o.Results == nil || o.Results.Env.CPU != "Frozen CPU" {
					t.Errorf("outcome %+v, want the frozen result, not run, marked NoPython: %v", o, asked)
				}
				w := "pygood: " + missing + "; using the frozen result of the same sources, measured with Python 3.11.7"
				if !asked {
					w = "pygood: frozen result of the same sources, measured with Python 3.11.7, not run"
				}
				if !strings.Contains(progress.String(), w) {
					t.Errorf("progress lacks %q:\n%s", w, progress)
				}
				if asked && o.Missing != "python3 is not on PATH" {
					t.Errorf("outcome says %q is missing, want python3 is not on PATH", o.Missing)
				}
				return
			}
			wantErr := strings.ReplaceAll(tt.wantErr, "$missing", missing)
			if err == nil || !strings.Contains(err.Error(), wantErr) || o.Err == nil {
				t.Fatalf("Run error = %v, want one with %q", err, wantErr)
			}
			if !strings.Contains(o.Err.Error(), "pygood") || o.Stale != tt.stale || o.Ran {
				t.Errorf("outcome error %v, stale %v, ran %v; want one naming the demo, stale %v, not run", o.Err, o.Stale, o.Ran, tt.stale)
			}
		})
	}
}

// TestPythonMissingBesideGo checks that a Go demo beside a Python one
// does not need python3.
func TestPythonMissingBesideGo(t *testing.T) {
	root := fixture(t)
	r, _ := newRunner(t, root, ModeAuto)
	if o, err := runOne(t, r, Request{Demo: "good"}); err != nil || !o.Ran {
		t.Fatalf("first run of good: ran %v, %v", o.Ran, err)
	}
	freezePython(t, r, "pygood")
	r, _ = newRunner(t, root, ModeForce)
	hidePython(t, r)
	outs, err := r.Run(t.Context(), []Request{{Demo: "good"}, {Demo: "pygood"}})
	if err == nil || !strings.Contains(err.Error(), "demo pygood: python3 is not on PATH") {
		t.Errorf("Run error = %v, want one saying python3 is not on PATH", err)
	}
	if len(outs) != 2 || outs[0].Err != nil || !outs[0].Ran || outs[1].Err == nil || outs[1].Missing != "python3 is not on PATH" {
		t.Errorf("outcomes %+v: want good run and pygood failed", outs)
	}
}

// lookGo returns the absolute path of the go command.
func lookGo() (string, error) {
	p, err := exec.LookPath("go")
	if err != nil {
		return "", err
	}
	return filepath.Abs(p)
}
