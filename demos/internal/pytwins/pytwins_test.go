//go:build unix

package pytwins

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/concurrency-primer/site/internal/demo"
	"github.com/concurrency-primer/site/internal/results"
)

// twins are the Python demos, their strategies in report order and the
// source regions a page may show.
var twins = []struct {
	name       string
	strategies []string
	regions    []string
}{
	{"cpu-py", []string{"sequential", "threads", "processes", "event-loop"},
		[]string{"sequential", "threads", "processes", "event-loop"}},
	{"io-py", []string{"sequential", "threads", "processes", "event-loop"},
		[]string{"workload", "server", "sequential", "threads", "processes", "event-loop"}},
	{"ipc-py", []string{
		"thread-1KiB", "thread-16KiB", "thread-256KiB", "thread-4MiB", "thread-16MiB",
		"process-1KiB", "process-16KiB", "process-256KiB", "process-4MiB", "process-16MiB"},
		[]string{"digest", "receivers", "thread", "process"}},
	{"race-py", []string{"sequential", "plain", "atomic", "mutex", "split"},
		[]string{"plain", "atomic", "mutex", "split"}},
	{"fanout-py", []string{"unbounded", "semaphore", "workers"},
		[]string{"service", "unbounded", "semaphore", "workers"}},
	{"cancel-py", []string{"cancel", "timeout", "taskgroup", "threads", "processes"},
		[]string{"task", "cancel", "timeout", "taskgroup", "threads", "processes"}},
	{"waits-py", []string{"event-loop", "uvloop", "trio", "gevent", "eventlet", "threads"},
		[]string{"event-loop", "trio", "green", "threads"}},
	{"green-py", []string{"unpatched", "patched", "gevent-hog", "gevent-yield", "asyncio-hog", "asyncio-yield"},
		[]string{"program", "server", "compute", "gevent", "asyncio"}},
	{"subinterp-py", []string{"sequential", "threads", "subinterpreters", "processes"},
		[]string{"interpreter", "digest", "costs", "sequential", "threads", "subinterpreters", "processes"}},
}

// runTimeout bounds one run of a twin; a -quick run takes about a second.
const runTimeout = 2 * time.Minute

// python returns the interpreter the site's runner would run the twin
// with (the first that has what its main.py requires), skipping the test
// without one unless SITEGEN_REQUIRE_TOOLS=1 asks for a failure instead.
func python(t *testing.T, twin string) string {
	t.Helper()
	p, err := demo.FindPython(t.Context(), filepath.Join(root(t), "demos", twin, "main.py"))
	if err != nil {
		if os.Getenv("SITEGEN_REQUIRE_TOOLS") == "1" {
			t.Fatalf("%v, and SITEGEN_REQUIRE_TOOLS=1", err)
		}
		t.Skipf("%v (set SITEGEN_REQUIRE_TOOLS=1 to fail instead)", err)
	}
	return p
}

// root returns the module root, where a reader runs the twins from.
func root(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "go.mod")); err != nil {
		t.Fatalf("no module root at %s: %v", dir, err)
	}
	return dir
}

// command returns python3 running the twin with args from the module root,
// in a process group of its own that is killed when ctx ends, writing its
// results to resultsPath (none when empty).
func command(ctx context.Context, t *testing.T, twin, resultsPath string, args ...string) (*exec.Cmd, *bytes.Buffer, *bytes.Buffer) {
	t.Helper()
	cmd := exec.CommandContext(ctx, python(t, twin), append([]string{filepath.Join("demos", twin, "main.py")}, args...)...)
	cmd.Dir = root(t)
	cmd.Env = append(os.Environ(), "DEMO_RESULTS="+resultsPath, "PYTHONDONTWRITEBYTECODE=1")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 10 * time.Second
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	return cmd, &stdout, &stderr
}

// exitCode returns the command's exit status, failing t when it did not
// exit on its own.
func exitCode(t *testing.T, err error) int {
	t.Helper()
	if err == nil {
		return 0
	}
	var exit *exec.ExitError
	if errors.As(err, &exit) && exit.Exited() {
		return exit.ExitCode()
	}
	t.Fatalf("the demo did not exit on its own: %v", err)
	return -1
}

