//go:build unix && !linux

package demo

import (
	"os/exec"
	"syscall"
)

// contain makes cmd lead a process group, which every process it starts
// joins unless it calls setsid: there is no subreaper here.
func contain(cmd *exec.Cmd) { cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} }

// signalRun sends SIGTERM (step 0), then SIGKILL, to the group cmd leads.
func signalRun(cmd *exec.Cmd, step int) {
	_ = syscall.Kill(-cmd.Process.Pid, [...]syscall.Signal{syscall.SIGTERM, syscall.SIGKILL, syscall.SIGKILL}[step])
}
