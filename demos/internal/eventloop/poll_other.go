//go:build !linux && !darwin

package eventloop

import "time"

// poller is absent here: New reports ErrUnavailable.
type poller struct{}

func newPoller() (*poller, error)                                 { return nil, ErrUnavailable }
func (p *poller) set(fd int, read, write bool) error              { return ErrUnavailable }
func (p *poller) wait(time.Duration, func(int, bool, bool)) error { return ErrUnavailable }
func (p *poller) close() error                                    { return nil }
func wakePipe() (r, w int, err error)                             { return -1, -1, ErrUnavailable }
func writeWake(int)                                               {}
func drainWake(int)                                               {}
func closeFDs(...int)                                             {}

// Dial reports ErrUnavailable on this system.
func Dial(string) (int, error) { return -1, ErrUnavailable }

// ConnectError reports ErrUnavailable on this system.
func ConnectError(int) error { return ErrUnavailable }
