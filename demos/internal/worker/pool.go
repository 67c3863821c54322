package worker

import (
	"context"
	"fmt"
	"sync"
)

// Map starts n worker processes running f, hands them the tasks (each
// worker takes the next task when it is free), waits for every result and
// for every process to exit, and returns the results in task order. When
// span is not nil it is called with each task's worker and timing, one call
// at a time. A failed task stops the rest; Map returns the first error, or
// ctx's error when ctx ended.
func Map[T, R any](ctx context.Context, f *Func[T, R], n int, tasks []T, span func(worker, task int, t Timing)) ([]R, error) {
	if n < 1 {
		return nil, fmt.Errorf("worker %s: want at least 1 process, got %d", f.Name(), n)
	}
	parent := ctx
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	out := make([]R, len(tasks))
	next := make(chan int)
	var mu sync.Mutex // guards first and serialises span calls
	var first error
	var wg sync.WaitGroup
	for w := range n {
		wg.Go(func() {
			err := serveTasks(ctx, f, tasks, out, next, func(task int, t Timing) {
				if span != nil {
					mu.Lock()
					span(w, task, t)
					mu.Unlock()
				}
			})
			if err != nil {
				mu.Lock()
				if first == nil {
					first = err
				}
				mu.Unlock()
				cancel() // the other workers are killed: their errors say nothing new
			}
		})
	}
feed:
	for i := range tasks {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if err := parent.Err(); err != nil {
		return nil, fmt.Errorf("worker %s: %w", f.Name(), err)
	}
	if first != nil {
		return nil, first
	}
	return out, nil
}

// serveTasks runs one worker process over the tasks it receives on next.
func serveTasks[T, R any](ctx context.Context, f *Func[T, R], tasks []T, out []R, next <-chan int, span func(int, Timing)) (err error) {
	p, err := Start(ctx, f)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := p.Close(); err == nil && ctx.Err() == nil {
			err = cerr
		}
	}()
	for i := range next {
		t, err := p.Call(tasks[i], &out[i])
		if err != nil {
			return err
		}
		span(i, t)
	}
	return nil
}
