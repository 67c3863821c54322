package demo

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"

	"golang.org/x/sys/unix"
)

// strays kills, with SIGKILL, every process of this user whose
// environment marks it as part of a run whose folder dead reports
// abandoned, and returns their pids.
func strays(dead func(dir string) bool) []int {
	var pids []int
	envs, _ := filepath.Glob("/proc/[0-9]*/environ")
	mark := []byte(runEnv + "=")
	for _, e := range envs {
		b, err := os.ReadFile(e) // another user's is unreadable: not ours
		if err != nil {
			continue
		}
		for kv := range bytes.SplitSeq(b, []byte{0}) {
			run, ok := bytes.CutPrefix(kv, mark)
			if !ok || !filepath.IsAbs(string(run)) || !dead(string(run)) {
				continue
			}
			pid, err := strconv.Atoi(filepath.Base(filepath.Dir(e)))
			if err == nil && pid != os.Getpid() && unix.Kill(pid, unix.SIGKILL) == nil {
				pids = append(pids, pid)
			}
			break
		}
	}
	return pids
}
