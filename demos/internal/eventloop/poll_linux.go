package eventloop

import (
	"errors"
	"time"

	"golang.org/x/sys/unix"
)

// region epoll

// poller watches descriptors with epoll: the kernel keeps the interest set,
// so a wait costs time in the number of ready descriptors, not watched ones.
type poller struct {
	epfd   int
	events []unix.EpollEvent
	mask   map[int]uint32 // current interest per descriptor
}

func newPoller() (*poller, error) {
	epfd, err := unix.EpollCreate1(unix.EPOLL_CLOEXEC)
	if err != nil {
		return nil, err
	}
	return &poller{epfd: epfd, events: make([]unix.EpollEvent, 256), mask: map[int]uint32{}}, nil
}

// set makes the interest in fd exactly read and/or write; neither removes it.
func (p *poller) set(fd int, read, write bool) error {
	var m uint32
	if read {
		m |= unix.EPOLLIN | unix.EPOLLRDHUP
	}
	if write {
		m |= unix.EPOLLOUT
	}
	old, had := p.mask[fd]
	switch {
	case m == 0 && !had:
		return nil
	case m == 0:
		delete(p.mask, fd)
		err := unix.EpollCtl(p.epfd, unix.EPOLL_CTL_DEL, fd, nil)
		if errors.Is(err, unix.EBADF) || errors.Is(err, unix.ENOENT) {
			return nil // already closed: the kernel forgot it
		}
		return err
	case m == old:
		return nil
	}
	op := unix.EPOLL_CTL_ADD
	if had {
		op = unix.EPOLL_CTL_MOD
	}
	ev := unix.EpollEvent{Events: m, Fd: int32(fd)}
	if err := unix.EpollCtl(p.epfd, op, fd, &ev); err != nil {
		return err
	}
	p.mask[fd] = m
	return nil
}

// wait blocks up to timeout (forever when negative) and reports each ready
// descriptor. Errors and hang-ups count as both readable and writable, so
// that the waiting task's own read or write sees them.
func (p *poller) wait(timeout time.Duration, ready func(fd int, read, write bool)) error {
	ms := -1
	if timeout >= 0 {
		ms = int((timeout + time.Millisecond - 1) / time.Millisecond) // round up: never wake early
	}
	n, err := unix.EpollWait(p.epfd, p.events, ms)
	if errors.Is(err, unix.EINTR) {
		return nil
	}
	if err != nil {
		return err
	}
	for _, ev := range p.events[:n] {
		bad := ev.Events&(unix.EPOLLERR|unix.EPOLLHUP) != 0
		ready(int(ev.Fd), bad || ev.Events&(unix.EPOLLIN|unix.EPOLLRDHUP) != 0, bad || ev.Events&unix.EPOLLOUT != 0)
	}
	return nil
}

// endregion

func (p *poller) close() error { return unix.Close(p.epfd) }
