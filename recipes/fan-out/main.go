// Fan-out, fan-in: one call per item, at most three at once;
// the first error cancels the others.
package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"
)

// fetch stands in for a call to a slow service.
func fetch(ctx context.Context, id int) (string, error) {
	select {
	case <-time.After(10 * time.Millisecond):
		return fmt.Sprintf("item-%d", id), nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

func main() {
	ids := []int{1, 2, 3, 4, 5, 6, 7, 8}
	// Each goroutine writes its own element: no lock, and
	// the results keep the order of the ids.
	results := make([]string, len(ids))

	g, ctx := errgroup.WithContext(context.Background())
	g.SetLimit(3) // Go blocks while three calls are in flight
	for i, id := range ids {
		g.Go(func() error {
			r, err := fetch(ctx, id)
			results[i] = r
			return err
		})
	}
	// Wait returns the first error, if any.
	if err := g.Wait(); err != nil {
		fmt.Println("failed:", err)
		return
	}
	fmt.Println(strings.Join(results, " "))
}
