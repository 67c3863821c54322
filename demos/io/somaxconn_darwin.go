package main

import "golang.org/x/sys/unix"

// somaxconn returns the longest accept queue the kernel allows.
func somaxconn() (uint64, error) {
	v, err := unix.SysctlUint32("kern.ipc.somaxconn")
	return uint64(v), err
}
