// Worker pool: a fixed number of goroutines take jobs from
// one channel.
package main

import (
	"fmt"
	"sync"
)

// square stands in for the work one job does.
func square(n int) int { return n * n }

func main() {
	jobs := make(chan int)
	results := make(chan int)

	const workers = 4
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			// The loop ends once jobs is closed and drained.
			for n := range jobs {
				results <- square(n)
			}
		})
	}
	// Close results once every worker has returned: no
	// send can follow.
	go func() {
		wg.Wait()
		close(results)
	}()
	// Send from a goroutine of its own, so that main is free
	// to read the results the workers are waiting to hand over.
	go func() {
		defer close(jobs)
		for n := 1; n <= 100; n++ {
			jobs <- n
		}
	}()

	sum := 0
	for r := range results {
		sum += r
	}
	fmt.Println("sum of the squares of 1..100:", sum)
}
