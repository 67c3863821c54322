//go:build !unix

package demo

import "os/exec"

// newGroup does nothing where there are no process groups.
func newGroup(cmd *exec.Cmd) {}

// signalGroup kills the demo's own process; without process groups the
// children it started may survive it.
func signalGroup(cmd *exec.Cmd, kill bool) {
	_ = cmd.Process.Kill()
}
