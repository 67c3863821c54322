package pytwins

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/concurrency-primer/site/demos/internal/worker"
)

// adopt makes this test process the subreaper of what it starts, so that a
// process a demo leaves behind becomes our child instead of init's. The
// function it returns, called once the demo (process pid) has been waited
// for, fails t for each such orphan, then kills and reaps it.
func adopt(t *testing.T) (orphans func(pid int)) {
	t.Helper()
	if err := unix.Prctl(unix.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0); err != nil {
		t.Logf("cannot become a subreaper (%v): orphans go unnoticed", err)
	}
	before, _ := worker.Children()
	return func(pid int) {
		t.Helper()
		kids, err := worker.Children()
		if errors.Is(err, errors.ErrUnsupported) {
			return
		}
		for _, kid := range kids {
			if kid == pid || slices.Contains(before, kid) {
				continue
			}
			t.Errorf("process %d (%s) outlived the demo", kid, cmdline(kid))
			unix.Kill(kid, unix.SIGKILL)
			var status unix.WaitStatus
			unix.Wait4(kid, &status, 0, nil)
		}
	}
}

// watching reports whether descendants can list a process's children.
const watching = true

// descendants returns the processes whose parent is pid.
func descendants(pid int) []int {
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	var kids []int
	for _, path := range stats {
		b, err := os.ReadFile(path)
		if err != nil {
			continue
		}
		s := string(b)
		f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
		if len(f) >= 2 && f[1] == strconv.Itoa(pid) {
			kid, _ := strconv.Atoi(filepath.Base(filepath.Dir(path)))
			kids = append(kids, kid)
		}
	}
	return kids
}

func cmdline(pid int) string {
	b, _ := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "cmdline"))
	return strings.TrimSpace(strings.ReplaceAll(string(b), "\x00", " "))
}
