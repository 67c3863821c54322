// Package demotest is what the demos' tests share: the TestMain that lets a
// test binary act as a demo's worker process (or as the demo itself), the
// leak checks, a run of every strategy against the expected answer, and a
// -quick run of the whole demo whose results are read back and validated.
//
// A demo's main_test.go starts with
//
//	func TestMain(m *testing.M) { demotest.Main(m, main, handlers...) }
//
// and its tests call Agree and QuickRun; both run Settled, which fails the
// test when a goroutine, a child process, a descriptor or a changed
// GOMAXPROCS outlives it. Nothing here times anything: speed belongs to
// the demos' -check, never to go test.
package demotest

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/concurrency-primer/site/demos/internal/measure"
	"github.com/concurrency-primer/site/demos/internal/worker"
	"github.com/concurrency-primer/site/internal/results"
)

// selfEnv, set in the environment, makes a test binary run the demo's main
// instead of its tests (see Command).
const selfEnv = "DEMOTEST_RUN_MAIN"

// settleTimeout bounds the wait for goroutines and children to end.
var settleTimeout = 10 * time.Second

// Main is a demo's TestMain. In a worker process it serves the handlers and
// exits; in a process started by Command it runs main, the demo itself;
// otherwise it runs the tests and exits with their status.
func Main(m *testing.M, main func(), handlers ...worker.Handler) {
	worker.Main(handlers...)
	if os.Getenv(selfEnv) != "" {
		os.Args = os.Args[:1]
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// Command returns a command that runs this test binary as the demo, as go
// run would, with args: for tests that need a whole process, such as one
// that signals it.
func Command(args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), selfEnv+"=1", "DEMO_RESULTS=")
	return cmd
}

// Settled fails t, once the test and its cleanups have finished, when a
// goroutine or a child process it started is still there (after a bounded
// wait for them to end), when it left a file descriptor open, or when it
// left GOMAXPROCS changed. What ran before, such as a child process a
// parent test started for its subtests, is not the test's to end.
func Settled(t testing.TB) {
	t.Helper()
	pollerReady()
	base := runtime.NumGoroutine()
	kids := children()
	fds := openFiles()
	procs := runtime.GOMAXPROCS(0)
	t.Cleanup(func() {
		if err := settle(base, kids); err != nil {
			t.Error(err)
		}
		if n := openFiles(); n > fds {
			t.Errorf("%d file descriptors open, %d before", n, fds)
		}
		if p := runtime.GOMAXPROCS(0); p != procs {
			t.Errorf("GOMAXPROCS left at %d, was %d", p, procs)
		}
	})
}

// settle waits until at most goroutines goroutines run and no child process
// is there but those in before, or until settleTimeout has passed; then it
// returns an error naming what was left behind.
func settle(goroutines int, before map[int]bool) error {
	deadline := time.Now().Add(settleTimeout)
	for {
		var extra []int
		for pid := range children() {
			if !before[pid] {
				extra = append(extra, pid)
			}
		}
		n := runtime.NumGoroutine()
		if len(extra) == 0 && n <= goroutines {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("left behind: child processes %v, %d goroutines (want at most %d)", extra, n, goroutines)
		}
		time.Sleep(5 * time.Millisecond) // polling, bounded by the deadline
	}
}

// children returns the ids of this process's child processes (none where
// the system cannot list them).
func children() map[int]bool {
	pids, _ := worker.Children()
	m := map[int]bool{}
	for _, pid := range pids {
		m[pid] = true
	}
	return m
}

// pollerReady makes the runtime open the descriptors of its network poller
// now, so that Settled does not count them as the test's: they stay open
// for the life of the process.
func pollerReady() {
	if r, w, err := os.Pipe(); err == nil {
		r.Close()
		w.Close()
	}
}

// openFiles counts this process's descriptors, or returns 0 where there is
// no /proc/self/fd to count them.
func openFiles() int {
	fds, _ := os.ReadDir("/proc/self/fd")
	return len(fds)
}

// Agree runs every available strategy of d once, each as a subtest checked
// with Settled, and fails when a strategy's answer differs from want, unless
// the strategy may compute any answer (AnyAnswer) or want is nil (check
// then judges the answers). check, when set, looks at the answer and at what
// the run recorded.
func Agree(t *testing.T, d *measure.Demo, want any, check func(t *testing.T, s measure.Strategy, got any, r *measure.Run)) {
	t.Helper()
	for _, s := range d.Strategies {
		t.Run(s.Name, func(t *testing.T) {
			if s.Unavailable != "" {
				t.Skip(s.Unavailable)
			}
			Settled(t)
			r := measure.NewRun()
			got, err := s.Run(context.Background(), r)
			if err != nil {
				t.Fatal(err)
			}
			if want != nil && !s.AnyAnswer && !reflect.DeepEqual(got, want) {
				t.Errorf("got %v, want %v", got, want)
			}
			if check != nil {
				check(t, s, got, r)
			}
		})
	}
}

// QuickRun runs the whole demo with -quick and args, as go run would but in
// this process, checked with Settled. It fails t unless the demo exits 0,
// writes results that decode and validate, and reports every one of its
// strategies, each available one with a run per repeat (2, or the count
// given with -repeats) and the claims evaluated. It returns the results and
// what the demo printed.
func QuickRun(t *testing.T, d *measure.Demo, args ...string) (*results.Results, string) {
	t.Helper()
	Settled(t)
	path := filepath.Join(t.TempDir(), "results.json")
	t.Setenv("DEMO_RESULTS", path)
	var stdout, stderr bytes.Buffer
	if code := d.Exec(context.Background(), append([]string{"-quick"}, args...), &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr.String())
	}
	res, err := results.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	repeats := 2
	for i, a := range args {
		if a == "-repeats" && i+1 < len(args) {
			repeats, _ = strconv.Atoi(args[i+1])
		}
	}
	for _, want := range d.Strategies {
		s, ok := res.Lookup(want.Name)
		switch {
		case !ok:
			t.Errorf("strategy %s is missing from the results", want.Name)
		case s.Unavailable == "" && len(s.RunsS) != repeats:
			t.Errorf("strategy %s: %d runs, want %d", s.Name, len(s.RunsS), repeats)
		}
	}
	if len(res.Check.Claims) != len(d.Claims) {
		t.Errorf("%d claims evaluated, the demo has %d", len(res.Check.Claims), len(d.Claims))
	}
	return res, stdout.String()
}
