//go:build unix

package pytwins

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestFlags checks the flags every demo understands, as the Go demos do:
// -h prints usage and exits 0, bad usage exits 2, and neither runs the
// demo.
func TestFlags(t *testing.T) {
	for _, tc := range []struct {
		args   []string
		code   int
		output string
	}{
		{[]string{"-h"}, 0, "-repeats N"},
		{[]string{"-nope"}, 2, "unrecognized arguments: -nope"},
		{[]string{"-repeats", "-1"}, 2, "-repeats must be at least 1"},
		{[]string{"-repeats", "x"}, 2, "invalid int value"},
		{[]string{"extra"}, 2, "unrecognized arguments: extra"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "results.json")
			ctx, cancel := context.WithTimeout(context.Background(), runTimeout)
			defer cancel()
			cmd, stdout, stderr := command(ctx, t, "race-py", path, tc.args...)
			if code := exitCode(t, cmd.Run()); code != tc.code {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, tc.code, stderr)
			}
			if out := stdout.String() + stderr.String(); !strings.Contains(out, tc.output) {
				t.Errorf("output lacks %q:\n%s", tc.output, out)
			}
			if _, err := os.Stat(path); err == nil {
				t.Errorf("the demo ran and wrote results")
			}
		})
	}
}

// TestRegions checks that every region a page may show is marked once in
// the twin's main.py, and that the markers balance.
func TestRegions(t *testing.T) {
	start := regexp.MustCompile(`^\s*#\s*region\s+(\S+)\s*$`)
	end := regexp.MustCompile(`^\s*#\s*endregion\b`)
	for _, tw := range twins {
		t.Run(tw.name, func(t *testing.T) {
			src, err := os.ReadFile(filepath.Join(root(t), "demos", tw.name, "main.py"))
			if err != nil {
				t.Fatal(err)
			}
			seen := map[string]int{}
			depth := 0
			for i, line := range strings.Split(string(src), "\n") {
				if m := start.FindStringSubmatch(line); m != nil {
					seen[m[1]]++
					depth++
				} else if end.MatchString(line) {
					if depth--; depth < 0 {
						t.Fatalf("main.py:%d: endregion without a region", i+1)
					}
				}
			}
			if depth != 0 {
				t.Errorf("%d regions have no endregion", depth)
			}
			for _, r := range tw.regions {
				if seen[r] != 1 {
					t.Errorf("region %s marked %d times, want once", r, seen[r])
				}
			}
		})
	}
}

// TestTerminate sends SIGTERM to a full run of cpu-py once its worker
// processes exist: the demo must say it was interrupted, exit 1 and leave
// no process behind.
func TestTerminate(t *testing.T) {
	if !watching {
		t.Skip("cannot see when the worker processes have started here")
	}
	orphans := adopt(t)
	ctx, cancel := context.WithTimeout(context.Background(), runTimeout)
	defer cancel()
	cmd, _, stderr := command(ctx, t, "cpu-py", "")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	pid := cmd.Process.Pid
	deadline := time.Now().Add(time.Minute)
	for len(descendants(pid)) < 2 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond) // polling, bounded by the deadline
	}
	if len(descendants(pid)) < 2 {
		t.Errorf("the worker processes did not start within a minute")
	}
	if err := syscall.Kill(pid, syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	code := exitCode(t, cmd.Wait())
	orphans(pid)
	if code != 1 || !strings.Contains(stderr.String(), "cpu-py: interrupted") {
		t.Errorf("exit %d, want 1 saying it was interrupted; stderr:\n%s", code, stderr)
	}
}
