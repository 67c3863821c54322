//go:build !unix

package gil

import "time"

// after returns a channel closed once d has passed, by Go's timers.
func after(d time.Duration) <-chan struct{} {
	c := make(chan struct{})
	time.AfterFunc(d, func() { close(c) })
	return c
}
