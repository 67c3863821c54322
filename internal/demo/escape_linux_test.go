package demo

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// waitGone waits, for a bounded time, until every pid has ended; it kills
// and names those that have not.
func waitGone(t *testing.T, what string, pids ...int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for _, pid := range pids {
		for !gone(pid) {
			if time.Now().After(deadline) {
				syscall.Kill(pid, syscall.SIGKILL)
				t.Fatalf("%s: process %d still runs", what, pid)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
}

// TestRunKillsEscapedProcesses runs demos whose children leave the
// process group: a child that calls setsid and ignores SIGTERM, in a demo
// stopped by its timeout, and a daemon started by double fork, from a
// demo that exits 0. Neither survives the run.
func TestRunKillsEscapedProcesses(t *testing.T) {
	tests := []struct {
		name, demo string
		timeout    time.Duration
		wantErr    string // "" for success
		pidFormat  string
	}{
		{"setsid child of a demo killed on timeout", "setsid", 2 * time.Second, "killed after the 2s timeout", "child pid %d"},
		{"daemon of a demo that exits 0", "detach", 30 * time.Second, "", "leaf pid %d"},
	}
	root := fixture(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, _ := newRunner(t, root, ModeForce)
			o, err := runOne(t, r, Request{Demo: tt.demo, Timeout: tt.timeout})
			if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Fatalf("Run error = %v, want %q", err, tt.wantErr)
			}
			var pid int
			if _, err := fmt.Sscanf(o.Stdout, tt.pidFormat, &pid); err != nil || pid <= 0 {
				t.Fatalf("no pid in stdout %q: %v", o.Stdout, err)
			}
			waitGone(t, "after the run", pid)
		})
	}
}

// TestRunHelper is a sitegen running the setsid demo when
// SITEGEN_DEMO_HELPER names the fixture: TestKilledSitegen kills it.
func TestRunHelper(t *testing.T) {
	root := os.Getenv("SITEGEN_DEMO_HELPER")
	if root == "" {
		t.Skip("run by TestKilledSitegen")
	}
	r, err := New(Config{Root: root, Mode: ModeForce})
	if err != nil {
		t.Fatal(err)
	}
	r.timeout, r.lock = time.Hour, filepath.Join(root, ".test.lock")
	r.Run(context.Background(), []Request{{Demo: "setsid"}})
	t.Fatal("the demo ended")
}

// TestKilledSitegen kills, with SIGKILL, a sitegen while its demo runs,
// a demo whose child called setsid: the demo and its child die with it
// and the run's temporary folder goes. When the supervisor is killed too,
// the next Run kills the child and removes the folder, and says so.
func TestKilledSitegen(t *testing.T) {
	for _, supervisorToo := range []bool{false, true} {
		t.Run(map[bool]string{false: "sitegen", true: "sitegen and supervisor"}[supervisorToo], func(t *testing.T) {
			root := fixture(t)
			tmp := t.TempDir()
			ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestRunHelper$")
			cmd.Env = append(os.Environ(), "SITEGEN_DEMO_HELPER="+root, "TMPDIR="+tmp)
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			defer cmd.Wait()
			defer cmd.Process.Kill()

			var demo, child int
			deadline := time.Now().Add(2 * time.Minute) // the demo is built first
			for {
				b, err := os.ReadFile(filepath.Join(root, "setsid.pid"))
				if err == nil {
					if _, err := fmt.Sscanf(string(b), "%d %d", &demo, &child); err != nil {
						t.Fatalf("setsid.pid: %q: %v", b, err)
					}
					break
				}
				if time.Now().After(deadline) {
					t.Fatal("the demo did not start within 2 minutes")
				}
				time.Sleep(20 * time.Millisecond)
			}
			runs, _ := filepath.Glob(filepath.Join(tmp, "sitegen-demo-*"))
			if len(runs) != 1 {
				t.Fatalf("temporary folders of the run: %q, want one", runs)
			}
			supervisor := parentOf(t, demo)
			if err := cmd.Process.Kill(); err != nil {
				t.Fatal(err)
			}
			cmd.Wait() // dead, its locks released
			if supervisorToo {
				if supervisor == cmd.Process.Pid {
					t.Fatalf("the demo %d runs right under sitegen, with no supervisor", demo)
				}
				syscall.Kill(supervisor, syscall.SIGKILL)
				waitGone(t, "the supervisor", supervisor)
				waitGone(t, "the demo, whose parent died", demo)
				if gone(child) {
					t.Fatal("the child died with no one to kill it: the test proves nothing")
				}
				t.Setenv("TMPDIR", tmp)
				r, progress := newRunner(t, root, ModeForce)
				if _, err := runOne(t, r, Request{Demo: "good"}); err != nil {
					t.Fatal(err)
				}
				for _, want := range []string{
					"demos: killed processes a killed build's demos left running: pid " + strconv.Itoa(child) + "\n",
					"demos: removed a killed build's temporary folder " + runs[0] + "\n",
				} {
					if !strings.Contains(progress.String(), want) {
						t.Errorf("progress lacks %q:\n%s", want, progress)
					}
				}
			}
			waitGone(t, "after sitegen was killed", demo, child)
			deadline = time.Now().Add(10 * time.Second)
			for {
				left, _ := filepath.Glob(filepath.Join(tmp, "sitegen-demo-*"))
				if len(left) == 0 {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("temporary folders left: %q", left)
				}
				time.Sleep(10 * time.Millisecond)
			}
		})
	}
}

// parentOf returns the parent pid of pid, from /proc.
func parentOf(t *testing.T, pid int) int {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	ppid, err := strconv.Atoi(f[1])
	if err != nil {
		t.Fatal(err)
	}
	return ppid
}
