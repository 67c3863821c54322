package eventloop

import (
	"container/heap"
	"fmt"
	"time"
)

// region turn

// turn is one pass of the loop, in asyncio's order: wait for I/O no longer
// than until the next timer, queue the callbacks of ready descriptors and
// due timers, then run what was queued. Callbacks queued while running wait
// for the next turn, so a task that keeps rescheduling itself cannot starve
// the others; a task that never waits stalls them all.
func (l *Loop) turn() error {
	timeout := time.Duration(-1) // block until a descriptor is ready
	if len(l.ready) > 0 {
		timeout = 0
	} else if l.timers.Len() > 0 {
		timeout = max(0, l.timers[0].when-l.now())
	}
	err := l.poll.wait(timeout, func(fd int, read, write bool) {
		if fd == l.wakeR {
			drainWake(fd)
			return
		}
		l.fire(fd, read, write)
	})
	if err != nil {
		return fmt.Errorf("event loop poll: %w", err)
	}
	now := l.now()
	for l.timers.Len() > 0 && l.timers[0].when <= now {
		t := heap.Pop(&l.timers).(timer)
		l.ready = append(l.ready, t.f)
	}
	batch := l.ready
	l.ready = nil
	for _, f := range batch {
		f()
	}
	return nil
}

// endregion

// fire queues the callbacks waiting on fd for the directions now ready and
// stops watching those directions: every watch fires once.
func (l *Loop) fire(fd int, read, write bool) {
	w := l.watches[fd]
	if w == nil {
		return
	}
	if read && w.read != nil {
		l.ready = append(l.ready, w.read)
		w.read = nil
	}
	if write && w.write != nil {
		l.ready = append(l.ready, w.write)
		w.write = nil
	}
	if w.read == nil && w.write == nil {
		delete(l.watches, fd)
	}
	// A failure to change the interest set leaves a watch that fires again;
	// its callback is gone, so fire ignores it.
	_ = l.poll.set(fd, w.read != nil, w.write != nil)
}

// region timers

// timer is one scheduled callback. seq breaks ties between equal deadlines
// so that timers fire in the order they were scheduled.
type timer struct {
	when time.Duration
	seq  uint64
	f    func()
}

// timerHeap is a min-heap of timers by deadline: the next one to fire is
// always at index 0, and adding or removing one costs O(log n).
type timerHeap []timer

func (h timerHeap) Len() int { return len(h) }
func (h timerHeap) Less(i, j int) bool {
	if h[i].when != h[j].when {
		return h[i].when < h[j].when
	}
	return h[i].seq < h[j].seq
}
func (h timerHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *timerHeap) Push(x any)   { *h = append(*h, x.(timer)) }
func (h *timerHeap) Pop() any {
	old := *h
	t := old[len(old)-1]
	old[len(old)-1] = timer{}
	*h = old[:len(old)-1]
	return t
}

// endregion
