//go:build unix

package demo

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// gone reports whether the process pid no longer runs: kill(pid, 0)
// fails, or it is a zombie its new parent has not reaped yet.
func gone(pid int) bool {
	if err := syscall.Kill(pid, 0); errors.Is(err, syscall.ESRCH) {
		return true
	}
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false // no /proc here, or the process just went: ask again
	}
	// Field 3, after "pid (comm)", is the state.
	s := string(stat)
	i := strings.LastIndexByte(s, ')')
	return i >= 0 && len(s) > i+2 && s[i+2] == 'Z'
}

// TestRunHangKillsProcessGroup stops a demo whose child ignores SIGTERM,
// by its timeout or by ending the context once the child runs: neither
// survives. The timeouts leave a loaded machine time to start the demo;
// the context ends only once the demo has written its child's pid.
func TestRunHangKillsProcessGroup(t *testing.T) {
	tests := []struct {
		name    string
		demo    string
		timeout time.Duration // of the request
		cancel  bool          // end the context once the child runs
		wantErr string
	}{
		{"timeout", "hang", 3 * time.Second, false, "demo hang: killed after the 3s timeout"},
		{"context", "hang", 5 * time.Minute, true, "context canceled"},
		{"python timeout", "pyhang", 8 * time.Second, false, "demo pyhang: killed after the 8s timeout"},
		{"python context", "pyhang", 5 * time.Minute, true, "context canceled"},
	}
	root := fixture(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.demo == "pyhang" {
				requirePython(t)
			}
			pidFile := filepath.Join(root, tt.demo+".pid")
			os.Remove(pidFile)
			r, _ := newRunner(t, root, ModeAuto)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if tt.cancel {
				go func() {
					defer cancel()
					deadline := time.Now().Add(2 * time.Minute)
					for time.Now().Before(deadline) {
						if _, err := os.Stat(pidFile); err == nil {
							return
						}
						time.Sleep(10 * time.Millisecond)
					}
				}()
			}
			_, err := r.Run(ctx, []Request{{Demo: tt.demo, Timeout: tt.timeout}})
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("Run error = %v, want one with %q", err, tt.wantErr)
			}
			b, err := os.ReadFile(pidFile)
			if err != nil {
				t.Fatalf("the demo did not start its child before it was stopped: %v", err)
			}
			var pid int
			if _, err := fmt.Sscanf(string(b), "%d", &pid); err != nil || pid <= 0 {
				t.Fatalf("no child pid in %s: %q: %v", pidFile, b, err)
			}
			deadline := time.Now().Add(10 * time.Second)
			for !gone(pid) {
				if time.Now().After(deadline) {
					syscall.Kill(pid, syscall.SIGKILL)
					t.Fatalf("child process %d survived the demo", pid)
				}
				time.Sleep(10 * time.Millisecond)
			}
			if fr, _ := readFrozen(filepath.Join(root, "demos", tt.demo)); fr != nil {
				t.Errorf("a killed demo wrote a frozen result")
			}
		})
	}
}
