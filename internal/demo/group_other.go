//go:build !unix

package demo

import "os/exec"

// contain does nothing: there are no process groups here.
func contain(cmd *exec.Cmd) {}

// signalRun kills the demo's own process, not the children it started.
func signalRun(cmd *exec.Cmd, step int) { _ = cmd.Process.Kill() }
