package demo

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Run gives one outcome for each distinct demo in reqs, in the order first
// requested, running those the mode says must run, one at a time. Requests
// naming the same demo merge: the longest timeout wins and a non-zero exit
// is allowed only if every request allows it. Nothing else may run until
// Run returns. The error joins those of the failed demos; when ctx ends,
// the demos not yet handled fail with ctx's error.
func (r *Runner) Run(ctx context.Context, reqs []Request) ([]Outcome, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var targets []target
	var goNames []string
	for _, q := range reqs {
		if q.Timeout <= 0 {
			q.Timeout = r.timeout
		}
		if i := slices.IndexFunc(targets, func(t target) bool { return t.Demo == q.Demo }); i >= 0 {
			targets[i].Timeout = max(targets[i].Timeout, q.Timeout)
			targets[i].AllowError = targets[i].AllowError && q.AllowError
			continue
		}
		dir, k, err := r.dir(q.Demo)
		if err != nil {
			return nil, err
		}
		targets = append(targets, target{Request: q, dir: dir, kind: k})
		if k == goDemo {
			goNames = append(goNames, q.Demo)
		}
	}
	outs := make([]Outcome, len(targets))
	if len(targets) == 0 {
		return outs, nil
	}
	r.sweep()
	if r.cfg.Mode == ModeOff {
		fmt.Fprintf(r.cfg.Progress, "demos: -demos=off, %d not run\n", len(targets))
		for i, t := range targets {
			outs[i] = Outcome{Demo: t.Demo, Skipped: true}
		}
		return outs, nil
	}
	var env goEnv
	var fps map[string]string
	if len(goNames) > 0 {
		var err error
		if env, err = r.env(ctx); err != nil {
			return nil, err
		}
		if fps, err = r.fingerprints(ctx, goNames, env); err != nil {
			return nil, err
		}
	}
	var modules []string
	for i := range targets {
		t := &targets[i]
		if t.kind == goDemo {
			t.fp = fps[t.Demo]
			continue
		}
		var err error
		if t.sources, err = r.pySources(t.dir); err != nil {
			return nil, fmt.Errorf("fingerprinting demo %s: %w", t.Demo, err)
		}
		if t.req, t.reqErr = r.requirement(t.Demo); t.reqErr == nil {
			modules = append(modules, t.req.Modules...)
		}
	}
	// A frozen result serves whatever measured it; otherwise each Python
	// demo needs its interpreter, each asked once about every module.
	if r.cfg.Mode != ModeFrozen && len(goNames) < len(targets) {
		slices.Sort(modules)
		f := newFinder(r.systemPython, r.pyenvRoot, r.cfg.Root, slices.Compact(modules))
		for i := range targets {
			t := &targets[i]
			if t.kind != pythonDemo || t.reqErr != nil {
				continue
			}
			if t.py, t.missing = f.pick(ctx, t.req); t.py != nil {
				t.libs = t.py.libraries(t.req)
				t.fp = pyFingerprint(t.sources, t.py.Tag, t.libs)
			}
		}
	}
	var errs []error
	stale := 0
	for i, t := range targets {
		if err := ctx.Err(); err != nil {
			outs[i] = Outcome{Demo: t.Demo, Err: fmt.Errorf("demo %s: %w", t.Demo, err)}
		} else {
			outs[i] = r.one(ctx, t, env, func(format string, args ...any) {
				fmt.Fprintf(r.cfg.Progress, "demo %d/%d %s: %s\n", i+1, len(targets), t.Demo, fmt.Sprintf(format, args...))
			})
		}
		errs = append(errs, outs[i].Err) // Join drops the nils
		if outs[i].Stale {
			stale++
		}
	}
	if r.cfg.Mode == ModeFrozen && stale > 0 {
		return outs, fmt.Errorf("-demos=frozen: %d of %d demos need a run (build with -demos=auto and commit their frozen.json):\n%w",
			stale, len(targets), errors.Join(errs...))
	}
	return outs, errors.Join(errs...)
}

// target is one demo of a Run. A Python demo without py (missing says why,
// unless -demos=frozen, which does not look) has no fp, only sources.
type target struct {
	Request
	dir         string
	kind        kind
	fp, sources string
	req         requirement
	reqErr      error
	py          *interp
	libs        map[string]string
	missing     *missing
}

