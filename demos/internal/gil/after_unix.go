//go:build unix

package gil

import (
	"time"

	"golang.org/x/sys/unix"
)

// after returns a channel closed once d has passed. Go's own timers wake an
// otherwise idle core no sooner than about a millisecond on Linux, far
// coarser than a 50 µs switch interval; CPython's waiters sleep in the kernel
// for the interval itself, and so does the goroutine started here. It ends
// by itself after d, whether or not anyone still listens.
func after(d time.Duration) <-chan struct{} {
	c := make(chan struct{})
	go func() {
		ts := unix.NsecToTimespec(d.Nanoseconds())
		for unix.Nanosleep(&ts, &ts) == unix.EINTR {
		}
		close(c)
	}()
	return c
}
