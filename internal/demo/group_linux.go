package demo

import (
	"os/exec"
	"strconv"
	"syscall"
)

// contain makes cmd run under a supervisor: this same executable, started
// again (through /proc/self/exe, which names it even when the file was
// replaced since), whose init function runs supervise instead of main.
// The supervisor leads a process group of its own and is sent SIGHUP when
// the thread that starts it dies, which execute keeps alive for the run.
func contain(cmd *exec.Cmd, run string) {
	if cmd.Err != nil {
		return // Start reports it
	}
	cmd.Args = append([]string{"/proc/self/exe", cmd.Path}, cmd.Args...)
	cmd.Path = "/proc/self/exe"
	cmd.Env = append(cmd.Env, runEnv+"="+run, superviseEnv+"="+strconv.Itoa(syscall.Getpid()))
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGHUP}
}

// signalGroup asks the supervisor to send SIGTERM to every process of the
// run, or when kill is set to kill them all and exit.
func signalGroup(cmd *exec.Cmd, kill bool) {
	sig := syscall.SIGTERM
	if kill {
		sig = syscall.SIGUSR1
	}
	_ = cmd.Process.Signal(sig)
}

// killGroup sends SIGKILL to the supervisor's process group, for a
// supervisor that did not exit when asked.
func killGroup(cmd *exec.Cmd) { _ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
