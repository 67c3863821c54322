package demo

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// edit rewrites the file at root/rel with fn applied to its text,
// creating the file and its folder when they do not exist.
func edit(t *testing.T, root, rel string, fn func(string) string) {
	t.Helper()
	path := filepath.Join(root, filepath.FromSlash(rel))
	b, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(fn(string(b))), 0o644); err != nil {
		t.Fatal(err)
	}
}

func appendText(s string) func(string) string {
	return func(old string) string { return old + s }
}

// counter makes the good fixture count its runs and returns how to read
// the count.
func counter(t *testing.T) func() int {
	path := filepath.Join(t.TempDir(), "runs")
	t.Setenv("FIXTURE_COUNT", path)
	return func() int {
		b, _ := os.ReadFile(path)
		return strings.Count(string(b), "run\n")
	}
}

func TestCacheDecisions(t *testing.T) {
	root := fixture(t)
	runs := counter(t)
	steps := []struct {
		name    string
		mode    Mode
		edit    func()
		wantRun bool
		wantMsg string
	}{
		{name: "first run", wantRun: true, wantMsg: "good: no frozen result, running"},
		{name: "unchanged", wantMsg: "good: frozen result current, not run"},
		{name: "prose edit", edit: func() {
			edit(t, root, "content/01-intro.md", appendText("More prose.\n"))
		}},
		{name: "other demo edit", edit: func() {
			edit(t, root, "demos/html/main.go", appendText("// more\n"))
		}},
		{name: "shared package test file", edit: func() {
			edit(t, root, "demos/internal/work/work_test.go", appendText("package work\n"))
		}},
		{name: "editor swap file", edit: func() {
			edit(t, root, "demos/good/.main.go.swp", appendText("swap"))
		}},
		{name: "demo test file", edit: func() {
			edit(t, root, "demos/good/main_test.go", appendText("package main\n"))
		}},
		{name: "demo file edit", wantRun: true, wantMsg: "good: sources changed, running", edit: func() {
			edit(t, root, "demos/good/main.go", appendText("// a comment\n"))
		}},
		{name: "new demo file", wantRun: true, edit: func() {
			edit(t, root, "demos/good/input.txt", appendText("data\n"))
		}},
		{name: "shared package edit", wantRun: true, edit: func() {
			edit(t, root, "demos/internal/work/work.go", appendText("// a comment\n"))
		}},
		{name: "shared package notes", edit: func() {
			edit(t, root, "demos/internal/work/README.md", appendText("notes\n"))
		}},
		{name: "shared package file for another system", wantRun: true, edit: func() {
			edit(t, root, "demos/internal/work/work_windows.go", appendText("package work\n"))
		}},
		{name: "go.mod edit", wantRun: true, edit: func() {
			edit(t, root, "go.mod", appendText("// a comment\n"))
		}},
		{name: "force", mode: ModeForce, wantRun: true, wantMsg: "good: -demos=force, running"},
		{name: "after force", wantMsg: "good: frozen result current, not run"},
	}
	var last Outcome
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			if s.edit != nil {
				s.edit()
			}
			r, progress := newRunner(t, root, s.mode)
			before := runs()
			o, err := runOne(t, r, Request{Demo: "good"})
			if err != nil {
				t.Fatal(err)
			}
			if ran := runs() > before; ran != s.wantRun || o.Ran != s.wantRun {
				t.Errorf("demo ran = %v (outcome says %v), want %v", ran, o.Ran, s.wantRun)
			}
			if !strings.Contains(progress.String(), s.wantMsg) {
				t.Errorf("progress lacks %q:\n%s", s.wantMsg, progress)
			}
			if !s.wantRun && (o.Stdout != last.Stdout || o.Results == nil || o.Fingerprint != last.Fingerprint) {
				t.Errorf("frozen outcome = %+v, want the last run's %+v", o, last)
			}
			last = o
		})
	}
}

