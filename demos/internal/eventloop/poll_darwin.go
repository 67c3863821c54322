package eventloop

import (
	"errors"
	"time"

	"golang.org/x/sys/unix"
)

// poller watches descriptors with poll(2): the interest set is passed to the
// kernel on every wait, which is simple and fine for the sizes shown here.
type poller struct {
	mask map[int]int16
	fds  []unix.PollFd
}

func newPoller() (*poller, error) { return &poller{mask: map[int]int16{}}, nil }

// set makes the interest in fd exactly read and/or write; neither removes it.
func (p *poller) set(fd int, read, write bool) error {
	var m int16
	if read {
		m |= unix.POLLIN
	}
	if write {
		m |= unix.POLLOUT
	}
	if m == 0 {
		delete(p.mask, fd)
		return nil
	}
	p.mask[fd] = m
	return nil
}

// wait blocks up to timeout (forever when negative) and reports each ready
// descriptor. Errors and hang-ups count as both readable and writable.
func (p *poller) wait(timeout time.Duration, ready func(fd int, read, write bool)) error {
	p.fds = p.fds[:0]
	for fd, m := range p.mask {
		p.fds = append(p.fds, unix.PollFd{Fd: int32(fd), Events: m})
	}
	ms := -1
	if timeout >= 0 {
		ms = int((timeout + time.Millisecond - 1) / time.Millisecond)
	}
	n, err := unix.Poll(p.fds, ms)
	if errors.Is(err, unix.EINTR) || n == 0 {
		return nil
	}
	if err != nil {
		return err
	}
	for _, pf := range p.fds {
		if pf.Revents == 0 {
			continue
		}
		bad := pf.Revents&(unix.POLLERR|unix.POLLHUP|unix.POLLNVAL) != 0
		ready(int(pf.Fd), bad || pf.Revents&unix.POLLIN != 0, bad || pf.Revents&unix.POLLOUT != 0)
	}
	return nil
}

func (p *poller) close() error { return nil }
