// Package eventloop is a small event loop in the style of Python's asyncio,
// written so that its parts can be read on a page: one goroutine, locked to
// one OS thread, runs every task; a task runs until it waits, and while it
// waits the loop runs others.
//
// A task is written either as a callback (After, WhenReadable,
// WhenWritable) or as a coroutine: an iter.Seq[Wait] that yields each thing
// it waits for (Sleep, Readable, Writable) and is resumed, through
// iter.Pull, when that thing is ready. Waits are served by two structures:
// timers in a heap ordered by deadline (container/heap, as asyncio does) and
// file descriptors watched by the operating system's readiness API (epoll
// on Linux, poll(2) on macOS). On other systems New returns ErrUnavailable.
//
// The loop is not safe for concurrent use: add tasks before Run or from
// tasks running on the loop. Run blocks until no task, timer or watch is
// left, or until its context ends, and stops unfinished coroutines before it
// returns: the runtime resumes a coroutine only on the thread that created
// it, so they cannot outlive Run's hold on its thread. Close releases the
// loop's descriptors.
package eventloop

import (
	"container/heap"
	"context"
	"errors"
	"fmt"
	"iter"
	"runtime"
	"time"
)

// ErrUnavailable is returned by New and Dial on systems without a readiness
// API this package knows.
var ErrUnavailable = errors.New("event loop unavailable on " + runtime.GOOS)

// Wait is what a coroutine task yields: the event it waits for before it
// resumes.
type Wait struct {
	kind waitKind
	d    time.Duration
	fd   int
}

type waitKind uint8

const (
	waitTimer waitKind = iota + 1
	waitRead
	waitWrite
)

// Sleep is the wait for d to pass.
func Sleep(d time.Duration) Wait { return Wait{kind: waitTimer, d: d} }

// Readable is the wait for fd to have data to read (or an error or end of
// stream to report).
func Readable(fd int) Wait { return Wait{kind: waitRead, fd: fd} }

// Writable is the wait for fd to accept writes; after a non-blocking
// connect, it means the connection finished (see ConnectError).
func Writable(fd int) Wait { return Wait{kind: waitWrite, fd: fd} }

// Loop is an event loop. Its zero value is not usable; call New.
type Loop struct {
	epoch   time.Time
	timers  timerHeap
	seq     uint64
	ready   []func()
	poll    *poller
	watches map[int]*watch
	tasks   map[*task]struct{}
	wakeR   int
	wakeW   int
}

// watch holds the callbacks waiting on one descriptor.
type watch struct{ read, write func() }

// task is one coroutine and the function that ends it early.
type task struct{ stop func() }

// New returns a loop ready to take tasks.
func New() (*Loop, error) {
	p, err := newPoller()
	if err != nil {
		return nil, err
	}
	r, w, err := wakePipe()
	if err != nil {
		p.close()
		return nil, fmt.Errorf("event loop wake pipe: %w", err)
	}
	if err := p.set(r, true, false); err != nil {
		p.close()
		closeFDs(r, w)
		return nil, fmt.Errorf("event loop wake pipe: %w", err)
	}
	return &Loop{
		epoch:   time.Now(),
		poll:    p,
		watches: map[int]*watch{},
		tasks:   map[*task]struct{}{},
		wakeR:   r,
		wakeW:   w,
	}, nil
}

// Unavailable says why no loop can run on this system, or "" when one can,
// for a demo to mark its event-loop strategy unavailable up front. Any other
// failure of New is left to the run, which reports it.
func Unavailable() string {
	l, err := New()
	if errors.Is(err, ErrUnavailable) {
		return err.Error()
	}
	if err == nil {
		l.Close()
	}
	return ""
}

// region coroutine

