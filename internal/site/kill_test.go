package site

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/concurrency-primer/site/theme"
)

// TestKilledBuild kills a build with SIGKILL after it has written some pages
// and checks that the previous output is intact, and that the next build
// succeeds and clears what the killed one left.
func TestKilledBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a subprocess")
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	fixture := readArchive(t, "testdata/fixture.txtar").mapFS()
	if err := build(fixture, out); err != nil {
		t.Fatal(err)
	}
	before := readTree(t, out)

	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestKillHelper$")
	cmd.Env = append(os.Environ(), "SITEGEN_KILL_HELPER_OUT="+out)
	cmd.Stderr = os.Stderr
	// The helper blocks reading its standard input, which stays open until
	// it is killed.
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	defer stdin.Close()
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || line != "written\n" {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("helper said %q, %v; want it to report a written page", line, err)
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()

	if after := readTree(t, out); !maps.EqualFunc(before, after, func(a, b []byte) bool { return string(a) == string(b) }) {
		t.Fatal("the killed build changed the previous output")
	}
	leftovers, _ := filepath.Glob(filepath.Join(dir, ".public.staging-*"))
	if len(leftovers) == 0 {
		t.Fatal("no staging folder: the build was not killed half-way")
	}
	if err := build(fixture, out); err != nil {
		t.Fatal(err)
	}
	if leftovers, _ = filepath.Glob(filepath.Join(dir, ".public.staging-*")); len(leftovers) > 0 {
		t.Errorf("the next build left %v", leftovers)
	}
}

// TestKillHelper is the build that TestKilledBuild kills: it builds a
// generated site and stops forever after the first page it writes.
func TestKillHelper(t *testing.T) {
	out := os.Getenv("SITEGEN_KILL_HELPER_OUT")
	if out == "" {
		t.Skip("run by TestKilledBuild")
	}
	s, err := Load(context.Background(), Config{Src: corpus(50), Theme: theme.FS, Out: out})
	if err != nil {
		t.Fatal(err)
	}
	s.written = func(string) {
		fmt.Println("written")
		io.ReadAll(os.Stdin)
	}
	s.publish(context.Background())
	t.Fatal("the build finished")
}
