//go:build linux || darwin

package eventloop

import (
	"context"
	"errors"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"testing"
	"time"
)

func newLoop(t *testing.T) *Loop {
	t.Helper()
	l, err := New()
	if errors.Is(err, ErrUnavailable) {
		t.Skipf("no event loop here: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// TestAvailable checks that a demo marks no event-loop strategy unavailable
// on a system this package supports.
func TestAvailable(t *testing.T) {
	if why := Unavailable(); why != "" {
		t.Errorf("Unavailable() = %q on %s", why, runtime.GOOS)
	}
}

func TestManyTasks(t *testing.T) {
	const n = 10_000
	for _, tc := range []struct {
		name string
		add  func(l *Loop, done *int)
	}{
		{"coroutines", func(l *Loop, done *int) {
			for i := range n {
				l.Go(func(yield func(Wait) bool) {
					if !yield(Sleep(time.Duration(i%7) * time.Millisecond)) {
						return
					}
					if !yield(Sleep(0)) {
						return
					}
					*done++
				})
			}
		}},
		{"callbacks", func(l *Loop, done *int) {
			for i := range n {
				l.After(time.Duration(i%7)*time.Millisecond, func() {
					l.After(0, func() { *done++ })
				})
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := newLoop(t)
			defer l.Close()
			done := 0
			tc.add(l, &done)
			if err := l.Run(context.Background()); err != nil {
				t.Fatal(err)
			}
			if done != n || l.Tasks() != 0 {
				t.Errorf("finished %d of %d tasks, %d left", done, n, l.Tasks())
			}
		})
	}
}

func TestTimersFireInOrder(t *testing.T) {
	l := newLoop(t)
	defer l.Close()
	type key struct {
		when time.Duration
		seq  uint64
	}
	var want, got []key
	r := rand.New(rand.NewPCG(1, 2))
	for range 500 {
		// Deadlines from the past to 5 ms ahead, with many ties.
		k := key{time.Duration(r.IntN(50)) * 100 * time.Microsecond, l.seq + 1}
		l.seq++
		want = append(want, k)
		l.timers.Push(timer{when: k.when, seq: k.seq, f: func() { got = append(got, k) }})
	}
	// The timers were appended unordered; restore the heap as After would keep it.
	slices.SortFunc(l.timers, func(a, b timer) int {
		if a.when != b.when {
			return int(a.when - b.when)
		}
		return int(a.seq) - int(b.seq)
	})
	slices.SortFunc(want, func(a, b key) int {
		if a.when != b.when {
			return int(a.when - b.when)
		}
		return int(a.seq) - int(b.seq)
	})
	if err := l.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, want) {
		t.Errorf("timers fired out of order:\ngot  %v\nwant %v", got, want)
	}
}

func TestAfterKeepsOrderOfEqualDelays(t *testing.T) {
	l := newLoop(t)
	defer l.Close()
	var got []int
	for i := range 100 {
		l.After(time.Millisecond, func() { got = append(got, i) })
	}
	l.After(0, func() { got = append([]int{-1}, got...) })
	if err := l.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	want := append([]int{-1}, slices.Collect(func(yield func(int) bool) {
		for i := range 100 {
			yield(i)
		}
	})...)
	if !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestCancelAndCloseLeaveNothing(t *testing.T) {
	goroutines := runtime.NumGoroutine()
	fds := openFDs(t)
	l := newLoop(t)
	ended := 0
	for range 100 {
		l.Go(func(yield func(Wait) bool) {
			defer func() { ended++ }()
			yield(Sleep(time.Hour))
		})
	}
	ctx, cancel := context.WithCancel(context.Background())
	l.After(time.Millisecond, cancel)
	if err := l.Run(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("Run = %v, want context.Canceled", err)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if ended != 100 {
		t.Errorf("%d of 100 suspended tasks ended on Close", ended)
	}
	if got := openFDs(t); got != fds {
		t.Errorf("open descriptors: %d before, %d after", fds, got)
	}
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > goroutines && time.Now().Before(deadline) {
		runtime.Gosched()
	}
	if got := runtime.NumGoroutine(); got > goroutines {
		t.Errorf("goroutines: %d before, %d after", goroutines, got)
	}
}

func TestCancelFromOtherGoroutineWakesPoll(t *testing.T) {
	l := newLoop(t)
	defer l.Close()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	l.WhenReadable(int(r.Fd()), func() {}) // never written: the loop blocks in poll
	ctx, cancel := context.WithCancel(context.Background())
	go cancel()
	if err := l.Run(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("Run = %v, want context.Canceled", err)
	}
}

// openFDs counts this process's open descriptors, where the system says.
func openFDs(t *testing.T) int {
	t.Helper()
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		ents, err = os.ReadDir("/dev/fd")
	}
	if err != nil {
		t.Skipf("cannot count open descriptors: %v", err)
	}
	return len(ents)
}

func TestRunsLeaveNoThreads(t *testing.T) {
	if _, err := os.Stat("/proc/self/task"); err != nil {
		t.Skip("no /proc/self/task to count threads")
	}
	threads := func() int {
		ents, err := os.ReadDir("/proc/self/task")
		if err != nil {
			t.Fatal(err)
		}
		return len(ents)
	}
	before := threads()
	for range 50 {
		l := newLoop(t)
		for range 10 {
			l.Go(func(yield func(Wait) bool) { yield(Sleep(0)) })
		}
		done := make(chan error)
		go func() { done <- l.Run(context.Background()) }()
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		l.Close()
	}
	// Each Run locks a thread and gives it back; fifty runs that each kept
	// one would show here, while the runtime's own growth stays small.
	if after := threads(); after > before+10 {
		t.Errorf("OS threads: %d before 50 runs, %d after", before, after)
	}
}
