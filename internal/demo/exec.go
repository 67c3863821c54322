package demo

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

// build returns the path of the demo's binary in the cache, running
// `go build -o` only when no binary for this fingerprint and build
// environment exists. Binaries of the demo's older versions are removed.
func (r *Runner) build(ctx context.Context, name, fp string, e goEnv, say func(string, ...any)) (string, error) {
	envJSON, _ := json.Marshal(e)
	sum := sha256.Sum256(append([]byte(fp+"\n"), envJSON...))
	key := hex.EncodeToString(sum[:8])
	bin := filepath.Join(r.cache, name+"-"+key)
	if _, err := os.Stat(bin); err == nil {
		return bin, nil
	}
	say("building")
	if err := os.MkdirAll(r.cache, 0o755); err != nil {
		return "", fmt.Errorf("building demo %s: %w", name, err)
	}
	tmp, err := os.CreateTemp(r.cache, "."+name+"-*")
	if err != nil {
		return "", fmt.Errorf("building demo %s: %w", name, err)
	}
	tmp.Close()
	defer os.Remove(tmp.Name())
	if _, err := r.goCmd(ctx, "build", "-o", tmp.Name(), pkgPath(name)); ctx.Err() != nil {
		return "", fmt.Errorf("building demo %s: %w", name, ctx.Err())
	} else if err != nil {
		return "", fmt.Errorf("demo %s does not build:\n%v", name, err)
	}
	if err := os.Rename(tmp.Name(), bin); err != nil {
		return "", fmt.Errorf("building demo %s: %w", name, err)
	}
	r.prune(name, bin)
	return bin, nil
}

// prune removes the demo's binaries other than keep; failures only leave
// a stale file behind.
func (r *Runner) prune(name, keep string) {
	old, _ := filepath.Glob(filepath.Join(r.cache, name+"-*"))
	for _, p := range old {
		key := strings.TrimPrefix(filepath.Base(p), name+"-")
		if p != keep && len(key) == 16 && strings.Trim(key, "0123456789abcdef") == "" {
			os.Remove(p)
		}
	}
}

// execute runs argv from the module root as the demo of o, with env
// (DEMO_RESULTS among it) added to the environment, as the run whose
// temporary folder is run, until it exits, the timeout passes or ctx ends;
// then it kills whatever is left of the run. It fills in o's output, exit
// code and duration, and returns an error when the run was stopped or
// could not start. tick is called every progress interval while the demo
// runs, from this goroutine.
//
// On Linux the demo runs under a supervisor that kills every process the
// demo started, however detached, when the run ends or sitegen dies (see
// supervise); elsewhere in a process group of its own.
func (r *Runner) execute(ctx context.Context, o *Outcome, run string, argv, env []string, timeout time.Duration, tick func(time.Duration)) error {
	// The supervisor is told of sitegen's death by the end of the thread
	// that started it: keep that thread for the whole run.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	stdout, stderr := &capped{max: maxOutput}, &capped{max: maxOutput}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = r.cfg.Root
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdout, cmd.Stderr = stdout, stderr
	contain(cmd, run)
	// A child that outlives the demo and holds its output open must not
	// hold up Wait for longer than the grace.
	cmd.WaitDelay = r.cfg.Grace
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("demo %s: %w", o.Demo, err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	ticker := time.NewTicker(progressEvery)
	defer ticker.Stop()
	var err, waitErr error
wait:
	for {
		select {
		case waitErr = <-done:
			break wait
		case <-ticker.C:
			tick(time.Since(start))
		case <-timer.C:
			err = fmt.Errorf("demo %s: killed after the %v timeout", o.Demo, timeout)
			waitErr = r.stop(cmd, done)
			break wait
		case <-ctx.Done():
			err = fmt.Errorf("demo %s: stopped after %.1f s: %w", o.Demo, time.Since(start).Seconds(), ctx.Err())
			waitErr = r.stop(cmd, done)
			break wait
		}
	}
	// The demo is gone; so must be every process it started.
	killGroup(cmd)
	o.Duration = time.Since(start)
	o.ExitCode = cmd.ProcessState.ExitCode()
	o.Stdout, o.TruncatedStdout = stdout.text()
	o.Stderr, o.TruncatedStderr = stderr.text()
	var exitErr *exec.ExitError
	if err == nil && waitErr != nil && !errors.As(waitErr, &exitErr) && !errors.Is(waitErr, exec.ErrWaitDelay) {
		err = fmt.Errorf("demo %s: %w", o.Demo, waitErr)
	}
	return err
}

// progressEvery is how often a running demo reports its elapsed time.
const progressEvery = 5 * time.Second

// stop sends SIGTERM to the run's processes, then kills them after the
// grace, and returns Wait's result. A supervisor that does not end when
// told is killed with its process group after a further wait.
func (r *Runner) stop(cmd *exec.Cmd, done <-chan error) error {
	signalGroup(cmd, false)
	grace := time.NewTimer(r.cfg.Grace)
	defer grace.Stop()
	select {
	case err := <-done:
		return err
	case <-grace.C:
	}
	signalGroup(cmd, true)
	select {
	case err := <-done:
		return err
	case <-time.After(supervisorWait):
	}
	killGroup(cmd)
	return <-done
}

// supervisorWait is how long a supervisor told to kill its run has to do
// so: longer than the few seconds it allows itself.
const supervisorWait = 10 * time.Second

// tail returns the last n lines of s, indented, for error messages.
func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = append([]string{"…"}, lines[len(lines)-n:]...)
	}
	return "\t" + strings.Join(lines, "\n\t")
}
