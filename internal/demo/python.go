package demo

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// pyShared is the folder, under the demos folder, of the code every Python
// demo may import; all its .py files enter every Python demo's fingerprint.
const pyShared = "internal/py"

// pyEnv is what a Run learns of the Python interpreter, once.
type pyEnv struct {
	// Missing reports that the python command was not found; the other
	// fields are then empty.
	Missing bool
	// Tag names the interpreter as fingerprints do: implementation,
	// major.minor and "t" for a free-threaded build ("cpython-3.11",
	// "cpython-3.13t"; "cpython-3.13t-gil" when such a build runs with
	// the GIL enabled anyway). The patch level is left out, so that
	// 3.11.9 reuses results frozen with 3.11.7.
	Tag string
	// Version is the full version, "3.11.7".
	Version string
}

// pyProbe prints what pyEnv needs, on every Python since 3.3
// (sys.implementation).
const pyProbe = `import json, sys, sysconfig
v = sys.version_info
print(json.dumps({
    "implementation": sys.implementation.name,
    "version": "%d.%d.%d" % tuple(v[:3]),
    "minor": "%d.%d" % tuple(v[:2]),
    "free_threaded": bool(sysconfig.get_config_var("Py_GIL_DISABLED")),
    "gil": bool(getattr(sys, "_is_gil_enabled", lambda: True)()),
}))
`

// python asks the python command what it is, once per Run. A command that
// is not found is no error: the demos that need it say so.
func (r *Runner) python(ctx context.Context) (pyEnv, error) {
	if _, err := exec.LookPath(r.cfg.Python); err != nil {
		return pyEnv{Missing: true}, nil
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, r.cfg.Python, "-c", pyProbe)
	cmd.Dir = r.cfg.Root
	cmd.Env = append(os.Environ(), "PYTHONDONTWRITEBYTECODE=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		return pyEnv{}, fmt.Errorf("asking %s its version: %w %s", r.cfg.Python, err, msg)
	}
	var p struct {
		Implementation, Version, Minor string
		FreeThreaded                   bool `json:"free_threaded"`
		GIL                            bool
	}
	if err := json.Unmarshal(out, &p); err != nil || p.Minor == "" {
		return pyEnv{}, fmt.Errorf("asking %s its version: unexpected answer %q", r.cfg.Python, out)
	}
	tag := p.Implementation + "-" + p.Minor
	if p.FreeThreaded {
		tag += "t"
		if p.GIL {
			tag += "-gil"
		}
	}
	return pyEnv{Tag: tag, Version: p.Version}, nil
}

// missingPython says that the python command was not found, for errors.
func (r *Runner) missingPython() string {
	if r.cfg.Python == "python3" {
		return "python3 is not on PATH"
	}
	return fmt.Sprintf("the python command %s was not found", r.cfg.Python)
}

// pyMain returns the path of the Python demo's main.py from the module
// root, slash-separated: "demos/cpu-py/main.py".
func (r *Runner) pyMain(name string) string {
	p := filepath.Join(r.cfg.Demos, name, pythonMain)
	if rel, err := filepath.Rel(r.cfg.Root, p); err == nil {
		p = rel
	}
	return filepath.ToSlash(p)
}

// pySources hashes the sources of the Python demo in dir: every file of its
// folder (frozen.json, hidden files and byte-code caches aside) and every
// .py file under demos/internal/py. The interpreter is no part of it, so
// that a build without python3 can still tell whether a frozen result was
// measured from these sources.
func (r *Runner) pySources(dir string) (string, error) {
	h := sha256.New()
	fmt.Fprintf(h, "sitegen python demo sources 1\n")
	own, err := walkFiles(dir)
	if err != nil {
		return "", err
	}
	for _, f := range own {
		if err := r.hashFile(h, filepath.Join(dir, filepath.FromSlash(f))); err != nil {
			return "", err
		}
	}
	shared, err := r.pySharedFiles()
	if err != nil {
		return "", err
	}
	for _, f := range shared {
		if err := r.hashFile(h, filepath.Join(r.cfg.Demos, filepath.FromSlash(f))); err != nil {
			return "", err
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// pyFingerprint is the fingerprint of a Python demo: its sources hash and
// the interpreter's tag.
func pyFingerprint(sources, tag string) string {
	sum := sha256.Sum256([]byte("sitegen python demo fingerprint 1\nsources " + sources + "\npython " + tag + "\n"))
	return hex.EncodeToString(sum[:])
}

// pySharedFiles lists the .py files under demos/internal/py as sorted
// slash paths relative to the demos folder ("internal/py/measure.py");
// none when the folder does not exist.
func (r *Runner) pySharedFiles() ([]string, error) {
	dir := filepath.Join(r.cfg.Demos, filepath.FromSlash(pyShared))
	files, err := walkFiles(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var py []string
	for _, f := range files {
		if strings.HasSuffix(f, ".py") {
			py = append(py, pyShared+"/"+f)
		}
	}
	return py, nil
}

// frozenPython is a Python demo's outcome when it does not run: in
// -demos=frozen (noPython empty), or when python cannot run it (noPython
// says why). A frozen result of the same sources serves, whatever
// interpreter measured it, except in -demos=force; when python could not
// run it, the outcome says so (NoPython), so that the page can too.
func (r *Runner) frozenPython(t target, noPython string, say func(string, ...any)) (o Outcome, stale bool) {
	fr, ferr := readFrozen(t.dir)
	if r.cfg.Mode != ModeForce && ferr == nil && fr != nil && fr.Sources == t.sources {
		if noPython != "" {
			say("%s; using the frozen result of the same sources, measured with Python %s", noPython, fr.PythonVersion)
		} else {
			say("frozen result of the same sources, measured with Python %s, not run", fr.PythonVersion)
		}
		o = fr.outcome(t.Demo)
		o.NoPython = noPython != ""
		o.Err = checkExit(&o, t.Request)
		return o, false
	}
	o = Outcome{Demo: t.Demo, Sources: t.sources, NoPython: noPython != ""}
	why := ""
	switch {
	case r.cfg.Mode == ModeForce:
		say("%s, cannot run (-demos=force)", noPython)
		o.Err = fmt.Errorf("demo %s: %s, and -demos=force runs every demo", t.Demo, noPython)
		return o, false
	case ferr != nil:
		why = fmt.Sprintf("frozen result unreadable (%v)", ferr)
	case fr == nil:
		why = "no frozen result"
	default:
		why = "sources changed since the frozen result"
	}
	if r.cfg.Mode == ModeFrozen {
		say("%s, not run (-demos=frozen)", why)
		o.Err = fmt.Errorf("demo %s: %s", t.Demo, why)
		if noPython != "" {
			o.Err = fmt.Errorf("demo %s: %s (and %s)", t.Demo, why, noPython)
		}
		return o, true
	}
	say("%s, and %s: cannot run", why, noPython)
	o.Err = fmt.Errorf("demo %s: %s, and %s to run it", t.Demo, why, noPython)
	return o, false
}

// orNone returns s, or "none" when it is empty.
func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
