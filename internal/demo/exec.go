package demo

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"
	"unicode/utf8"
)

// build returns the path of the demo's binary in the cache, built only
// when none exists for this fingerprint and build environment.
func (r *Runner) build(ctx context.Context, name, fp string, e goEnv, say func(string, ...any)) (string, error) {
	envJSON, _ := json.Marshal(e)
	sum := sha256.Sum256(append([]byte(fp+"\n"), envJSON...))
	bin := filepath.Join(r.cache, fmt.Sprintf("%s-%x", name, sum[:8]))
	if _, err := os.Stat(bin); err == nil {
		return bin, nil
	}
	say("building")
	// A binary is built under a hidden name, so none is seen half written.
	tmp := filepath.Join(r.cache, "."+filepath.Base(bin))
	defer os.Remove(tmp)
	if _, err := r.goCmd(ctx, "build", "-o", tmp, pkgPath(name)); ctx.Err() != nil {
		return "", fmt.Errorf("building demo %s: %w", name, ctx.Err())
	} else if err != nil {
		return "", fmt.Errorf("demo %s does not build:\n%v", name, err)
	}
	if err := os.Rename(tmp, bin); err != nil {
		return "", fmt.Errorf("building demo %s: %w", name, err)
	}
	old, _ := filepath.Glob(filepath.Join(r.cache, name+"-"+strings.Repeat("?", 16)))
	for _, p := range old {
		if p != bin {
			os.Remove(p)
		}
	}
	return bin, nil
}

// execute runs argv from the module root as o's demo, in the run whose
// folder is run, until it exits, the timeout passes or ctx ends; then it
// kills whatever is left of the run (see contain).
func (r *Runner) execute(ctx context.Context, o *Outcome, run string, argv, env []string, timeout time.Duration, say func(string, ...any)) error {
	// The supervisor learns of sitegen's death by the end of the thread
	// that started it: keep that thread for the whole run.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	limit, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	stdout, stderr := &capped{max: maxOutput}, &capped{max: maxOutput}
	cmd := exec.CommandContext(limit, argv[0], argv[1:]...)
	cmd.Dir, cmd.Stdout, cmd.Stderr = r.cfg.Root, stdout, stderr
	cmd.Env = append(append(os.Environ(), env...), runEnv+"="+run)
	contain(cmd)
	// A child that outlives the demo holding its output open gets the grace.
	cmd.WaitDelay = r.cfg.Grace
	// A stopped run gets SIGTERM, SIGKILL after the grace and, ten seconds
	// later, exec's SIGKILL for a supervisor that has not ended.
	var kill *time.Timer
	cmd.Cancel = func() error {
		kill = time.AfterFunc(r.cfg.Grace, func() { signalRun(cmd, 1) })
		cmd.WaitDelay += 10 * time.Second
		signalRun(cmd, 0)
		return nil
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("demo %s: %w", o.Demo, err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	ticker := time.NewTicker(5 * time.Second)
	defer ticker.Stop()
	var err error
wait:
	for {
		select {
		case err = <-done:
			break wait
		case <-ticker.C:
			say("running… %.1f s", time.Since(start).Seconds())
		}
	}
	// The demo is gone; so must be every process it started.
	signalRun(cmd, 2)
	o.Duration = time.Since(start)
	o.ExitCode = cmd.ProcessState.ExitCode()
	o.Stdout, o.TruncatedStdout = stdout.text()
	o.Stderr, o.TruncatedStderr = stderr.text()
	switch {
	case kill != nil && ctx.Err() != nil:
		kill.Stop()
		return fmt.Errorf("demo %s: stopped after %.1f s: %w", o.Demo, o.Duration.Seconds(), ctx.Err())
	case kill != nil:
		kill.Stop()
		return fmt.Errorf("demo %s: killed after the %v timeout", o.Demo, timeout)
	case err != nil && !errors.As(err, new(*exec.ExitError)) && !errors.Is(err, exec.ErrWaitDelay):
		return fmt.Errorf("demo %s: %w", o.Demo, err)
	}
	return nil
}

// maxOutput is how many bytes of stdout, and of stderr, a run keeps.
const maxOutput = 1 << 20

// capped keeps the first max bytes written to it and counts the rest,
// never failing a write, so the demo never blocks on a full pipe.
type capped struct {
	max   int
	buf   []byte
	total int64
}

func (c *capped) Write(p []byte) (int, error) {
	c.total += int64(len(p))
	c.buf = append(c.buf, p[:min(max(c.max-len(c.buf), 0), len(p))]...)
	return len(p), nil
}

// text returns what was kept, invalid UTF-8 escaped as \xNN, and when
// output was dropped, a note saying how much.
func (c *capped) text() (s string, truncated bool) {
	truncated = c.total > int64(len(c.buf))
	var b strings.Builder
	r := c.buf
	// A character cut in two by the cap is dropped, not escaped.
	for len(r) > 0 && (!truncated || utf8.FullRune(r)) {
		ch, n := utf8.DecodeRune(r)
		if ch == utf8.RuneError && n == 1 {
			fmt.Fprintf(&b, `\x%02x`, r[0])
		} else {
			b.Write(r[:n])
		}
		r = r[n:]
	}
	if truncated {
		if b.Len() > 0 && !strings.HasSuffix(b.String(), "\n") {
			b.WriteByte('\n')
		}
		fmt.Fprintf(&b, "[output truncated: the first %s of %s shown]\n", byteSize(int64(len(c.buf)-len(r))), byteSize(c.total))
	}
	return b.String(), truncated
}

// byteSize formats n bytes for a person: 512 B, 1.0 MiB.
func byteSize(n int64) string {
	for i, unit := range []string{"GiB", "MiB", "KiB"} {
		if shift := 30 - 10*i; n >= 1<<shift {
			return fmt.Sprintf("%.1f %s", float64(n)/float64(int64(1)<<shift), unit)
		}
	}
	return fmt.Sprintf("%d B", n)
}
