//go:build !unix

package demo

import "os/exec"

// contain marks cmd as a process of the run whose folder is run; there
// are no process groups here.
func contain(cmd *exec.Cmd, run string) {
	cmd.Env = append(cmd.Env, runEnv+"="+run)
}

// signalGroup kills the demo's own process; without process groups the
// children it started may survive it.
func signalGroup(cmd *exec.Cmd, kill bool) {
	_ = cmd.Process.Kill()
}

// killGroup kills the demo's own process.
func killGroup(cmd *exec.Cmd) { _ = cmd.Process.Kill() }
