//go:build linux || darwin

package eventloop

import (
	"context"
	"errors"
	"io"
	"iter"
	"net"
	"os"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// echo is a coroutine that connects to addr, sends msg, and stores the reply.
func echo(t *testing.T, addr, msg string, reply *string) iter.Seq[Wait] {
	return func(yield func(Wait) bool) {
		fd, err := Dial(addr)
		if err != nil {
			t.Error(err)
			return
		}
		defer unix.Close(fd)
		if !yield(Writable(fd)) {
			return
		}
		if err := ConnectError(fd); err != nil {
			t.Error(err)
			return
		}
		if _, err := unix.Write(fd, []byte(msg)); err != nil {
			t.Error(err)
			return
		}
		buf := make([]byte, 64)
		for {
			if !yield(Readable(fd)) {
				return
			}
			n, err := unix.Read(fd, buf)
			if errors.Is(err, unix.EAGAIN) {
				continue
			}
			if err != nil {
				t.Error(err)
				return
			}
			*reply += string(buf[:n])
			if n == 0 || len(*reply) >= len(msg) {
				return
			}
		}
	}
}

func TestSockets(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() { defer c.Close(); io.CopyN(c, c, 5) }()
		}
	}()
	l := newLoop(t)
	defer l.Close()
	replies := make([]string, 50)
	for i := range replies {
		l.Go(echo(t, ln.Addr().String(), "hello", &replies[i]))
	}
	if err := l.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	for i, r := range replies {
		if r != "hello" {
			t.Errorf("connection %d got %q, want hello", i, r)
		}
	}
}

func TestWhenReadableCallback(t *testing.T) {
	l := newLoop(t)
	defer l.Close()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	var got string
	l.WhenReadable(int(r.Fd()), func() {
		buf := make([]byte, 8)
		n, _ := unix.Read(int(r.Fd()), buf)
		got = string(buf[:n])
	})
	l.After(time.Millisecond, func() { w.Write([]byte("ping")) })
	if err := l.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got != "ping" {
		t.Errorf("got %q, want ping", got)
	}
}
