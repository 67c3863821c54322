package demo

import (
	"cmp"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/concurrency-primer/site/internal/lockfile"
	"github.com/concurrency-primer/site/internal/results"
)

// build returns the path of the demo's binary in the cache, built only
// when none exists for this fingerprint and build environment.
func (r *Runner) build(ctx context.Context, name, fp string, e goEnv, say func(string, ...any)) (string, error) {
	sum := sha256.Sum256(fmt.Appendf(nil, "%s\n%+v", fp, e))
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

// run builds the demo when it is Go and runs it from the module root until
// it exits, the timeout passes or ctx ends; then it kills whatever is left
// of the run (see contain). It fills o with what the demo printed and wrote.
func (r *Runner) run(ctx context.Context, t target, env goEnv, o *Outcome, say func(string, ...any)) error {
	o.Ran, o.ExitCode = true, -1
	// One demo at a time on the machine, whichever sitegen runs it.
	unlock, err := lockfile.Lock(ctx, r.lock, func() {
		say("waiting for another sitegen's demo to finish (%s)", r.lock)
	})
	if err != nil {
		if ctx.Err() == nil {
			err = fmt.Errorf("demo lock: %w", err)
		}
		return fmt.Errorf("demo %s: %w", t.Demo, err)
	}
	defer unlock()
	var argv, extra []string
	if t.kind == pythonDemo {
		// Byte-code caches would litter the demo's folder; unbuffered
		// output keeps what a killed demo printed.
		argv = []string{cmp.Or(t.py.Exec, t.py.Path), pyMain(t.Demo)}
		extra = []string{"PYTHONDONTWRITEBYTECODE=1", "PYTHONUNBUFFERED=1"}
	} else {
		bin, err := r.build(ctx, t.Demo, t.fp, env, say)
		if err != nil {
			return err
		}
		argv = []string{bin}
	}
	tmp, done, err := newRunDir()
	if err != nil {
		return fmt.Errorf("demo %s: temporary folder: %w", t.Demo, err)
	}
	defer done()
	resultsPath := filepath.Join(tmp, "results.json")
	// The supervisor learns of sitegen's death by the end of the thread
	// that started it: keep that thread for the whole run.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	limit, cancel := context.WithTimeout(ctx, t.Timeout)
	defer cancel()
	stdout, stderr := &capped{max: maxOutput}, &capped{max: maxOutput}
	cmd := exec.CommandContext(limit, argv[0], argv[1:]...)
	cmd.Dir, cmd.Stdout, cmd.Stderr = r.cfg.Root, stdout, stderr
	cmd.Env = append(append(os.Environ(), extra...), runEnv+"="+tmp, "DEMO_RESULTS="+resultsPath)
	contain(cmd)
	// A child that outlives the demo holding its output open gets the grace;
	// a stopped run gets SIGTERM, SIGKILL after the grace and, ten seconds
	// later, exec's SIGKILL for a supervisor that has not ended.
	cmd.WaitDelay = r.cfg.Grace
	var kill *time.Timer
	cmd.Cancel = func() error {
		kill = time.AfterFunc(r.cfg.Grace, func() { signalRun(cmd, 1) })
		cmd.WaitDelay += 10 * time.Second
		signalRun(cmd, 0)
		return nil
	}
	say("running…")
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("demo %s: %w", t.Demo, err)
	}
	waited := make(chan error, 1)
	go func() { waited <- cmd.Wait() }()
	ticker := time.NewTicker(5 * time.Second)
	defer ticker.Stop()
wait:
	for {
		select {
		case err = <-waited:
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
		return fmt.Errorf("demo %s: stopped after %.1f s: %w", t.Demo, o.Duration.Seconds(), ctx.Err())
	case kill != nil:
		kill.Stop()
		return fmt.Errorf("demo %s: killed after the %v timeout", t.Demo, t.Timeout)
	case err != nil && !errors.As(err, new(*exec.ExitError)) && !errors.Is(err, exec.ErrWaitDelay):
		return fmt.Errorf("demo %s: %w", t.Demo, err)
	}
	if err := checkExit(o, t.Request); err != nil {
		return err
	}
	f, err := os.Open(resultsPath)
	if errors.Is(err, os.ErrNotExist) {
		return nil // it wrote no results
	} else if err != nil {
		return fmt.Errorf("demo %s: %w", t.Demo, err)
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.Size() > results.MaxBytes {
		return fmt.Errorf("demo %s wrote %s of results, more than the %s allowed", t.Demo, byteSize(st.Size()), byteSize(results.MaxBytes))
	}
	res, err := results.Decode(f)
	if err != nil {
		return fmt.Errorf("demo %s wrote invalid results: %w", t.Demo, err)
	} else if res.Demo != t.Demo {
		return fmt.Errorf("demo %s wrote results for demo %q", t.Demo, res.Demo)
	}
	if t.kind == pythonDemo { // the stamp names the libraries with a version
		res.Env.Libraries = maps.Clone(t.libs)
		maps.DeleteFunc(res.Env.Libraries, func(_, v string) bool { return v == "" })
		if len(res.Env.Libraries) == 0 {
			res.Env.Libraries = nil
		}
	}
	o.Results = res
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
