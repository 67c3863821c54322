//go:build unix

package site

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"golang.org/x/sys/unix"
)

// lockOut takes the lock of the output folder out: an exclusive flock on
// a file beside it, .NAME.lock, that every build and server writing into
// out takes before it touches out or its staging folders. A second build
// into the same folder waits for the first, calling waiting once, instead
// of deleting the staging folder the first is still writing. The kernel
// drops the lock when its process dies, so a killed build never leaves it
// held; the file itself stays, empty, for the next build to lock.
func lockOut(ctx context.Context, out string, waiting func()) (unlock func(), err error) {
	path := filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+".lock")
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("locking the output folder: %w", err)
	}
	said := false
	for {
		err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB)
		if err == nil {
			return func() { f.Close() }, nil
		}
		if err != unix.EWOULDBLOCK && err != unix.EINTR {
			f.Close()
			return nil, fmt.Errorf("locking the output folder with %s: %w", path, err)
		}
		if !said {
			waiting()
			said = true
		}
		// flock cannot wait for a context, so poll.
		select {
		case <-ctx.Done():
			f.Close()
			return nil, ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}
