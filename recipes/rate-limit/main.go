// Rate limit: at most one call per interval, however fast the
// calls return.
package main

import (
	"fmt"
	"time"
)

// call stands in for a request to a service that allows 50
// calls a second.
func call(i int) int { return i }

func main() {
	const interval = 20 * time.Millisecond // 50 a second
	start := time.Now()
	tick := time.NewTicker(interval)
	defer tick.Stop()

	var started []time.Duration
	for i := 1; i <= 5; i++ {
		<-tick.C // wait for the next slot
		started = append(started, time.Since(start))
		call(i)
	}

	// Call k+1 may not start before k+1 intervals.
	early := 0
	for k, at := range started {
		if at < time.Duration(k+1)*interval {
			early++
		}
	}
	fmt.Printf("%d calls, %d before its slot\n",
		len(started), early)
}
