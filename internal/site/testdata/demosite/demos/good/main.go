// Command good is a well-behaved fixture demo: it prints a report, writes
// fixed results to DEMO_RESULTS and, when SITE_FIXTURE_COUNT names a file,
// appends a line to it so that tests can count its runs.
package main

import (
	"fmt"
	"os"

	"demosite/demos/internal/sum"
)

func main() {
	// region workload
	total := sum.To(100)
	fmt.Println("sum:", total)
	// endregion
	fmt.Println("sequential  200 ms")
	fmt.Println("goroutines  105 ms")
	if p := os.Getenv("SITE_FIXTURE_COUNT"); p != "" {
		f, err := os.OpenFile(p, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
		if err != nil {
			panic(err)
		}
		fmt.Fprintln(f, "run")
		f.Close()
	}
	if p := os.Getenv("DEMO_RESULTS"); p != "" {
		if err := os.WriteFile(p, []byte(results), 0o644); err != nil {
			panic(err)
		}
	}
}
