//go:build unix

package demo

import (
	"os/exec"
	"syscall"
)

// newGroup makes cmd start as the leader of a process group of its own,
// which every process it starts joins unless it leaves on purpose.
func newGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
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
