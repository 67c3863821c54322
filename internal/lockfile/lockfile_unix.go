//go:build unix

// Package lockfile takes exclusive locks on files, shared between
// processes, that a killed process never leaves held.
package lockfile

import (
	"context"
	"os"
	"time"

	"golang.org/x/sys/unix"
)

// Lock takes an exclusive flock on the file at path, creating it, and
// returns the function that releases it. When another holds it, Lock
// calls waiting once and polls until it is free or ctx ends, so a ctx
// already ended only tries. A second Lock in one process waits for the first.
func Lock(ctx context.Context, path string, waiting func()) (unlock func(), err error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o666)
	if err != nil {
		return nil, err
	}
	for said := false; ; said = true {
		err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB)
		if err == nil {
			return func() { f.Close() }, nil
		}
		if err != unix.EWOULDBLOCK && err != unix.EINTR {
			f.Close()
			return nil, &os.PathError{Op: "flock", Path: path, Err: err}
		}
		if !said {
			waiting()
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}
