// Graceful shutdown: on SIGINT or SIGTERM, stop taking work,
// let the jobs in flight finish, then exit normally.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"
)

func main() {
	// ctx is canceled by the first SIGINT (Ctrl-C) or SIGTERM.
	ctx, stop := signal.NotifyContext(context.Background(),
		os.Interrupt, syscall.SIGTERM)
	defer stop()

	jobs := make(chan int)
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			for range jobs {
				// A job: once started, it is finished.
				time.Sleep(5 * time.Millisecond)
			}
		})
	}
	fmt.Println("ready")

feed:
	for n := 0; ; n++ {
		select {
		case jobs <- n:
		case <-ctx.Done():
			break feed
		}
	}
	stop() // from here, a second Ctrl-C ends it at once
	fmt.Println("shutting down")
	close(jobs) // the workers finish their jobs and return
	wg.Wait()
	fmt.Println("stopped cleanly")
}
