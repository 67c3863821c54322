package main

// results are fixed so that the page built from them can be compared with
// a golden file.
const results = `{
  "demo": "good",
  "env": {"cpu": "Fixture CPU <1>", "cores": 2, "gomaxprocs": 2, "go": "go1.26.8",
          "os": "linux", "arch": "amd64", "time": "2026-11-26T03:00:00Z",
          "noisy": true, "load1": 2.5},
  "params": {"tasks": 4, "payload_bytes": 1572864},
  "strategies": [
    {"name": "sequential", "runs_s": [0.19, 0.2, 0.21], "median_s": 0.2, "min_s": 0.19,
     "max_s": 0.21, "cores_used": 1, "speedup": 1},
    {"name": "goroutines", "runs_s": [0.1, 0.105, 0.12], "median_s": 0.105, "min_s": 0.1,
     "max_s": 0.12, "cores_used": 1.93, "speedup": 1.9, "metrics": {"switches": 12345}}
  ],
  "timeline": [
    {"strategy": "goroutines", "worker": 0, "task": 0, "start_s": 0, "end_s": 0.05},
    {"strategy": "goroutines", "worker": 1, "task": 1, "start_s": 0, "end_s": 0.05},
    {"strategy": "goroutines", "worker": 0, "task": 2, "start_s": 0.05, "end_s": 0.1, "kind": "wait"},
    {"strategy": "goroutines", "worker": 1, "task": 3, "start_s": 0.05, "end_s": 0.1}
  ],
  "ideal": {"s": 0.1, "label": "2 cores"},
  "metrics": {"rate_per_s": 48213.7, "guard_x": 0.97, "share_pct": 12.5, "wait_s": 0.0000425},
  "check": {"ok": false, "noisy": true, "expected": "goroutines 1.6-2.1x",
            "claims": [{"claim": "goroutines 1.6-2.1x", "got": "1.90x", "ok": true},
                       {"claim": "cores used above 1.95", "got": "1.93", "ok": false}]}
}`
