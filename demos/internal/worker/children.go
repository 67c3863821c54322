package worker

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
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
