package main

import (
	"fmt"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
)

// limits are the bounds the system and Go's runtime put on OS threads.
type limits struct {
	goMax      int    // debug.SetMaxThreads: Go crashes the program beyond it
	nproc      uint64 // RLIMIT_NPROC, 0 when unlimited or unknown
	threadsMax uint64 // the kernel's threads-max, 0 when unknown
}

// margin is the threads left for everything else.
const margin = 200

// threads returns how many threads the demo may start without meeting any
// limit.
func (l limits) threads() int {
	n := l.goMax - margin
	if l.nproc > 0 {
		n = min(n, int(l.nproc)/2-margin)
	}
	if l.threadsMax > 0 {
		n = min(n, int(l.threadsMax)/4)
	}
	return max(1, n)
}

func (l limits) String() string {
	nproc, tmax := "unlimited", "unknown"
	if l.nproc > 0 {
		nproc = strconv.FormatUint(l.nproc, 10)
	}
	if l.threadsMax > 0 {
		tmax = strconv.FormatUint(l.threadsMax, 10)
	}
	return fmt.Sprintf("Go's max threads %d, RLIMIT_NPROC %s, kernel threads-max %s", l.goMax, nproc, tmax)
}

// report adds the known limits to the demo's parameters.
func (l limits) report(params map[string]float64) {
	params["go_max_threads"] = float64(l.goMax)
	if l.nproc > 0 {
		params["rlimit_nproc"] = float64(l.nproc)
	}
	if l.threadsMax > 0 {
		params["kernel_threads_max"] = float64(l.threadsMax)
	}
}

func checkLimits() limits {
	l := limits{goMax: debug.SetMaxThreads(10000)}
	debug.SetMaxThreads(l.goMax) // reading it means setting it: put it back
	l.nproc = nproc()
	if b, err := os.ReadFile("/proc/sys/kernel/threads-max"); err == nil {
		l.threadsMax, _ = strconv.ParseUint(strings.TrimSpace(string(b)), 10, 64)
	}
	return l
}

// osThreads returns the number of OS threads of this process: the entries of
// /proc/self/task where there is one, else the threads Go has created.
func osThreads() int {
	if ents, err := os.ReadDir("/proc/self/task"); err == nil {
		return len(ents)
	}
	return threadsCreated()
}
