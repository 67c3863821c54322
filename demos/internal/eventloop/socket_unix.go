//go:build linux || darwin

package eventloop

import (
	"errors"
	"fmt"
	"net/netip"
	"syscall"

	"golang.org/x/sys/unix"
)

// region dial

// Dial starts a non-blocking TCP connection to addr ("127.0.0.1:8080") and
// returns its descriptor at once. The caller waits Writable(fd), checks
// ConnectError(fd), and closes fd with unix.Close when done.
func Dial(addr string) (int, error) {
	ap, err := netip.ParseAddrPort(addr)
	if err != nil {
		return -1, fmt.Errorf("dial %s: %w", addr, err)
	}
	if !ap.Addr().Is4() {
		return -1, fmt.Errorf("dial %s: only IPv4 addresses", addr)
	}
	// Hold the fork lock so that no child process inherits the descriptor
	// before close-on-exec is set (there is no SOCK_CLOEXEC on macOS).
	syscall.ForkLock.RLock()
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM, 0)
	if err == nil {
		unix.CloseOnExec(fd)
	}
	syscall.ForkLock.RUnlock()
	if err != nil {
		return -1, fmt.Errorf("dial %s: %w", addr, err)
	}
	if err := unix.SetNonblock(fd, true); err != nil {
		unix.Close(fd)
		return -1, fmt.Errorf("dial %s: %w", addr, err)
	}
	sa := &unix.SockaddrInet4{Port: int(ap.Port()), Addr: ap.Addr().As4()}
	if err := unix.Connect(fd, sa); err != nil && !errors.Is(err, unix.EINPROGRESS) {
		unix.Close(fd)
		return -1, fmt.Errorf("dial %s: %w", addr, err)
	}
	return fd, nil
}

// endregion

// ConnectError returns the outcome of a non-blocking connect on fd, once fd
// is writable: nil when connected.
func ConnectError(fd int) error {
	n, err := unix.GetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_ERROR)
	if err != nil {
		return err
	}
	if n != 0 {
		return unix.Errno(n)
	}
	return nil
}

// wakePipe returns a non-blocking pipe whose read end wakes the poller.
func wakePipe() (r, w int, err error) {
	var p [2]int
	syscall.ForkLock.RLock()
	err = unix.Pipe(p[:])
	if err == nil {
		unix.CloseOnExec(p[0])
		unix.CloseOnExec(p[1])
	}
	syscall.ForkLock.RUnlock()
	if err != nil {
		return -1, -1, err
	}
	for _, fd := range p {
		if err := unix.SetNonblock(fd, true); err != nil {
			closeFDs(p[0], p[1])
			return -1, -1, err
		}
	}
	return p[0], p[1], nil
}

// writeWake writes one byte; a full pipe already wakes the poller.
func writeWake(fd int) { unix.Write(fd, []byte{0}) }

func drainWake(fd int) {
	var buf [64]byte
	for {
		if n, err := unix.Read(fd, buf[:]); n <= 0 || err != nil {
			return
		}
	}
}

func closeFDs(fds ...int) {
	for _, fd := range fds {
		if fd >= 0 {
			unix.Close(fd)
		}
	}
}
