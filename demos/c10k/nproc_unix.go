//go:build linux || darwin

package main

import "golang.org/x/sys/unix"

// nproc returns the soft limit on this user's processes and threads, or 0
// when there is none.
func nproc() uint64 {
	var rl unix.Rlimit
	if unix.Getrlimit(unix.RLIMIT_NPROC, &rl) != nil || rl.Cur == unix.RLIM_INFINITY {
		return 0
	}
	return rl.Cur
}
