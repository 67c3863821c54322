package demo

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/concurrency-primer/site/internal/results"
)

// interp is one Python interpreter and what it said of itself.
type interp struct {
	// Path is where the search found it; Exec is the program that
	// answered (sys.executable), which runs the demo, or empty when it
	// did not say.
	Path, Exec string
	// Tag names the interpreter as fingerprints do: implementation,
	// major.minor and "t" for a free-threaded build ("cpython-3.11",
	// "cpython-3.13t"; "cpython-3.13t-gil" when such a build runs with
	// the GIL enabled anyway). The patch level is left out, so that
	// 3.11.9 reuses results frozen with 3.11.7.
	Tag string
	// Version is the full version, "3.11.7"; Implementation is
	// sys.implementation.name, "cpython".
	Version, Implementation string
	// Modules maps each module asked about that it can import to the
	// version of the distribution that provides it ("" when it has no
	// metadata, as a module of the standard library).
	Modules map[string]string
	// Err is why it could not say what it is; the other fields are then
	// empty.
	Err error
}

// pyProbe prints what interp needs, on every Python since 3.3
// (sys.implementation); its arguments are the modules to look for.
// Finding a module does not import it; its version comes from
// importlib.metadata (3.8+) under the module's own name, else under the
// distributions that provide it (3.10+). Without modules to look for, it
// imports nothing more than it did before requirements existed.
const pyProbe = `import json, sys, sysconfig

def version(name):
    try:
        from importlib import metadata
    except ImportError:
        return ""
    top = name.split(".")[0]
    dists = [top]
    try:
        dists += metadata.packages_distributions().get(top, [])
    except Exception:
        pass
    for d in dists:
        try:
            return metadata.version(d)
        except Exception:
            pass
    return ""

modules = {}
if sys.argv[1:]:
    import importlib.util
for name in sys.argv[1:]:
    try:
        found = importlib.util.find_spec(name) is not None
    except Exception:
        found = False
    if found:
        modules[name] = version(name)
v = sys.version_info
print(json.dumps({
    "implementation": sys.implementation.name,
    "version": "%d.%d.%d" % tuple(v[:3]),
    "minor": "%d.%d" % tuple(v[:2]),
    "free_threaded": bool(sysconfig.get_config_var("Py_GIL_DISABLED")),
    "gil": bool(getattr(sys, "_is_gil_enabled", lambda: True)()),
    "modules": modules,
    "executable": sys.executable,
}))
`

// probe asks the interpreter at path what it is and which of modules it
// has, in one start, from dir.
func probe(ctx context.Context, path, dir string, modules []string) *interp {
	p := &interp{Path: path}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, path, append([]string{"-c", pyProbe}, modules...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "PYTHONDONTWRITEBYTECODE=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		p.Err = fmt.Errorf("asking %s its version: %w %s", path, err, strings.TrimSpace(stderr.String()))
		return p
	}
	var a struct {
		Implementation, Version, Minor string
		FreeThreaded                   bool `json:"free_threaded"`
		GIL                            bool
		Modules                        map[string]string
		Executable                     string
	}
	if err := json.Unmarshal(out, &a); err != nil || a.Minor == "" {
		p.Err = fmt.Errorf("asking %s its version: unexpected answer %q", path, out)
		return p
	}
	p.Tag = a.Implementation + "-" + a.Minor
	if a.FreeThreaded {
		p.Tag += "t"
		if a.GIL {
			p.Tag += "-gil"
		}
	}
	p.Version, p.Implementation, p.Modules = a.Version, a.Implementation, a.Modules
	// A version manager's shim (pyenv's python3) starts the interpreter
	// through a script that can take seconds on a busy machine, and might
	// choose another one later: run the one that answered.
	if filepath.IsAbs(a.Executable) {
		if st, err := os.Stat(a.Executable); err == nil && !st.IsDir() {
			p.Exec = a.Executable
		}
	}
	return p
}

// lacks returns what of req p does not have: whether it is too old, and
// the modules it cannot import.
func (p *interp) lacks(req requirement) (old bool, modules []string) {
	if p.Err != nil {
		return true, req.Modules
	}
	// Major and minor, zero where the version lacks one ("3" is 3.0).
	v := append(numbers(p.Version), 0, 0)[:2]
	old = slices.Compare(v, req.Min[:]) < 0
	for _, m := range req.Modules {
		if _, ok := p.Modules[m]; !ok {
			modules = append(modules, m)
		}
	}
	return old, modules
}

// numbers returns the leading dot-separated numbers of s: 3, 13, 0 of
// "3.13.0t"; none of "miniconda3".
func numbers(s string) []int {
	var out []int
	for _, part := range strings.Split(s, ".") {
		end := 0
		for end < len(part) && part[end] >= '0' && part[end] <= '9' {
			end++
		}
		if end == 0 {
			break
		}
		n, _ := strconv.Atoi(part[:end])
		out = append(out, n)
		if end < len(part) {
			break
		}
	}
	return out
}

// describe names p as a list of interpreters found does: "CPython 3.11.2
// at /usr/bin/python3".
func (p *interp) describe() string {
	if p.Err != nil {
		return p.Path + ", which could not say what it is"
	}
	return results.Env{Implementation: p.Implementation}.Interpreter() + " " + p.Version + " at " + p.Path
}

// libraries returns the versions of req's modules in p, for the
// fingerprint and the stamp; nil without modules.
func (p *interp) libraries(req requirement) map[string]string {
	if len(req.Modules) == 0 {
		return nil
	}
	libs := map[string]string{}
	for _, m := range req.Modules {
		libs[m] = p.Modules[m]
	}
	return libs
}

