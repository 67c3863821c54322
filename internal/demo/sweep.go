package demo

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/concurrency-primer/site/internal/lockfile"
)

// runEnv, in the environment of every process of a run, names the run's
// folder: by it a later Run finds what a killed sitegen left running.
const runEnv = "SITEGEN_DEMO_RUN"

// newRunDir makes the temporary folder of one run, sitegen-demo-*, with a
// file "lock" held until done removes the folder. It takes that name only
// once locked, so such a folder with its lock free is one whose sitegen died.
func newRunDir() (dir string, done func(), err error) {
	tmp, err := os.MkdirTemp("", ".sitegen-demo-")
	if err != nil {
		return "", nil, err
	}
	unlock, err := lockfile.Lock(context.Background(), filepath.Join(tmp, "lock"), func() {})
	if err == nil {
		dir = filepath.Join(filepath.Dir(tmp), filepath.Base(tmp)[1:])
		if err = os.Rename(tmp, dir); err == nil {
			return dir, func() {
				os.RemoveAll(dir)
				unlock()
			}, nil
		}
		unlock()
	}
	os.RemoveAll(tmp)
	return "", nil, err
}

// abandoned reports whether the run folder dir belongs to no running
// sitegen: it is gone, or its lock is free (where there are file locks). A
// folder without a lock file is another program's and is left alone.
func abandoned(dir string) bool {
	lock := filepath.Join(dir, "lock")
	if _, err := os.Lstat(lock); err != nil {
		_, err = os.Lstat(dir)
		return errors.Is(err, fs.ErrNotExist)
	}
	try, cancel := context.WithCancel(context.Background())
	cancel()
	unlock, err := lockfile.Lock(try, lock, func() {})
	if err == nil {
		unlock()
	}
	return err == nil
}

// sweep kills the processes and removes the temporary folders and
// unfinished binaries that runs of a killed sitegen left behind: stray
// processes would compete with the demos about to be measured.
func (r *Runner) sweep() {
	// Only Linux lists processes with their environment, in /proc.
	var killed []string
	envs, _ := filepath.Glob("/proc/[0-9]*/environ")
	for _, e := range envs {
		b, _ := os.ReadFile(e)
		_, run, ok := bytes.Cut(append([]byte{0}, b...), []byte("\x00"+runEnv+"="))
		run, _, _ = bytes.Cut(run, []byte{0})
		pid, err := strconv.Atoi(filepath.Base(filepath.Dir(e)))
		if !ok || err != nil || pid == os.Getpid() || !filepath.IsAbs(string(run)) || !abandoned(string(run)) {
			continue
		}
		if p, err := os.FindProcess(pid); err == nil && p.Kill() == nil {
			killed = append(killed, strconv.Itoa(pid))
		}
	}
	if len(killed) > 0 {
		fmt.Fprintf(r.cfg.Progress, "demos: killed processes a killed build's demos left running: pid %s\n",
			strings.Join(killed, ", "))
	}
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), "sitegen-demo-*"))
	for _, dir := range dirs {
		if abandoned(dir) && os.RemoveAll(dir) == nil {
			fmt.Fprintf(r.cfg.Progress, "demos: removed a killed build's temporary folder %s\n", dir)
		}
	}
	// A sitegen killed during go build leaves a hidden, half-written binary.
	temps, _ := filepath.Glob(filepath.Join(r.cache, ".*-*"))
	for _, p := range temps {
		if info, err := os.Lstat(p); err == nil && info.Mode().IsRegular() &&
			time.Since(info.ModTime()) > staleBuild && os.Remove(p) == nil {
			fmt.Fprintf(r.cfg.Progress, "demos: removed a killed build's unfinished binary %s\n", p)
		}
	}
}

// staleBuild is the age after which a binary being built is one whose
// build was killed: no go build lasts an hour.
const staleBuild = time.Hour
