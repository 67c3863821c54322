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

func TestRunHangKillsProcessGroup(t *testing.T) {
	tests := []struct {
		name    string
		demo    string
		timeout time.Duration // of the request
		ctx     time.Duration // of the context; 0 for none
		wantErr string
	}{
		{"timeout", "hang", time.Second, 0, "demo hang: killed after the 1s timeout"},
		{"context", "hang", 30 * time.Second, time.Second, "context deadline exceeded"},
		{"python timeout", "pyhang", 2 * time.Second, 0, "demo pyhang: killed after the 2s timeout"},
		{"python context", "pyhang", 30 * time.Second, 2 * time.Second, "context deadline exceeded"},
	}
	root := fixture(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.demo == "pyhang" {
				requirePython(t)
			}
			r, _ := newRunner(t, root, ModeAuto)
			ctx := context.Background()
			if tt.ctx > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, tt.ctx)
				defer cancel()
			}
			outs, err := r.Run(ctx, []Request{{Demo: tt.demo, Timeout: tt.timeout}})
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("Run error = %v, want one with %q", err, tt.wantErr)
			}
			o := outs[0]
			var pid int
			if _, err := fmt.Sscanf(o.Stdout, "child pid %d", &pid); err != nil || pid <= 0 {
				t.Fatalf("no child pid in stdout %q: %v", o.Stdout, err)
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
