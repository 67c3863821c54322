package main

import (
	"bufio"
	"context"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestServeHelper is sitegen itself when SITEGEN_SERVE_HELPER holds its
// arguments, one a line: TestServeSignal runs it as a separate process.
func TestServeHelper(t *testing.T) {
	args := os.Getenv("SITEGEN_SERVE_HELPER")
	if args == "" {
		t.Skip("run by TestServeSignal")
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, strings.Split(args, "\n"), os.Stderr)
	stop()
	os.Exit(code)
}

// hangDemo prints, then starts a child that ignores SIGTERM, and waits
// forever: stopping serve while it runs must leave neither behind.
const hangDemo = `package main

import (
	"fmt"
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
	fmt.Println("started")
	if err := exec.Command(os.Args[0], "child").Start(); err != nil {
		panic(err)
	}
	time.Sleep(time.Hour)
}
`

// trapDemo catches SIGTERM and keeps running: stopping serve must kill it
// after a short grace. It writes trap-ready in its working folder (the
// site's) once it catches the signal, and trap-caught when it has.
const trapDemo = `package main

import (
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGTERM)
	if err := os.WriteFile("trap-ready", nil, 0o644); err != nil {
		panic(err)
	}
	fmt.Println("started")
	<-c
	if err := os.WriteFile("trap-caught", nil, 0o644); err != nil {
		panic(err)
	}
	time.Sleep(time.Hour)
}
`

// TestServeSignal sends SIGTERM to a serve process, idle or while a demo
// runs in the first build or a rebuild, and checks that it exits with
// status 0, removes its temporary folder and leaves no demo process behind,
// not even one that catches SIGTERM and keeps running (which must still get
// the signal first).
func TestServeSignal(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("looks for leftover processes in /proc")
	}
	if testing.Short() {
		t.Skip("starts sitegen as a subprocess")
	}
	tests := []struct {
		name  string
		demos string
		files map[string]string
		// edit, when set, is written once serve serves (name, then text).
		edit []string
		when string // what stderr says, after the edit, when the signal is sent
		// ready, when set, is a file of the site folder that must exist
		// before the signal is sent; caught one that must exist after.
		ready, caught string
	}{
		{"idle", "off", map[string]string{"content/01-a.md": "---\ntitle: A\n---\nWords.\n"}, nil, "serving http", "", ""},
		{"during a demo", "auto", map[string]string{
			"go.mod":             "module fixture\n\ngo 1.26\n",
			"demos/hang/main.go": hangDemo,
			"content/01-a.md":    "---\ntitle: A\n---\n```demo hang show=none chart=none\n```\n",
		}, nil, "hang: running", "", ""},
		{"during a rebuild's demo", "auto", map[string]string{
			"go.mod":             "module fixture\n\ngo 1.26\n",
			"demos/hang/main.go": "package main\n\nfunc main() { println(\"quick\") }\n",
			"content/01-a.md":    "---\ntitle: A\n---\n```demo hang show=none chart=none\n```\n",
		}, []string{"demos/hang/main.go", hangDemo}, "hang: running", "", ""},
		{"during a demo that catches SIGTERM", "auto", map[string]string{
			"go.mod":             "module fixture\n\ngo 1.26\n",
			"demos/trap/main.go": trapDemo,
			"content/01-a.md":    "---\ntitle: A\n---\n```demo trap show=none chart=none\n```\n",
		}, nil, "trap: running", "trap-ready", "trap-caught"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := writeSite(t, tt.files)
			ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestServeHelper$")
			cmd.Env = append(os.Environ(), "SITEGEN_SERVE_HELPER="+strings.Join([]string{"serve", "-src", src, "-port", "0", "-demos", tt.demos}, "\n"))
			stderr, err := cmd.StderrPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			var log, since strings.Builder
			sc := bufio.NewScanner(stderr)
			wait := func(what string) {
				t.Helper()
				since.Reset()
				for !strings.Contains(since.String(), what) && sc.Scan() {
					log.WriteString(sc.Text() + "\n")
					since.WriteString(sc.Text() + "\n")
				}
				if !strings.Contains(since.String(), what) {
					cmd.Process.Kill()
					cmd.Wait()
					t.Fatalf("serve never said %q:\n%s", what, log.String())
				}
			}
			if tt.edit != nil {
				wait("serving http")
				rewrite(t, filepath.Join(src, filepath.FromSlash(tt.edit[0])), tt.edit[1])
			}
			wait(tt.when)
			if tt.ready != "" {
				waitFile(t, filepath.Join(src, tt.ready))
			}
			sent := time.Now()
			if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
				t.Fatal(err)
			}
			for sc.Scan() {
				log.WriteString(sc.Text() + "\n")
			}
			err = cmd.Wait()
			t.Logf("stopped %v after SIGTERM; stderr:\n%s", time.Since(sent).Round(time.Millisecond), log.String())
			if err != nil {
				t.Errorf("serve: %v; stderr:\n%s", err, log.String())
			}
			if out, ok := strings.CutPrefix(afterWord(log.String(), " from "), "/"); ok {
				dir, _, _ := strings.Cut(out, ";")
				if _, err := os.Stat("/" + dir); !errors.Is(err, fs.ErrNotExist) {
					t.Errorf("the served folder /%s is still there: %v", dir, err)
				}
			}
			noProcessUnder(t, src)
			if tt.caught != "" {
				if _, err := os.Stat(filepath.Join(src, tt.caught)); err != nil {
					t.Errorf("the demo was not sent SIGTERM before it was killed: %v", err)
				}
			}
		})
	}
}

// waitFile waits, for a bounded time, until the file name exists.
func waitFile(t *testing.T, name string) {
	t.Helper()
	deadline := time.Now().Add(wait)
	for {
		if _, err := os.Stat(name); err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s not there after %v", name, wait)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// afterWord returns what follows the first sep in s, or "".
func afterWord(s, sep string) string {
	_, after, _ := strings.Cut(s, sep)
	return after
}

// noProcessUnder fails if a process whose executable lies under dir is
// still running after a bounded wait.
func noProcessUnder(t *testing.T, dir string) {
	t.Helper()
	deadline := time.Now().Add(wait)
	for {
		var left []string
		exes, _ := filepath.Glob("/proc/[0-9]*/exe")
		for _, e := range exes {
			if p, err := os.Readlink(e); err == nil && strings.HasPrefix(p, dir+string(filepath.Separator)) {
				left = append(left, filepath.Dir(e)+" "+p)
			}
		}
		if len(left) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("processes left behind: %s", strings.Join(left, "; "))
		}
		time.Sleep(10 * time.Millisecond)
	}
}
