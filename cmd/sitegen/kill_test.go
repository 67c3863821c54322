package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// escapeDemo starts a child that leaves the process group and the session
// and ignores SIGTERM, then writes escaped in its working folder (the
// site's) and waits forever.
const escapeDemo = `package main

import (
	"os"
	"os/exec"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	if len(os.Args) > 1 {
		signal.Ignore(syscall.SIGTERM)
		time.Sleep(time.Hour)
	}
	child := exec.Command(os.Args[0], "child")
	child.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := child.Start(); err != nil {
		panic(err)
	}
	if err := os.WriteFile("escaped", nil, 0o644); err != nil {
		panic(err)
	}
	time.Sleep(time.Hour)
}
`

// TestBuildKilled kills a build with SIGKILL while its demo runs, a demo
// whose child called setsid: neither the demo nor the child runs on, and
// the run's temporary folder is gone.
func TestBuildKilled(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("a subreaper and /proc are Linux's")
	}
	if testing.Short() {
		t.Skip("starts sitegen as a subprocess")
	}
	src := writeSite(t, map[string]string{
		"go.mod":               "module fixture\n\ngo 1.26\n",
		"demos/escape/main.go": escapeDemo,
		"content/01-a.md":      "---\ntitle: A\n---\n```demo escape show=none chart=none\n```\n",
	})
	tmp := t.TempDir()
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestServeHelper$")
	cmd.Env = append(os.Environ(), "TMPDIR="+tmp,
		"SITEGEN_SERVE_HELPER="+strings.Join([]string{"build", "-src", src, "-demos", "auto"}, "\n"))
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Wait()
	deadline := time.Now().Add(2 * time.Minute) // the demo is built first
	for {
		if _, err := os.Stat(filepath.Join(src, "escaped")); err == nil {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatal("the demo did not start within 2 minutes")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	noProcessUnder(t, src)
	deadline = time.Now().Add(wait)
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
}
