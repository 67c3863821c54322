package demo

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// superviseEnv, set to the pid of the sitegen that started it, makes this
// executable a demo's supervisor instead of what it was built as.
const superviseEnv = "SITEGEN_DEMO_SUPERVISE"

func init() {
	if parent := os.Getenv(superviseEnv); parent != "" {
		os.Unsetenv(superviseEnv)
		os.Exit(supervise(parent, os.Args[1], os.Args[2:]))
	}
}

// contain makes cmd run under a supervisor: this executable again, by
// /proc/self/exe, which names it even when the file was replaced since,
// leading a process group and sent SIGHUP when its parent thread ends.
func contain(cmd *exec.Cmd) {
	cmd.Args = append([]string{"/proc/self/exe", cmd.Path}, cmd.Args...)
	cmd.Path = "/proc/self/exe"
	cmd.Env = append(cmd.Env, superviseEnv+"="+strconv.Itoa(os.Getpid()))
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGHUP}
}

// signalRun asks the supervisor to pass SIGTERM on (step 0) or to kill the
// run and exit (1); step 2 kills its process group, should it not have.
func signalRun(cmd *exec.Cmd, step int) {
	pid := cmd.Process.Pid
	if step == 2 {
		pid = -pid
	}
	_ = syscall.Kill(pid, [...]syscall.Signal{syscall.SIGTERM, syscall.SIGUSR1, syscall.SIGKILL}[step])
}

// supervise runs the program at path as a run's demo and returns the exit
// code to leave with. A child subreaper, it is the ancestor of every process
// the demo starts, setsid or double fork notwithstanding; it kills them all
// when the demo exits, on SIGUSR1 or when sitegen dies, and passes SIGTERM on.
func supervise(parent, path string, argv []string) int {
	// The demo's parent-death signal follows the thread that started it.
	runtime.LockOSThread()
	// Before Linux 3.4 orphans escape to init; the next Run finds them.
	_ = unix.Prctl(unix.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
	sigs := make(chan os.Signal, 64)
	signal.Notify(sigs, unix.SIGCHLD, unix.SIGTERM, unix.SIGUSR1, unix.SIGHUP)
	if strconv.Itoa(os.Getppid()) != parent {
		return 125 // sitegen died before the signal of its death was set
	}
	demo, err := syscall.ForkExec(path, argv, &syscall.ProcAttr{Env: os.Environ(), Files: []uintptr{0, 1, 2},
		Sys: &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}})
	if err != nil {
		fmt.Fprintf(os.Stderr, "sitegen: starting %s: %v\n", path, err)
		return 127
	}
	self := os.Getpid()
	var status *unix.WaitStatus
	reap := func() {
		for {
			var ws unix.WaitStatus
			pid, err := unix.Wait4(-1, &ws, unix.WNOHANG, nil)
			if err != nil || pid <= 0 {
				return
			}
			if pid == demo {
				status = &ws
			}
		}
	}
	// A process killed while it forks leaves its child to this subreaper.
	killAll := func() {
		for deadline := time.Now().Add(5 * time.Second); signalTree(self, unix.SIGKILL) > 0 && time.Now().Before(deadline); {
			reap()
			time.Sleep(time.Millisecond)
		}
		reap()
	}
	for status == nil {
		switch <-sigs {
		case unix.SIGCHLD:
			reap()
		case unix.SIGTERM:
			signalTree(self, unix.SIGTERM)
		case unix.SIGUSR1:
			killAll()
		case unix.SIGHUP:
			if strconv.Itoa(os.Getppid()) != parent { // sitegen died
				killAll()
				if run := os.Getenv(runEnv); filepath.IsAbs(run) {
					os.RemoveAll(run)
				}
				return 125
			}
		}
	}
	killAll()
	if !status.Signaled() {
		return status.ExitStatus()
	}
	// End as the demo did, by a signal that the Go runtime lets end it.
	sig := status.Signal()
	if slices.Contains([]syscall.Signal{unix.SIGKILL, unix.SIGTERM, unix.SIGINT, unix.SIGHUP, unix.SIGUSR1, unix.SIGUSR2, unix.SIGALRM}, sig) {
		signal.Reset(sig)
		_ = unix.Kill(self, sig)
		time.Sleep(time.Second)
	}
	return 128 + int(sig)
}

// signalTree sends sig to every process under root, zombies included until
// reaped, and returns how many there were.
func signalTree(root int, sig unix.Signal) int {
	children := map[int][]int{}
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	for _, st := range stats {
		// "pid (comm) state ppid ...": comm may hold spaces and parentheses.
		b, _ := os.ReadFile(st) // empty when the process ended since
		f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:]))
		p, err := strconv.Atoi(filepath.Base(filepath.Dir(st)))
		if len(f) > 1 && err == nil {
			pp, _ := strconv.Atoi(f[1])
			children[pp] = append(children[pp], p)
		}
	}
	tree := slices.Clone(children[root])
	for i := 0; i < len(tree); i++ {
		_ = unix.Kill(tree[i], sig)
		tree = append(tree, children[tree[i]]...)
	}
	return len(tree)
}
