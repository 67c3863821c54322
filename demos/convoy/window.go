package main

import (
	"context"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/concurrency-primer/site/demos/internal/gil"
	"github.com/concurrency-primer/site/demos/internal/measure"
)

// traced is how much of each window the timeline keeps: enough to see the
// lock change hands, not every one of thousands of operations.
const traced = 30 * time.Millisecond

// run returns the strategy for one window: an I/O thread, with or without
// a CPU-bound thread beside it, with or without a GIL. Its answer is nil:
// the windows count operations, they do not compute one result.
func (d *convoyDemo) run(cpu, withGIL bool) func(context.Context, *measure.Run) (any, error) {
	return func(ctx context.Context, r *measure.Run) (any, error) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		var server sync.WaitGroup
		server.Go(func() { echo(ln) })
		defer server.Wait() // after the listener and the connection close
		defer ln.Close()
		conn, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			return nil, err
		}
		defer conn.Close()

		// A nil GIL is no GIL: every call on it does nothing.
		var g *lock
		if withGIL {
			g = &lock{gil.New(d.interval)}
		}
		deadline := time.Now().Add(d.window)
		var stop atomic.Bool
		var wg sync.WaitGroup
		if cpu {
			wg.Go(func() { compute(g, r, &stop) })
		}
		ops, err := talk(g, r, conn, deadline)
		stop.Store(true)
		wg.Wait()
		if err != nil {
			return nil, err
		}
		r.Metric("ops_per_s", float64(ops)/d.window.Seconds())
		return nil, ctx.Err()
	}
}

// region io

// talk is the I/O thread: until the deadline it sends a byte to the echo
// server and reads the answer, releasing the GIL around each system call,
// as CPython does, and taking it back afterwards. It returns the number of
// system calls it made.
func talk(g *lock, r *measure.Run, conn net.Conn, deadline time.Time) (ops int, err error) {
	g.Acquire()
	defer g.Release()
	buf := []byte{0}
	for time.Now().Before(deadline) {
		for _, call := range []func([]byte) (int, error){conn.Write, conn.Read} {
			g.Release()
			_, err := call(buf)
			asked := time.Now()
			g.Acquire() // beside a busy holder: a whole interval
			if time.Since(r.Start()) < traced {
				r.Event(0, ops, "wait", asked, time.Now())
			}
			if err != nil {
				return ops, err
			}
			ops++
		}
	}
	return ops, nil
}

// endregion

// region cpu

// compute is the CPU-bound thread: it spins while holding the GIL, checking
// at every "bytecode boundary" whether a waiter asked for it.
func compute(g *lock, r *measure.Run, stop *atomic.Bool) {
	g.Acquire()
	defer g.Release()
	held := time.Now()
	x := uint64(1)
	for i := 0; !stop.Load(); i++ {
		for range 1024 {
			x ^= x << 13
			x ^= x >> 7
			x ^= x << 17
		}
		if g.Requested() {
			if time.Since(r.Start()) < traced {
				r.Event(1, i, "run", held, time.Now())
			}
			g.Check()
			held = time.Now()
		}
	}
	sink.Add(x)
}

// endregion

var sink atomic.Uint64

// lock is a GIL that may be absent.
type lock struct{ g *gil.GIL }

func (l *lock) Acquire() {
	if l != nil {
		l.g.Acquire()
	}
}

func (l *lock) Release() {
	if l != nil {
		l.g.Release()
	}
}

func (l *lock) Check() {
	if l != nil {
		l.g.Check()
	}
}

func (l *lock) Requested() bool { return l != nil && l.g.Requested() }

// echo is the other end, outside the interpreter: it returns every byte.
func echo(ln net.Listener) {
	var wg sync.WaitGroup
	defer wg.Wait()
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		wg.Go(func() {
			defer c.Close()
			buf := make([]byte, 64)
			for {
				n, err := c.Read(buf)
				if err != nil {
					return
				}
				if _, err := c.Write(buf[:n]); err != nil {
					return
				}
			}
		})
	}
}