// finder looks for Python interpreters and remembers what each said, for
// one Run.
type finder struct {
	// system and pyenv are Debian's python3 and pyenv's root, for
	// messages; paths the interpreters to try, in order, each once.
	system, pyenv string
	paths         []string
	// dir is where probes run; modules what each asks about.
	dir     string
	modules []string
	probed  []*interp
}

// newFinder returns a finder that tries python3 on PATH, Debian's
// python3 at system, then pyenv's versions under pyenv, newest first.
func newFinder(system, pyenv, dir string, modules []string) *finder {
	f := &finder{system: system, pyenv: pyenv, dir: dir, modules: modules}
	add := func(p string) {
		if !slices.Contains(f.paths, p) {
			f.paths = append(f.paths, p)
		}
	}
	if p, err := exec.LookPath("python3"); err == nil {
		add(p)
	}
	if st, err := os.Stat(system); err == nil && !st.IsDir() {
		add(system)
	}
	if pyenv == "" {
		return f
	}
	versions, _ := filepath.Glob(filepath.Join(pyenv, "versions", "*", "bin", "python3"))
	// Newest first: 3.13.0 before 3.9.18; names that are no version
	// ("miniconda3-latest") last, in name order.
	slices.SortStableFunc(versions, func(a, b string) int {
		va, vb := numbers(filepath.Base(filepath.Dir(filepath.Dir(a)))), numbers(filepath.Base(filepath.Dir(filepath.Dir(b))))
		if (len(va) == 0) != (len(vb) == 0) {
			return cmp.Compare(len(vb), len(va))
		}
		if c := slices.Compare(vb, va); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	for _, v := range versions {
		add(v)
	}
	return f
}

// defaultPyenv returns pyenv's root: $PYENV_ROOT, else ~/.pyenv.
func defaultPyenv() string {
	if root := os.Getenv("PYENV_ROOT"); root != "" {
		return root
	}
	if home, err := os.UserHomeDir(); err == nil {
		return filepath.Join(home, ".pyenv")
	}
	return ""
}

// pick returns the first interpreter that has what req asks for, or nil
// and what is missing.
func (f *finder) pick(ctx context.Context, req requirement) (*interp, *missing) {
	for i := range f.paths {
		if i == len(f.probed) {
			f.probed = append(f.probed, probe(ctx, f.paths[i], f.dir, f.modules))
		}
		p := f.probed[i]
		if old, mods := p.lacks(req); !old && len(mods) == 0 {
			return p, nil
		}
	}
	return nil, f.missing(req)
}

// missing is why no interpreter can run a Python demo.
type missing struct {
	// short says it in a clause for a page: "no Python 3.13 or later was
	// found", "python3 is not on PATH".
	short string
	// long says it for an error: what is missing, which Debian package
	// provides each module, and what was found.
	long string
}

// missing says what none of the interpreters found has of req, once pick
// has probed them all.
func (f *finder) missing(req requirement) *missing {
	if len(f.probed) == 0 {
		return &missing{short: "python3 is not on PATH",
			long: fmt.Sprintf("python3 is not on PATH, and there is no %s or pyenv version under %s", f.system, filepath.Join(f.pyenv, "versions"))}
	}
	if len(f.probed) == 1 && f.probed[0].Err != nil {
		return &missing{short: filepath.Base(f.probed[0].Path) + " could not say what it is", long: f.probed[0].Err.Error()}
	}
	// A module that no interpreter new enough has (or none at all, when
	// none is new enough): name the package that brings it to Debian's
	// python3.
	var recent []*interp
	for _, p := range f.probed {
		if old, _ := p.lacks(req); !old {
			recent = append(recent, p)
		}
	}
	if len(recent) == 0 {
		recent = f.probed
	}
	var hints, found []string
	for _, m := range req.Modules {
		none := true
		for _, p := range recent {
			_, ok := p.Modules[m]
			none = none && !ok
		}
		if none {
			hints = append(hints, fmt.Sprintf("%s comes with Debian's package %s", m, aptPackage(m)))
		}
	}
	for _, p := range f.probed {
		d := p.describe()
		old, mods := p.lacks(req)
		switch {
		case p.Err != nil:
		case old:
			d += " (too old)"
		case len(mods) > 0:
			d += " (without " + strings.Join(mods, ", ") + ")"
		}
		found = append(found, d)
	}
	need := req.need()
	long := fmt.Sprintf("no %s was found", need)
	if req.Where != "" {
		long += " (" + req.Where + ")"
	}
	if len(hints) > 0 {
		long += ": " + strings.Join(hints, "; ")
	}
	long += "; found " + strings.Join(found, ", ")
	return &missing{short: "no " + need + " was found", long: long}
}

// FindPython returns the interpreter that runs the Python demo whose
// main.py is at mainPy, found as the runner finds it: the first of
// python3 on PATH, /usr/bin/python3 and pyenv's versions (under
// $PYENV_ROOT or ~/.pyenv, newest first) that has what the file's
// requires lines ask for. The error says what is missing and what was
// found. Tests that run a demo themselves use it.
func FindPython(ctx context.Context, mainPy string) (string, error) {
	req, err := readRequirement(mainPy, mainPy)
	if err != nil {
		return "", err
	}
	p, miss := newFinder(systemPython, defaultPyenv(), filepath.Dir(mainPy), req.Modules).pick(ctx, req)
	if p == nil {
		return "", fmt.Errorf("%s: %s", mainPy, miss.long)
	}
	return p.Path, nil
}

// systemPython is Debian's own python3, the one its python3-* packages
// serve.
const systemPython = "/usr/bin/python3"
