package demo

import (
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// superviseEnv, in the environment of a process of this executable, makes
// it a demo's supervisor, not the program it was built as; its value is
// the pid of the sitegen that started it.
const superviseEnv = "SITEGEN_DEMO_SUPERVISE"

func init() {
	if parent := os.Getenv(superviseEnv); parent != "" {
		if len(os.Args) < 3 {
			fmt.Fprintf(os.Stderr, "sitegen: %s is set but no program is named\n", superviseEnv)
			os.Exit(125)
		}
		os.Exit(supervise(parent, os.Args[1], os.Args[2:]))
	}
}

// supervise runs the program at path with argv as the demo of one run and
// returns the exit code to leave with. It is a child subreaper: every
// process the demo starts, and every process those start, setsid or
// double fork notwithstanding, is its descendant or becomes its child when
// orphaned. When the demo exits, when sitegen sends SIGUSR1 or when
// sitegen dies (SIGHUP), it kills all of them and waits for them to die
// before it exits; SIGTERM is passed on to all of them.
//
// What it cannot do is outlive SIGKILL: processes then left (it keeps
// none alive itself) are found by the next Run from the mark every one
// of them carries in its environment.
func supervise(parent, path string, argv []string) int {
	// The demo's parent-death signal follows the thread that started it.
	runtime.LockOSThread()
	// Without it (a kernel before 3.4) orphans escape to init, as they
	// did before supervisors: the demo still runs, and the next Run
	// finds what is left by its mark.
	_ = unix.Prctl(unix.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
	sigs := make(chan os.Signal, 64)
	signal.Notify(sigs, unix.SIGCHLD, unix.SIGTERM, unix.SIGUSR1, unix.SIGHUP)
	if strconv.Itoa(os.Getppid()) != parent {
		return 125 // sitegen died before the signal of its death was set
	}
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, superviseEnv+"=") {
			env = append(env, kv)
		}
	}
	pid, err := syscall.ForkExec(path, argv, &syscall.ProcAttr{
		Env:   env,
		Files: []uintptr{0, 1, 2},
		Sys:   &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL},
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "sitegen: starting %s: %v\n", path, err)
		return 127
	}
	s := &supervisor{self: os.Getpid(), demo: pid}
	for !s.exited {
		switch <-sigs {
		case unix.SIGCHLD:
			s.reap()
		case unix.SIGTERM:
			for _, p := range descendants(s.self) {
				_ = unix.Kill(p, unix.SIGTERM)
			}
		case unix.SIGUSR1:
			s.killAll()
		case unix.SIGHUP:
			if strconv.Itoa(os.Getppid()) == parent {
				continue // not sitegen's death: it is still our parent
			}
			s.killAll()
			if run := os.Getenv(runEnv); filepath.IsAbs(run) {
				os.RemoveAll(run)
			}
			return 125
		}
	}
	s.killAll()
	return s.exit()
}

// supervisor is the state of supervise: its own pid, the demo's, and how
// the demo ended once it has.
type supervisor struct {
	self, demo int
	exited     bool
	status     unix.WaitStatus
}

// reap collects every child that has ended, noting the demo's status.
func (s *supervisor) reap() {
	for {
		var ws unix.WaitStatus
		pid, err := unix.Wait4(-1, &ws, unix.WNOHANG, nil)
		if err == unix.EINTR {
			continue
		}
		if err != nil || pid <= 0 {
			return
		}
		if pid == s.demo {
			s.exited, s.status = true, ws
		}
	}
}

// killAll sends SIGKILL to every descendant until none is left, reaping
// them. A process killed while it forks leaves its child to this
// subreaper, so it repeats until the tree is empty, for at most a few
// seconds (a process stuck in the kernel may take longer to die).
func (s *supervisor) killAll() {
	deadline := time.Now().Add(5 * time.Second)
	for {
		left := descendants(s.self)
		for _, p := range left {
			_ = unix.Kill(p, unix.SIGKILL)
		}
		s.reap()
		if len(left) == 0 || time.Now().After(deadline) {
			return
		}
		time.Sleep(time.Millisecond)
	}
}

// exit returns the demo's exit code, or ends the supervisor with the
// signal that ended the demo, so that sitegen sees the demo's own end.
func (s *supervisor) exit() int {
	if !s.exited {
		return 125
	}
	if !s.status.Signaled() {
		return s.status.ExitStatus()
	}
	sig := s.status.Signal()
	switch sig {
	case unix.SIGKILL, unix.SIGTERM, unix.SIGINT, unix.SIGHUP, unix.SIGUSR1, unix.SIGUSR2, unix.SIGALRM:
		// Signals the Go runtime lets end the process as the system does.
		signal.Reset(sig)
		_ = unix.Kill(s.self, sig)
		time.Sleep(time.Second)
	}
	return 128 + int(sig)
}

// descendants lists the processes under pid, children first, zombies
// included: a zombie is gone once its parent (or, orphaned, pid) reaps it.
func descendants(pid int) []int {
	children := map[int][]int{}
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	for _, st := range stats {
		b, err := os.ReadFile(st)
		if err != nil {
			continue // ended since it was listed
		}
		// "pid (comm) state ppid ...": comm may hold spaces and parentheses.
		s := string(b)
		i := strings.LastIndexByte(s, ')')
		if i < 0 {
			continue
		}
		f := strings.Fields(s[i+1:])
		if len(f) < 2 {
			continue
		}
		p, err1 := strconv.Atoi(strings.Fields(s[:i])[0])
		pp, err2 := strconv.Atoi(f[1])
		if err1 == nil && err2 == nil {
			children[pp] = append(children[pp], p)
		}
	}
	var out []int
	queue := children[pid]
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		out = append(out, p)
		queue = append(queue, children[p]...)
	}
	return out
}
