//go:build unix && !linux

package demo

import (
	"os/exec"
	"syscall"
)

// contain makes cmd start as the leader of a process group of its own,
// which every process it starts joins unless it leaves on purpose, marked
// as a process of the run whose folder is run. Without a subreaper, a
// child that calls setsid escapes the group.
func contain(cmd *exec.Cmd, run string) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Env = append(cmd.Env, runEnv+"="+run)
}

// signalGroup sends SIGTERM, or SIGKILL when kill is set, to every process
// of the group cmd leads. A group already gone is not an error.
func signalGroup(cmd *exec.Cmd, kill bool) {
	sig := syscall.SIGTERM
	if kill {
		sig = syscall.SIGKILL
	}
	_ = syscall.Kill(-cmd.Process.Pid, sig)
}

// killGroup sends SIGKILL to the group cmd leads.
func killGroup(cmd *exec.Cmd) { signalGroup(cmd, true) }
