package gil

import (
	"sync/atomic"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// The futex operations (linux/futex.h), private to this process.
const (
	futexWait = 0 | 128 // FUTEX_WAIT | FUTEX_PRIVATE_FLAG
	futexWake = 1 | 128 // FUTEX_WAKE | FUTEX_PRIVATE_FLAG
)

// wait sleeps in the kernel while *word == val, for at most d, or until a
// wake on word, and reports whether d passed; it may also return early. This
// is the wait under the C library's pthread_cond_timedwait, with the
// kernel's timer resolution (tens of microseconds) rather than Go's.
func wait(word *atomic.Uint32, val uint32, d time.Duration) (timedOut bool) {
	ts := unix.NsecToTimespec(d.Nanoseconds())
	// EAGAIN (the word already changed) and EINTR also mean: look again.
	_, _, errno := unix.Syscall6(unix.SYS_FUTEX, uintptr(unsafe.Pointer(word)), futexWait, uintptr(val),
		uintptr(unsafe.Pointer(&ts)), 0, 0)
	return errno == unix.ETIMEDOUT
}

// wake wakes up to n goroutines asleep in wait on word.
func wake(word *atomic.Uint32, n int) {
	unix.Syscall6(unix.SYS_FUTEX, uintptr(unsafe.Pointer(word)), futexWake, uintptr(n), 0, 0, 0)
}