func TestQuickCheck(t *testing.T) {
	for _, tw := range twins {
		t.Run(tw.name, func(t *testing.T) {
			orphans := adopt(t)
			path := filepath.Join(t.TempDir(), "results.json")
			ctx, cancel := context.WithTimeout(context.Background(), runTimeout)
			defer cancel()
			cmd, stdout, stderr := command(ctx, t, tw.name, path, "-quick", "-check")
			code := exitCode(t, cmd.Run())
			orphans(cmd.Process.Pid)
			if code != 0 && code != 1 {
				t.Fatalf("exit %d, stderr:\n%s", code, stderr)
			}
			for _, junk := range []string{"Traceback", "leaked", "Warning"} {
				if strings.Contains(stderr.String(), junk) {
					t.Errorf("stderr holds %q:\n%s", junk, stderr)
				}
			}
			res, err := results.ReadFile(path)
			if err != nil {
				t.Fatalf("%v\nstderr:\n%s", err, stderr)
			}
			checkResults(t, tw.name, tw.strategies, res)
			checkEnv(t, path)
			checkVerdict(t, res, code, stdout.String())
		})
	}
}

// checkResults checks the demo's name, its strategies in order with two
// runs each (the -quick default), and that its claims were evaluated.
func checkResults(t *testing.T, name string, want []string, res *results.Results) {
	t.Helper()
	if res.Demo != name {
		t.Errorf("demo %q, want %q", res.Demo, name)
	}
	var got []string
	for _, s := range res.Strategies {
		got = append(got, s.Name)
		if s.Unavailable == "" && len(s.RunsS) != 2 {
			t.Errorf("strategy %s: %d runs, want 2", s.Name, len(s.RunsS))
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("strategies %v, want %v", got, want)
	}
	if len(res.Check.Claims) == 0 || res.Check.Expected == "" {
		t.Errorf("no claims or no expected shape: %+v", res.Check)
	}
	for _, k := range []string{"guard_cores_before_x", "guard_cores_after_x"} {
		if _, ok := res.Metrics[k]; !ok {
			t.Errorf("metric %s missing: the noise guard did not run", k)
		}
	}
}

// checkEnv checks the stamp as written: a Python demo names its
// interpreter and leaves Go's fields out.
func checkEnv(t *testing.T, path string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var raw struct{ Env map[string]any }
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}
	if v, _ := raw.Env["python"].(string); !regexp.MustCompile(`^3\.\d+\.\d+`).MatchString(v) {
		t.Errorf("env python %q, want a version such as 3.11.7", v)
	}
	if v := raw.Env["gil"]; v != "enabled" && v != "disabled" {
		t.Errorf("env gil %v, want enabled or disabled", v)
	}
	for _, k := range []string{"go", "gomaxprocs"} {
		if _, ok := raw.Env[k]; ok {
			t.Errorf("env has %s, a Go demo's field", k)
		}
	}
}

// checkVerdict checks that -check's exit status and last words follow the
// claims: 0 and "inconclusive: noisy" on a noisy run, 1 and "check failed"
// when a claim failed, 0 and "check passed" when all held.
func checkVerdict(t *testing.T, res *results.Results, code int, stdout string) {
	t.Helper()
	all := true
	for _, c := range res.Check.Claims {
		all = all && c.OK
	}
	if res.Check.OK != all {
		t.Errorf("check.ok %v, but the claims say %v", res.Check.OK, all)
	}
	wantCode, wantWords := 0, "check passed"
	switch {
	case res.Check.Noisy:
		wantWords = "inconclusive: noisy"
	case !res.Check.OK:
		wantCode, wantWords = 1, "check failed"
	}
	if res.Check.Noisy != res.Env.Noisy {
		t.Errorf("check.noisy %v, env.noisy %v", res.Check.Noisy, res.Env.Noisy)
	}
	if code != wantCode || !strings.Contains(stdout, wantWords) {
		t.Errorf("exit %d, want %d with %q; stdout:\n%s", code, wantCode, wantWords, stdout)
	}
	for _, c := range res.Check.Claims {
		mark := "✓ "
		if !c.OK {
			mark = "✗ "
		}
		if !strings.Contains(stdout, mark+c.Claim+": got "+c.Got) {
			t.Errorf("the report does not say %q", mark+c.Claim+": got "+c.Got)
		}
	}
}
