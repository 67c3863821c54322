package worker

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// Children returns the ids of this process's child processes, zombies
// included: a test calls it to prove that no worker was left behind. It
// reads /proc and returns errors.ErrUnsupported where there is none.
func Children() ([]int, error) {
	stats, err := filepath.Glob("/proc/[0-9]*/stat")
	if err != nil || len(stats) == 0 {
		return nil, errors.ErrUnsupported
	}
	me := os.Getpid()
	var kids []int
	for _, path := range stats {
		b, err := os.ReadFile(path)
		if err != nil {
			continue // the process ended meanwhile
		}
		// "pid (comm) state ppid ...": comm may hold spaces and parentheses.
		s := string(b)
		f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
		if len(f) < 2 {
			continue
		}
		if ppid, _ := strconv.Atoi(f[1]); ppid == me {
			pid, _ := strconv.Atoi(filepath.Base(filepath.Dir(path)))
			kids = append(kids, pid)
		}
	}
	return kids, nil
}

// Settle waits until this process has no child process and runs at most
// goroutines goroutines, or until ctx ends; then it returns an error naming
// what was left behind. Tests call it with the goroutine count taken before
// the code under test and a context with a deadline.
func Settle(ctx context.Context, goroutines int) error {
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for {
		kids, err := Children()
		if errors.Is(err, errors.ErrUnsupported) {
			kids, err = nil, nil
		}
		if err != nil {
			return err
		}
		n := runtime.NumGoroutine()
		if len(kids) == 0 && n <= goroutines {
			return nil
		}
		select {
		case <-tick.C:
		case <-ctx.Done():
			return fmt.Errorf("left behind: child processes %v, %d goroutines (want at most %d)", kids, n, goroutines)
		}
	}
}
