//go:build unix

package demo

import (
	"context"
	"fmt"
	"os"
	"time"

	"golang.org/x/sys/unix"
)

// lockMachine takes an exclusive lock on the file at path, shared by every
// sitegen on the machine, calling waiting once if another holds it, and
// returns the function that releases it. The kernel drops the lock when the
// process dies, so a killed build never leaves it held.
func lockMachine(ctx context.Context, path string, waiting func()) (unlock func(), err error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o666)
	if err != nil {
		return nil, fmt.Errorf("demo lock: %w", err)
	}
	said := false
	for {
		err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB)
		if err == nil {
			return func() { f.Close() }, nil
		}
		if err != unix.EWOULDBLOCK && err != unix.EINTR {
			f.Close()
			return nil, fmt.Errorf("demo lock %s: %w", path, err)
		}
		if !said {
			waiting()
			said = true
		}
		// flock cannot wait for a context, so poll: a demo lasts seconds.
		select {
		case <-ctx.Done():
			f.Close()
			return nil, ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}