// Go adds a coroutine task. The loop starts it on its next turn and, each
// time the wait it yielded is over, resumes it until it yields the next one
// or returns.
func (l *Loop) Go(seq iter.Seq[Wait]) {
	t := &task{}
	l.tasks[t] = struct{}{}
	var next func() (Wait, bool)
	var step func()
	step = func() {
		if next == nil {
			// Pulled here, on the loop's locked thread: the runtime resumes
			// a coroutine only on the thread it was created on.
			next, t.stop = iter.Pull(seq)
		}
		w, ok := next() // run the task until its next wait
		if !ok {
			delete(l.tasks, t)
			return
		}
		l.await(w, step)
	}
	l.ready = append(l.ready, step)
}

// await arranges for k to run when w is over.
func (l *Loop) await(w Wait, k func()) {
	switch w.kind {
	case waitTimer:
		l.After(w.d, k)
	case waitRead:
		l.WhenReadable(w.fd, k)
	case waitWrite:
		l.WhenWritable(w.fd, k)
	default:
		panic("eventloop: zero Wait yielded")
	}
}

// endregion

// After schedules f to run once d has passed. Timers due at the same moment
// run in the order they were scheduled.
func (l *Loop) After(d time.Duration, f func()) {
	l.seq++
	heap.Push(&l.timers, timer{when: l.now() + d, seq: l.seq, f: f})
}

// WhenReadable runs f once, the next time fd is readable. A descriptor has
// at most one read and one write callback at a time.
func (l *Loop) WhenReadable(fd int, f func()) { l.watch(fd, f, nil) }

// WhenWritable runs f once, the next time fd is writable.
func (l *Loop) WhenWritable(fd int, f func()) { l.watch(fd, nil, f) }

func (l *Loop) watch(fd int, read, write func()) {
	w := l.watches[fd]
	if w == nil {
		w = &watch{}
		l.watches[fd] = w
	}
	if read != nil {
		w.read = read
	}
	if write != nil {
		w.write = write
	}
	if err := l.poll.set(fd, w.read != nil, w.write != nil); err != nil {
		// A descriptor the system refuses to watch is a bug in the task;
		// wake it at once so that its own read or write reports the error.
		delete(l.watches, fd)
		l.ready = append(l.ready, func() {
			for _, f := range []func(){w.read, w.write} {
				if f != nil {
					f()
				}
			}
		})
	}
}

// Tasks returns the number of coroutine tasks not yet finished.
func (l *Loop) Tasks() int { return len(l.tasks) }

// now is the loop's clock: monotonic time since New.
func (l *Loop) now() time.Duration { return time.Since(l.epoch) }

// Close releases the loop's descriptors and forgets tasks that never
// started. The loop cannot be used afterwards.
func (l *Loop) Close() error {
	l.tasks, l.timers, l.ready, l.watches = nil, nil, nil, nil
	err := l.poll.close()
	closeFDs(l.wakeR, l.wakeW)
	return err
}

// abandon ends every suspended coroutine (its yield returns false and its
// deferred calls run) and drops pending timers and watches. It runs on the
// loop's thread, before Run unlocks it.
func (l *Loop) abandon() {
	for t := range l.tasks {
		if t.stop != nil {
			t.stop()
		}
		delete(l.tasks, t)
	}
	for fd := range l.watches {
		l.poll.set(fd, false, false)
		delete(l.watches, fd)
	}
	l.timers, l.ready = nil, nil
}

// wake makes a blocked poll return; it is the one method safe to call from
// another goroutine.
func (l *Loop) wake() { writeWake(l.wakeW) }

// Run locks the calling goroutine to its OS thread and runs the loop until
// nothing is left to wait for, or ctx ends. When ctx ends it stops the
// coroutines still waiting (their deferred calls run) and returns ctx's
// error; pending timers and watches are dropped.
func (l *Loop) Run(ctx context.Context) error {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	defer l.abandon()
	woke := make(chan struct{})
	stop := context.AfterFunc(ctx, func() { l.wake(); close(woke) })
	defer func() {
		if !stop() {
			<-woke // a wake-up in flight must not write to a closed pipe
		}
	}()
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		if len(l.ready) == 0 && l.timers.Len() == 0 && len(l.watches) == 0 {
			return nil
		}
		if err := l.turn(); err != nil {
			return err
		}
	}
}
