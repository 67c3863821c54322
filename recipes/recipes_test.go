// Package recipes holds the tests of the recipes: the small programs, one
// folder each, that the recipes chapter shows. Each folder holds a Go
// program (main.go), its Python twin (main.py, standard library only) or
// both, and output.txt, what each prints. The tests build and run every
// one, the Go ones under the race detector, so that a recipe that stops
// working fails them.
package recipes

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// signalled lists the recipes that run until SIGINT or SIGTERM: they print
// "ready" once their handlers are in place, and the rest of their output
// after the signal.
var signalled = map[string]bool{"graceful-shutdown": true}

// runTimeout bounds each run; a recipe takes well under a second.
const runTimeout = 60 * time.Second

// recipe is one folder of recipes/.
type recipe struct {
	name       string
	goSrc, py  bool
	wantOutput string
}

func recipes(t *testing.T) []recipe {
	t.Helper()
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	var out []recipe
	for _, e := range entries {
		if !e.IsDir() || strings.HasPrefix(e.Name(), ".") || e.Name() == "__pycache__" {
			continue
		}
		r := recipe{name: e.Name()}
		_, err1 := os.Stat(filepath.Join(r.name, "main.go"))
		_, err2 := os.Stat(filepath.Join(r.name, "main.py"))
		r.goSrc, r.py = err1 == nil, err2 == nil
		want, err := os.ReadFile(filepath.Join(r.name, "output.txt"))
		switch {
		case !r.goSrc && !r.py:
			t.Errorf("recipes/%s: neither main.go nor main.py", r.name)
			continue
		case err != nil:
			t.Errorf("recipes/%s: no output.txt saying what the recipe prints: %v", r.name, err)
			continue
		}
		r.wantOutput = string(want)
		out = append(out, r)
	}
	if len(out) == 0 {
		t.Fatal("no recipes found")
	}
	return out
}

// requireTools says whether a missing tool fails the tests instead of
// skipping them; CI sets SITEGEN_REQUIRE_TOOLS=1.
func requireTools() bool { return os.Getenv("SITEGEN_REQUIRE_TOOLS") == "1" }

// TestGo builds every Go recipe with the race detector and runs it.
func TestGo(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	var pkgs []string
	var rs []recipe
	for _, r := range recipes(t) {
		if r.goSrc {
			pkgs = append(pkgs, "./"+r.name)
			rs = append(rs, r)
		}
	}
	bin := t.TempDir()
	args := append([]string{"build", "-race", "-o", bin + string(filepath.Separator)}, pkgs...)
	if out, err := exec.Command(goTool, args...).CombinedOutput(); err != nil {
		// The race detector needs cgo and a C compiler.
		unsupported := strings.Contains(string(out), "-race") || strings.Contains(string(out), "C compiler")
		if !unsupported || requireTools() {
			t.Fatalf("go build -race: %v\n%s", err, out)
		}
		t.Logf("go build -race is not possible here, building without it: %s", out)
		args = slices.Delete(args, 1, 2)
		if out, err := exec.Command(goTool, args...).CombinedOutput(); err != nil {
			t.Fatalf("go build: %v\n%s", err, out)
		}
	}
	for _, r := range rs {
		t.Run(r.name, func(t *testing.T) {
			check(t, r, filepath.Join(bin, r.name))
		})
	}
}

// TestPython runs every Python recipe with python3.
func TestPython(t *testing.T) {
	python, err := exec.LookPath("python3")
	if err != nil {
		if requireTools() {
			t.Fatalf("python3 is not on PATH, and SITEGEN_REQUIRE_TOOLS=1: %v", err)
		}
		t.Skip("python3 is not on PATH (set SITEGEN_REQUIRE_TOOLS=1 to fail instead)")
	}
	for _, r := range recipes(t) {
		if !r.py {
			continue
		}
		t.Run(r.name, func(t *testing.T) {
			// -I: isolated from the environment and the user's packages,
			// as the recipes use the standard library only; -B: no
			// bytecode files beside them.
			check(t, r, python, "-I", "-B", filepath.Join(r.name, "main.py"))
		})
	}
}

// check runs one recipe and compares what it prints with its output.txt;
// a recipe that waits for a signal is run once for SIGINT and once for
// SIGTERM.
func check(t *testing.T, r recipe, argv ...string) {
	if !signalled[r.name] {
		ctx, cancel := context.WithTimeout(t.Context(), runTimeout)
		defer cancel()
		cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("%v\n%s", err, stderr.Bytes())
		}
		compare(t, r, stdout.String(), stderr.String())
		return
	}
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			stdout, stderr, err := runSignalled(t, sig, argv)
			if err != nil {
				t.Fatalf("after %v: %v\n%s", sig, err, stderr)
			}
			compare(t, r, stdout, stderr)
		})
	}
}

// runSignalled starts a recipe, waits for its "ready" line, sends it sig
// and waits for it to exit.
func runSignalled(t *testing.T, sig syscall.Signal, argv []string) (stdout, stderr string, err error) {
	ctx, cancel := context.WithTimeout(t.Context(), runTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	var errBuf bytes.Buffer
	cmd.Stderr = &errBuf
	pipe, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	out := bufio.NewReader(pipe)
	first, err := out.ReadString('\n')
	if err != nil || first != "ready\n" {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("first line %q (%v), want \"ready\"\n%s", first, err, errBuf.Bytes())
	}
	if err := cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
	var rest bytes.Buffer
	_, copyErr := rest.ReadFrom(out)
	err = errors.Join(cmd.Wait(), copyErr, ctx.Err())
	return first + rest.String(), errBuf.String(), err
}

func compare(t *testing.T, r recipe, stdout, stderr string) {
	t.Helper()
	if stdout != r.wantOutput {
		t.Errorf("recipes/%s printed:\n%s\nwant (output.txt):\n%s", r.name, stdout, r.wantOutput)
	}
	if stderr != "" {
		t.Errorf("recipes/%s wrote to standard error:\n%s", r.name, stderr)
	}
}

// TestShown checks that a chapter shows every recipe's programs, through
// a block of code that names the file.
func TestShown(t *testing.T) {
	chapters, err := filepath.Glob(filepath.Join("..", "content", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	var all strings.Builder
	for _, c := range chapters {
		b, err := os.ReadFile(c)
		if err != nil {
			t.Fatal(err)
		}
		all.Write(b)
	}
	for _, r := range recipes(t) {
		for _, f := range []struct {
			has  bool
			name string
		}{{r.goSrc, "main.go"}, {r.py, "main.py"}} {
			if f.has && !strings.Contains(all.String(), `file="recipes/`+r.name+"/"+f.name) {
				t.Errorf("no chapter shows recipes/%s/%s (file=\"recipes/%s/%s\")", r.name, f.name, r.name, f.name)
			}
		}
	}
}
