package main

import (
	"context"
	"fmt"
	"time"

	"github.com/concurrency-primer/site/demos/internal/measure"
)

// Each strategy sends the payload of its size d.messages times, checks every
// digest it gets back, and returns the digest: the two strategies of a size
// must agree.

// exchange sends the payload of size n times through send, checks each
// answer, and records the time per message.
func (d *ipcDemo) exchange(r *measure.Run, size int, send func([]byte) (uint64, error)) (any, error) {
	b := d.payloads[size]
	if b == nil {
		return nil, fmt.Errorf("no payload of %d bytes in this run", size)
	}
	want := digest(b)
	t0 := time.Now()
	for i := range d.messages {
		got, err := send(b)
		if err != nil {
			return nil, err
		}
		if got != want {
			return nil, fmt.Errorf("message %d of %d bytes: digest %x, want %x", i, size, got, want)
		}
	}
	r.Metric("per_message_s", time.Since(t0).Seconds()/float64(d.messages))
	return want, nil
}

// region channel
func (d *ipcDemo) channel(size int) func(context.Context, *measure.Run) (any, error) {
	return func(ctx context.Context, r *measure.Run) (any, error) {
		in, out := make(chan []byte), make(chan uint64)
		go func() {
			defer close(out)
			for b := range in { // b is the sender's slice: no byte is copied
				out <- digest(b)
			}
		}()
		defer close(in)
		return d.exchange(r, size, func(b []byte) (uint64, error) {
			in <- b
			return <-out, nil
		})
	}
}

// endregion

// region process
func (d *ipcDemo) process(size int) func(context.Context, *measure.Run) (any, error) {
	return func(ctx context.Context, r *measure.Run) (any, error) {
		if d.proc == nil {
			return nil, fmt.Errorf("the receiving process is not running")
		}
		return d.exchange(r, size, func(b []byte) (uint64, error) {
			var h uint64
			// Encode, write through a pipe, read, decode in the child; the
			// small digest comes back the same way.
			_, err := d.proc.Call(b, &h)
			return h, err
		})
	}
}

// endregion