func TestFingerprintIgnoresLocation(t *testing.T) {
	var fps []string
	for range 2 {
		r, _ := newRunner(t, fixture(t), ModeAuto)
		env, err := r.env(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		m, err := r.fingerprints(context.Background(), []string{"good", "html"}, env)
		if err != nil {
			t.Fatal(err)
		}
		if m["good"] == m["html"] {
			t.Errorf("demos good and html share fingerprint %s", m["good"])
		}
		fps = append(fps, m["good"])
	}
	if fps[0] != fps[1] {
		t.Errorf("copies of one checkout fingerprint differently: %s and %s", fps[0], fps[1])
	}
}

func TestFrozenMode(t *testing.T) {
	root := fixture(t)
	runs := counter(t)
	reqs := []Request{{Demo: "good"}, {Demo: "html"}}

	frozen, _ := newRunner(t, root, ModeFrozen)
	_, err := frozen.Run(context.Background(), reqs)
	for _, want := range []string{"-demos=frozen: 2 of 2 demos need a run", "demo good: no frozen result", "demo html: no frozen result"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v, want one with %q", err, want)
		}
	}

	auto, _ := newRunner(t, root, ModeAuto)
	if _, err := auto.Run(context.Background(), reqs[:1]); err != nil {
		t.Fatal(err)
	}
	outs, err := frozen.Run(context.Background(), reqs[:1])
	if err != nil || outs[0].Ran || outs[0].Results == nil || outs[0].Stale {
		t.Errorf("frozen mode over a current result: %+v, %v; want the frozen outcome, not stale", outs, err)
	}

	edit(t, root, "demos/good/main.go", appendText("// a comment\n"))
	outs, err = frozen.Run(context.Background(), reqs)
	for _, want := range []string{"demo good: sources changed", "demo html: no frozen result"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v, want one with %q", err, want)
		}
	}
	if len(outs) != 2 || outs[0].Ran || outs[1].Ran || outs[0].Err == nil || !outs[0].Stale || !outs[1].Stale {
		t.Errorf("outcomes = %+v, want two not run and stale, good failed", outs)
	}
	if n := runs(); n != 1 {
		t.Errorf("good ran %d times, want once (frozen mode never runs)", n)
	}
}

func TestModeOff(t *testing.T) {
	root := fixture(t)
	r, _ := newRunner(t, root, ModeOff)
	outs, err := r.Run(context.Background(), []Request{{Demo: "good"}, {Demo: "broken"}, {Demo: "good"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(outs) != 2 || !outs[0].Skipped || !outs[1].Skipped || outs[0].Ran {
		t.Errorf("outcomes = %+v, want good and broken skipped", outs)
	}
	if _, err := os.Stat(filepath.Join(root, "demos", "good", frozenName)); !os.IsNotExist(err) {
		t.Errorf("mode off wrote a frozen result: %v", err)
	}
}

func TestFailedRunKeepsFrozen(t *testing.T) {
	tests := []struct {
		name, old, new, wantErr string
	}{
		{"compile error", "total := work.Sum(100)", "total := work.Sum(\"x\")", "does not build"},
		{"exit 1", `fmt.Println("sum:", total)`, `fmt.Println("sum:", total); os.Exit(1)`, "exit status 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := fixture(t)
			r, _ := newRunner(t, root, ModeAuto)
			if _, err := runOne(t, r, Request{Demo: "good"}); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(root, "demos", "good", frozenName)
			good, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			edit(t, root, "demos/good/main.go", func(s string) string { return strings.Replace(s, tt.old, tt.new, 1) })
			if _, err := runOne(t, r, Request{Demo: "good"}); err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("Run error = %v, want one with %q", err, tt.wantErr)
			}
			if now, _ := os.ReadFile(path); !bytes.Equal(now, good) {
				t.Errorf("the failed run changed %s", path)
			}
		})
	}
}

// TestFingerprintMissingPackage fingerprints a demo that imports a package
// of the module that does not exist (the module has no internal folder):
// the fingerprint is made of what exists, and changes once the package
// does.
func TestFingerprintMissingPackage(t *testing.T) {
	root := fixture(t)
	edit(t, root, "demos/needs/main.go", func(string) string {
		return "package main\n\nimport _ \"fixture/internal/gone\"\n\nfunc main() {}\n"
	})
	r, _ := newRunner(t, root, ModeAuto)
	env, err := r.env(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var fps []string
	for i := range 2 {
		if i == 1 {
			edit(t, root, "internal/gone/gone.go", appendText("package gone\n"))
		}
		m, err := r.fingerprints(context.Background(), []string{"needs"}, env)
		if err != nil {
			t.Fatalf("fingerprinting with the package %s: %v", []string{"missing", "present"}[i], err)
		}
		fps = append(fps, m["needs"])
	}
	if fps[0] == fps[1] {
		t.Errorf("creating the imported package left the fingerprint %s as it was", fps[0])
	}
}
