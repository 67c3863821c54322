//go:build linux || darwin

package main

import (
	"encoding/binary"
	"errors"
	"fmt"
	"net/netip"
	"runtime"
	"time"

	"github.com/concurrency-primer/site/demos/internal/eventloop"
	"golang.org/x/sys/unix"
)

const threadsUnavailable = ""

// lockThread wires the calling goroutine to its OS thread for good: without
// a matching unlock, the thread exits when the goroutine does.
func lockThread() { runtime.LockOSThread() }

// region blocking

// blockingDo is one task done with blocking system calls: select, then a
// socket in blocking mode, so that the thread itself waits in the kernel
// (Go's runtime hands the thread's other work to another thread meanwhile).
// Each call that waits runs inside allow, where a thread under a GIL
// releases the lock, as CPython does around I/O (Py_BEGIN_ALLOW_THREADS).
func blockingDo(t task, addr string, allow func(wait func())) (uint64, error) {
	// select(2) with no descriptors is the portable sleep that blocks the
	// thread in the kernel (macOS has no nanosleep system call).
	tv := unix.NsecToTimeval(t.Sleep.Nanoseconds())
	allow(func() { unix.Select(0, nil, nil, nil, &tv) })
	ap, err := netip.ParseAddrPort(addr)
	if err != nil {
		return 0, err
	}
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM, 0)
	if err != nil {
		return 0, fmt.Errorf("socket: %w", err)
	}
	defer unix.Close(fd)
	tv = unix.NsecToTimeval((10 * time.Second).Nanoseconds())
	unix.SetsockoptTimeval(fd, unix.SOL_SOCKET, unix.SO_RCVTIMEO, &tv)
	allow(func() { err = unix.Connect(fd, &unix.SockaddrInet4{Port: int(ap.Port()), Addr: ap.Addr().As4()}) })
	if err != nil {
		return 0, fmt.Errorf("connect: %w", err)
	}
	var buf [8]byte
	binary.BigEndian.PutUint64(buf[:], t.ID)
	if _, err := unix.Write(fd, buf[:]); err != nil {
		return 0, fmt.Errorf("write: %w", err)
	}
	for got := 0; got < len(buf); {
		var n int
		allow(func() { n, err = unix.Read(fd, buf[got:]) }) // the thread sleeps here until the reply
		if errors.Is(err, unix.EINTR) {
			continue
		}
		if err != nil || n == 0 {
			return 0, fmt.Errorf("reading the reply to task %d: %v", t.ID, err)
		}
		got += n
	}
	return binary.BigEndian.Uint64(buf[:]), nil
}

// endregion

// region request

// request is a coroutine's half of a task: it connects, sends the id and
// reads the reply with non-blocking calls, yielding to the loop whenever
// the socket is not ready.
func request(yield func(eventloop.Wait) bool, addr string, id uint64) (uint64, error) {
	fd, err := eventloop.Dial(addr)
	if err != nil {
		return 0, err
	}
	defer unix.Close(fd)
	if !yield(eventloop.Writable(fd)) { // connected (or failed)
		return 0, errStopped
	}
	if err := eventloop.ConnectError(fd); err != nil {
		return 0, fmt.Errorf("connect: %w", err)
	}
	var buf [8]byte
	binary.BigEndian.PutUint64(buf[:], id)
	if _, err := unix.Write(fd, buf[:]); err != nil { // 8 bytes fit an empty socket buffer
		return 0, fmt.Errorf("write: %w", err)
	}
	for got := 0; got < len(buf); {
		if !yield(eventloop.Readable(fd)) { // the server is waiting its delay
			return 0, errStopped
		}
		n, err := unix.Read(fd, buf[got:])
		if errors.Is(err, unix.EAGAIN) {
			continue
		}
		if err != nil || n == 0 {
			return 0, fmt.Errorf("reading the reply to task %d: %v", id, err)
		}
		got += n
	}
	return binary.BigEndian.Uint64(buf[:]), nil
}

// endregion

var errStopped = errors.New("stopped by the loop")

// limits are the system limits that bound how many tasks can wait at once.
type limits struct {
	nofile    uint64 // open descriptors (soft limit; Go raises it to the hard one)
	somaxconn uint64 // the listen queue
}

// fdMargin is the descriptors a run needs besides two per task.
const fdMargin = 64

// tasks returns how many tasks fit: each holds a client and a server socket,
// and all may wait in the server's accept queue at once.
func (l limits) tasks() int {
	n := (l.nofile - fdMargin) / 2
	if l.nofile < fdMargin {
		n = 1
	}
	return int(max(1, min(n, l.somaxconn)))
}

func checkLimits() limits {
	l := limits{nofile: 1024, somaxconn: 128}
	var rl unix.Rlimit
	if unix.Getrlimit(unix.RLIMIT_NOFILE, &rl) == nil {
		l.nofile = rl.Cur
	}
	if v, err := somaxconn(); err == nil {
		l.somaxconn = v
	}
	return l
}
