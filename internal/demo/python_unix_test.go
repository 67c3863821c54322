//go:build unix

package demo

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fakePython writes a shell script that answers the runner's probe with
// answer, whatever it is asked, and returns its path.
func fakePython(t *testing.T, answer string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "python3")
	script := "#!/bin/sh\ncat <<'END'\n" + answer + "\nEND\n"
	if err := os.WriteFile(path, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return path
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
			r, _ := pyRunner(t, fixture(t), ModeAuto, fakePython(t, tt.answer))
			py, err := r.python(t.Context())
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("python() error = %v, want one with %q", err, tt.wantErr)
				}
				// Only the Python demos of a Run fail, as if python3
				// were missing.
				outs, err := r.Run(t.Context(), []Request{{Demo: "pygood"}, {Demo: "good"}})
				if err == nil || len(outs) != 2 || outs[0].Err == nil || !strings.Contains(outs[0].Err.Error(), "demo pygood: no frozen result, and asking") || !outs[0].NoPython || outs[1].Err != nil {
					t.Errorf("Run: %v; outcomes %+v; want pygood failed, good run", err, outs)
				}
				return
			}
			if err != nil || py.Missing || py.Tag != tt.wantTag {
				t.Errorf("python() = %+v, %v; want tag %s", py, err, tt.wantTag)
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
			py := fakePython(t, tt.answer)
			r, _ := pyRunner(t, root, ModeFrozen, py)
			freezePython(t, r, "pygood")
			o, err := runOne(t, r, Request{Demo: "pygood"})
			if err != nil || o.Ran || o.NoPython || o.PythonVersion != "3.11.7" {
				t.Fatalf("frozen: %+v, %v; want the frozen result of 3.11.7, not run", o, err)
			}
			if tt.answer == "" {
				return
			}
			r, _ = pyRunner(t, root, ModeAuto, py)
			if o, _ := runOne(t, r, Request{Demo: "pygood"}); !o.Ran || o.Python != "cpython-3.12" {
				t.Fatalf("auto with python3 3.12: ran %v with %q; want a run with cpython-3.12", o.Ran, o.Python)
			}
		})
	}
}
