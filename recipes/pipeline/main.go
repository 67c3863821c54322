// Pipeline: stages joined by bounded channels. A stage that
// runs ahead waits when the channel to the next one is full.
package main

import (
	"context"
	"fmt"
)

// generate sends 1..n, then closes its channel: done.
func generate(ctx context.Context, n int) <-chan int {
	out := make(chan int, 4) // the bound: 4 items wait here
	go func() {
		defer close(out)
		for i := 1; i <= n; i++ {
			select {
			case out <- i:
			case <-ctx.Done(): // the reader stopped
				return
			}
		}
	}()
	return out
}

// square sends the square of each item until in is closed.
func square(ctx context.Context, in <-chan int) <-chan int {
	out := make(chan int, 4)
	go func() {
		defer close(out)
		for v := range in {
			select {
			case out <- v * v:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}

func main() {
	// Cancelling ctx stops every stage, even when main stops
	// reading early (a break, a return on error).
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	sum := 0
	for v := range square(ctx, generate(ctx, 10)) {
		sum += v
	}
	fmt.Println("sum of the squares of 1..10:", sum)
}
