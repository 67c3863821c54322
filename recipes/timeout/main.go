// Timeout per call: each call gets its own deadline through a
// context, and the called function gives up when it is done.
package main

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// call stands in for a request that takes d, or less if ctx
// ends first.
func call(ctx context.Context, d time.Duration) (string, error) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return "ok", nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

func main() {
	calls := []struct {
		name string
		d    time.Duration
	}{{"fast", 0}, {"slow", time.Hour}}
	for _, c := range calls {
		ctx, cancel := context.WithTimeout(
			context.Background(), 200*time.Millisecond)
		r, err := call(ctx, c.d)
		cancel() // free the timer now, not when main returns
		switch {
		case errors.Is(err, context.DeadlineExceeded):
			fmt.Printf("%s: timed out\n", c.name)
		case err != nil:
			fmt.Printf("%s: %v\n", c.name, err)
		default:
			fmt.Printf("%s: %s\n", c.name, r)
		}
	}
}
