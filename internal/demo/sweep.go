package demo

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// sweep kills the processes and removes the temporary folders and
// unfinished binaries that runs of a sitegen killed before it could clean
// up left behind, and says so on the progress writer. Stray processes
// would compete with the demos about to be measured; a folder belongs to
// a dead run when its lock is free.
func (r *Runner) sweep() {
	dead := map[string]bool{}
	isDead := func(dir string) bool {
		d, ok := dead[dir]
		if !ok {
			d = abandoned(dir)
			dead[dir] = d
		}
		return d
	}
	var killed []string
	for _, p := range strays(isDead) {
		killed = append(killed, fmt.Sprint(p))
	}
	if len(killed) > 0 {
		fmt.Fprintf(r.cfg.Progress, "demos: killed processes a killed build's demos left running: pid %s\n",
			strings.Join(killed, ", "))
	}
	for _, dir := range runDirs() {
		if isDead(dir) && os.RemoveAll(dir) == nil {
			fmt.Fprintf(r.cfg.Progress, "demos: removed a killed build's temporary folder %s\n", dir)
		}
	}
	// A build killed during go build leaves its binary half written under
	// a hidden name; no go build lasts an hour.
	temps, _ := filepath.Glob(filepath.Join(r.cache, ".*-*"))
	for _, p := range temps {
		if info, err := os.Lstat(p); err == nil && info.Mode().IsRegular() &&
			time.Since(info.ModTime()) > staleBuild && os.Remove(p) == nil {
			fmt.Fprintf(r.cfg.Progress, "demos: removed a killed build's unfinished binary %s\n", p)
		}
	}
}

// staleBuild is the age after which a binary being built is one whose
// build was killed.
const staleBuild = time.Hour
