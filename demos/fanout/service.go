package main

import (
	"context"
	"runtime"
	"runtime/metrics"
	"slices"
	"sync/atomic"
	"time"
)

// region service

// service is the slow service every strategy calls: it serves at most
// capacity requests at once, each for base, and queues the rest in arrival
// order. Its backlog slows it down: every capacity's worth of requests
// waiting in its queue adds backlog × base to each request it serves, as
// the memory, locks and scheduling of a real server's backlog do.
type service struct {
	slots    chan struct{} // a slot per request being served
	queued   atomic.Int64  // requests waiting for a slot
	inFlight atomic.Int64  // requests inside the service, served or queued
	peak     atomic.Int64  // the most requests inside the service at once
	capacity int
	base     time.Duration
	backlog  float64
}

func newService(capacity int, base time.Duration, backlog float64) *service {
	return &service{slots: make(chan struct{}, capacity), capacity: capacity, base: base, backlog: backlog}
}

// call sends request id with its body and returns the service's reply. A
// goroutine blocked on a full channel waits in line: Go wakes them in order.
func (s *service) call(ctx context.Context, id int, body []byte) (uint64, error) {
	raise(&s.peak, s.inFlight.Add(1))
	defer s.inFlight.Add(-1)
	s.queued.Add(1)
	select {
	case s.slots <- struct{}{}:
	case <-ctx.Done():
		s.queued.Add(-1)
		return 0, ctx.Err()
	}
	defer func() { <-s.slots }()
	waiting := float64(s.queued.Add(-1))
	d := time.Duration(float64(s.base) * (1 + s.backlog*waiting/float64(s.capacity)))
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
		return 0, ctx.Err()
	}
	return reply(id, body), nil
}

// endregion

// raise sets m to v when v is larger, for values several goroutines raise
// at once.
func raise[T int64 | uint64](m interface {
	Load() T
	CompareAndSwap(old, new T) bool
}, v T) {
	for old := m.Load(); v > old && !m.CompareAndSwap(old, v); old = m.Load() {
	}
}

// reply is what the service answers: something the caller cannot know
// without asking, computed from the whole body so that the body is live
// until the reply.
func reply(id int, body []byte) uint64 {
	h := uint64(id)*2654435761%1_000_003 + 1
	for _, b := range body[:8] {
		h += uint64(b)
	}
	return h
}

// newBody returns a request's body: bodyBytes the caller holds until the
// reply comes.
func newBody(id int) []byte {
	b := make([]byte, bodyBytes)
	for i := range b {
		b[i] = byte(id + i)
	}
	return b
}

// latencies keeps each request's latency, as its caller measured it around
// the call.
type latencies []time.Duration

func (l latencies) quantile(q float64) float64 {
	s := slices.Clone(l)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	return s[min(len(s)-1, int(q*float64(len(s))))].Seconds()
}

// memory samples what Go's runtime holds (heap objects and goroutine
// stacks) every millisecond until stopped, and returns the peak above what
// it held when it started.
func memory() (stop func() uint64) {
	runtime.GC()
	base := held()
	var peak atomic.Uint64
	done, finished := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			raise(&peak, held())
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() uint64 {
		close(done)
		<-finished
		raise(&peak, held())
		if p := peak.Load(); p > base {
			return p - base
		}
		return 0
	}
}

var memoryMetrics = []string{
	"/memory/classes/heap/objects:bytes",
	"/memory/classes/heap/stacks:bytes",
}

func held() uint64 {
	s := make([]metrics.Sample, len(memoryMetrics))
	for i, name := range memoryMetrics {
		s[i].Name = name
	}
	metrics.Read(s)
	var n uint64
	for _, m := range s {
		if m.Value.Kind() == metrics.KindUint64 {
			n += m.Value.Uint64()
		}
	}
	return n
}