// one decides from the mode and the frozen result whether the demo runs.
func (r *Runner) one(ctx context.Context, t target, env goEnv, say func(string, ...any)) Outcome {
	if t.reqErr != nil {
		return Outcome{Demo: t.Demo, Err: fmt.Errorf("demo %s: %w", t.Demo, t.reqErr)}
	}
	o := Outcome{Demo: t.Demo, Fingerprint: t.fp, Sources: t.sources, NoPython: t.missing != nil}
	if t.missing != nil {
		o.Missing = t.missing.short
	}
	// A Python demo that cannot be measured here is judged by its sources.
	bySources := t.kind == pythonDemo && t.py == nil
	fr, ferr := readFrozen(t.dir)
	why := ""
	switch {
	case r.cfg.Mode == ModeForce:
		why = "-demos=force"
	case ferr != nil:
		why = fmt.Sprintf("frozen result unreadable (%v)", ferr)
	case fr == nil:
		why = "no frozen result"
	case bySources:
		if fr.Sources != t.sources {
			why = "sources changed since the frozen result"
		}
	case t.kind == goDemo && fr.Go != env.GOVERSION:
		why = fmt.Sprintf("Go version changed from %s to %s", fr.Go, env.GOVERSION)
	case t.kind == pythonDemo && fr.Python != t.py.Tag:
		why = fmt.Sprintf("Python changed from %s to %s", orNone(fr.Python), t.py.Tag)
	case t.kind == pythonDemo && !maps.Equal(fr.Libraries, t.libs):
		why = librariesChanged(fr.Libraries, t.libs)
	case fr.Fingerprint != t.fp:
		why = "sources changed"
	}
	if why == "" {
		switch {
		case t.missing != nil:
			say("%s; using the frozen result of the same sources, measured with Python %s", t.missing.long, fr.PythonVersion)
		case bySources:
			say("frozen result of the same sources, measured with Python %s, not run", fr.PythonVersion)
		default:
			say("frozen result current, not run")
		}
		f := fr.outcome(t.Demo)
		f.NoPython, f.Missing = o.NoPython, o.Missing
		f.Err = checkExit(&f, t.Request)
		return f
	}
	if t.py != nil {
		o.Python, o.PythonVersion, o.Libraries = t.py.Tag, t.py.Version, t.libs
	} else if t.kind == goDemo {
		o.Go = env.GOVERSION
	}
	switch {
	case r.cfg.Mode == ModeFrozen:
		say("%s, not run (-demos=frozen)", why)
		o.Err, o.Stale = fmt.Errorf("demo %s: %s", t.Demo, why), true
	case t.missing != nil && r.cfg.Mode == ModeForce:
		say("%s, cannot run (-demos=force)", t.missing.long)
		o.Err = fmt.Errorf("demo %s: %s, and -demos=force runs every demo", t.Demo, t.missing.long)
	case t.missing != nil:
		say("%s, and %s: cannot run", why, t.missing.long)
		o.Err = fmt.Errorf("demo %s: %s, and %s to run it", t.Demo, why, t.missing.long)
	default:
		say("%s, running", why)
		if o.Err = r.run(ctx, t, env, &o, say); o.Err != nil {
			say("failed")
			return o
		}
		if o.ExitCode != 0 {
			say("exit status %d after %.1f s, allowed", o.ExitCode, o.Duration.Seconds())
		} else {
			say("done in %.1f s", o.Duration.Seconds())
		}
		if err := writeFrozen(t.dir, &o); err != nil {
			o.Err = fmt.Errorf("demo %s: saving frozen result: %w", t.Demo, err)
		}
	}
	return o
}

// checkExit returns the error for a non-zero exit the request does not
// allow, with the last 20 lines of stderr.
func checkExit(o *Outcome, q Request) error {
	if o.ExitCode == 0 || q.AllowError {
		return nil
	}
	msg := fmt.Sprintf("demo %s: exit status %d", q.Demo, o.ExitCode)
	if strings.TrimSpace(o.Stderr) != "" {
		lines := strings.Split(strings.TrimRight(o.Stderr, "\n"), "\n")
		if len(lines) > 20 {
			lines = append([]string{"…"}, lines[len(lines)-20:]...)
		}
		msg += "; stderr:\n\t" + strings.Join(lines, "\n\t")
	}
	return errors.New(msg)
}
