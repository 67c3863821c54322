// Command work is the Go twin of the fixture's Python demo: it prints a
// report and writes fixed results to DEMO_RESULTS.
package main

import (
	"fmt"
	"os"
)

const results = `{
  "demo": "work",
  "env": {"cpu": "Fixture CPU", "cores": 2, "gomaxprocs": 2, "go": "go1.26.8",
          "os": "linux", "arch": "amd64", "time": "2026-11-26T03:00:00Z"},
  "strategies": [
    {"name": "sequential", "runs_s": [0.4, 0.41, 0.42], "median_s": 0.41, "min_s": 0.4, "max_s": 0.42,
     "speedup": 1, "speedup_min": 1, "speedup_max": 1},
    {"name": "threads", "runs_s": [0.21, 0.22, 0.23], "median_s": 0.22, "min_s": 0.21, "max_s": 0.23,
     "speedup": 1.86, "speedup_min": 1.8, "speedup_max": 1.9},
    {"name": "goroutines", "runs_s": [0.21, 0.21, 0.22], "median_s": 0.21, "min_s": 0.21, "max_s": 0.22,
     "speedup": 1.95, "speedup_min": 1.9, "speedup_max": 1.97}
  ],
  "check": {"ok": true, "expected": "threads 1.6-2.1x"}
}`

func main() {
	fmt.Println("work: done")
	if p := os.Getenv("DEMO_RESULTS"); p != "" {
		if err := os.WriteFile(p, []byte(results), 0o644); err != nil {
			panic(err)
		}
	}
}
