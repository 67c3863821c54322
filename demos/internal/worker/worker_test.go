package worker

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

var (
	square = Handle("square", func(n int) (int, error) { return n * n, nil })
	fail   = Handle("fail", func(n int) (int, error) {
		if n < 0 {
			return 0, fmt.Errorf("negative task %d", n)
		}
		return n, nil
	})
	// block never answers: it waits for its stdin to close.
	block = Handle("block", func(n int) (int, error) {
		os.Stdin.Read(make([]byte, 1))
		return n, nil
	})
	chatty = Handle("chatty", func(s string) (string, error) {
		fmt.Println("this goes to stderr, not into the protocol")
		return strings.ToUpper(s), nil
	})
)

func TestMain(m *testing.M) {
	Main(square, fail, block, chatty)
	os.Exit(m.Run())
}

// noLeaks fails t when a worker process or a goroutine outlives the test.
func noLeaks(t *testing.T) {
	t.Helper()
	base := runtime.NumGoroutine()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := Settle(ctx, base); err != nil {
			t.Error(err)
		}
	})
}

func TestMap(t *testing.T) {
	tasks := make([]int, 20)
	for i := range tasks {
		tasks[i] = i
	}
	for _, n := range []int{1, 2, 5} {
		t.Run(fmt.Sprint(n, " workers"), func(t *testing.T) {
			noLeaks(t)
			var workers, done []int
			got, err := Map(context.Background(), square, n, tasks, func(w, task int, tm Timing) {
				workers = append(workers, w)
				done = append(done, task)
				if tm.End.Before(tm.Start) || tm.Start.IsZero() {
					t.Errorf("task %d: bad timing %v", task, tm)
				}
			})
			if err != nil {
				t.Fatal(err)
			}
			for i, v := range got {
				if v != i*i {
					t.Errorf("task %d: got %d, want %d", i, v, i*i)
				}
			}
			slices.Sort(done)
			if len(done) != len(tasks) || done[0] != 0 || done[len(done)-1] != len(tasks)-1 {
				t.Errorf("span calls for tasks %v", done)
			}
			if w := slices.Max(workers); w >= n {
				t.Errorf("worker index %d with %d workers", w, n)
			}
		})
	}
}

func TestMapErrors(t *testing.T) {
	for _, tc := range []struct {
		name  string
		n     int
		tasks []int
		want  string
	}{
		{"task fails", 2, []int{1, 2, -3, 4, 5}, "negative task -3"},
		{"no workers", 0, []int{1}, "at least 1 process"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			noLeaks(t)
			_, err := Map(context.Background(), fail, tc.n, tc.tasks, nil)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func TestCancelKillsWorkers(t *testing.T) {
	noLeaks(t)
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() {
		_, err := Map(ctx, block, 2, []int{1, 2, 3}, nil)
		errc <- err
	}()
	// Wait, boundedly, until both workers run, then cancel.
	deadline := time.Now().Add(5 * time.Second)
	for kids, _ := Children(); len(kids) < 2 && time.Now().Before(deadline); kids, _ = Children() {
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	select {
	case err := <-errc:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("got %v, want context.Canceled", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Map did not return after cancel")
	}
}

func TestProc(t *testing.T) {
	noLeaks(t)
	p, err := Start(context.Background(), chatty)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"a", "bc", ""} {
		var got string
		if _, err := p.Call(s, &got); err != nil {
			t.Fatal(err)
		}
		if got != strings.ToUpper(s) {
			t.Errorf("Call(%q) = %q", s, got)
		}
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestProcAfterTaskError(t *testing.T) {
	noLeaks(t)
	p, err := Start(context.Background(), fail)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	var got int
	if _, err := p.Call(-1, &got); err == nil || !strings.Contains(err.Error(), "negative task -1") {
		t.Errorf("Call(-1): got error %v", err)
	}
	if _, err := p.Call(7, &got); err != nil || got != 7 {
		t.Errorf("Call(7) after an error = %d, %v; want 7, nil", got, err)
	}
}

func TestUnknownHandler(t *testing.T) {
	if code := serveMain("nope", []Handler{square}); code != 2 {
		t.Errorf("serveMain of an unknown handler = %d, want 2", code)
	}
}
