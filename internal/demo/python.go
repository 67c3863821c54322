package demo

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/concurrency-primer/site/internal/results"
)

// pyShared holds, under the demos folder, the code every Python demo may
// import; systemPython is Debian's python3, served by its python3-* packages.
const (
	pyShared     = "internal/py"
	systemPython = "/usr/bin/python3"
)

// pyMain returns the path of the Python demo's main.py from the module root.
func pyMain(name string) string { return "demos/" + name + "/" + pythonMain }

// pySources hashes the Python demo in dir and the shared .py files, which
// a build without python3 compares to a frozen result's.
func (r *Runner) pySources(dir string) (string, error) {
	own, err := walkFiles(dir)
	shared, err2 := r.pySharedFiles()
	if err := errors.Join(err, err2); err != nil {
		return "", err
	}
	h := sha256.New()
	fmt.Fprintf(h, "sitegen python demo sources 1\n")
	if err := errors.Join(r.hashFiles(h, dir, own), r.hashFiles(h, r.demos, shared)); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// pyFingerprint is the fingerprint of a Python demo: its sources hash,
// the interpreter's tag and the version of each module it requires.
func pyFingerprint(sources, tag string, libs map[string]string) string {
	s := "sitegen python demo fingerprint 1\nsources " + sources + "\npython " + tag + "\n"
	for _, m := range slices.Sorted(maps.Keys(libs)) {
		s += fmt.Sprintf("module %q %q\n", m, libs[m])
	}
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// librariesChanged says how the versions of a demo's modules changed,
// for progress: "gevent 22.10.2 changed to 23.9.1".
func librariesChanged(was, now map[string]string) string {
	var out []string
	for _, m := range slices.Sorted(maps.Keys(now)) {
		if v, ok := was[m]; !ok {
			out = append(out, m+" "+orNone(now[m])+" is new")
		} else if v != now[m] {
			out = append(out, fmt.Sprintf("%s %s changed to %s", m, orNone(v), orNone(now[m])))
		}
	}
	for _, m := range slices.Sorted(maps.Keys(was)) {
		if _, ok := now[m]; !ok {
			out = append(out, m+" is no longer required")
		}
	}
	return strings.Join(out, ", ")
}

// orNone returns s, or "none" when it is empty.
func orNone(s string) string { return cmp.Or(s, "none") }

// pySharedFiles lists the .py files under demos/internal/py relative to
// the demos folder; none, but not nil, when the folder does not exist.
func (r *Runner) pySharedFiles() ([]string, error) {
	files, err := walkFiles(filepath.Join(r.demos, filepath.FromSlash(pyShared)))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	py := []string{}
	for _, f := range files {
		if strings.HasSuffix(f, ".py") {
			py = append(py, pyShared+"/"+f)
		}
	}
	return py, nil
}

// requirement is what a Python demo's requires lines ask for: the oldest
// major.minor that will do, modules, and where ("demos/w-py/main.py:3").
type requirement struct {
	Min     [2]int
	Modules []string
	Where   string
}

var (
	minPythonRE = regexp.MustCompile(`^python>=(\d+)\.(\d+)$`)
	moduleRE    = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$`)
)

// requirement reads what the Python demo called name requires.
func (r *Runner) requirement(name string) (requirement, error) {
	return readRequirement(filepath.Join(r.demos, name, pythonMain), pyMain(name))
}

// readRequirement reads the requires lines among the first 40 of the
// main.py at path, which messages call name.
func readRequirement(path, name string) (requirement, error) {
	var req requirement
	b, err := os.ReadFile(path)
	if err != nil {
		return req, err
	}
	lines := strings.SplitN(string(b), "\n", 41)
	for n, line := range lines[:min(len(lines), 40)] {
		rest, comment := strings.CutPrefix(strings.TrimSpace(line), "#")
		rest, ok := strings.CutPrefix(strings.TrimSpace(rest), "requires:")
		if !comment || !ok {
			continue
		}
		where := fmt.Sprintf("%s:%d", name, n+1)
		req.Where = cmp.Or(req.Where, where)
		entries := strings.Fields(rest)
		if len(entries) == 0 {
			return req, fmt.Errorf("%s: empty requires line (want python>=X.Y and module names)", where)
		}
		for _, e := range entries {
			if strings.HasPrefix(e, "python") && strings.ContainsAny(e, "<>=!~") {
				m := minPythonRE.FindStringSubmatch(e)
				if m == nil {
					return req, fmt.Errorf("%s: %q: the only version requirement is python>=X.Y", where, e)
				}
				if req.Min != [2]int{} {
					return req, fmt.Errorf("%s: %q: a second python>= requirement", where, e)
				}
				fmt.Sscan(m[1]+" "+m[2], &req.Min[0], &req.Min[1])
			} else if !moduleRE.MatchString(e) {
				return req, fmt.Errorf("%s: %q is not a module name (want python>=X.Y and module names)", where, e)
			} else if !slices.Contains(req.Modules, e) {
				req.Modules = append(req.Modules, e)
			}
		}
	}
	return req, nil
}

// interp is one Python interpreter and what it said of itself, or Err.
// Exec is sys.executable, which runs the demo. Tag leaves out the patch
// level, so that 3.11.9 reuses results of 3.11.7: "cpython-3.13t-gil" is
// a free-threaded 3.13 running with the GIL.
type interp struct {
	Path, Exec, Tag         string
	Version, Implementation string // "3.11.7", "cpython"
	minor                   [2]int
	Modules                 map[string]string // those asked about it has, to a version or ""
	Err                     error
}

// pyProbe prints what interp needs on every Python since 3.3, looking up
// the modules named as arguments without importing them.
const pyProbe = `import importlib.util, json, sys, sysconfig

modules = {}
for name in sys.argv[1:]:
    top = name.split(".")[0]
    try:
        if importlib.util.find_spec(name) is not None:
            modules[name] = ""
            from importlib import metadata
            try:
                modules[name] = metadata.version(top)
            except metadata.PackageNotFoundError:
                modules[name] = metadata.version(metadata.packages_distributions()[top][0])
    except Exception:
        pass
v = sys.version_info
print(json.dumps({"implementation": sys.implementation.name,
    "version": "%d.%d.%d" % v[:3], "minor": "%d.%d" % v[:2],
    "free_threaded": bool(sysconfig.get_config_var("Py_GIL_DISABLED")),
    "gil": bool(getattr(sys, "_is_gil_enabled", lambda: True)()),
    "modules": modules, "executable": sys.executable}))
`

// probe asks the interpreter at path, from dir, what it is and which of
// modules it has.
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
	a := struct {
		*interp           // implementation, version, modules
		Minor, Executable string
		FreeThreaded      bool `json:"free_threaded"`
		GIL               bool
	}{interp: p}
	if err := json.Unmarshal(out, &a); err != nil || a.Minor == "" {
		p.Err = fmt.Errorf("asking %s its version: unexpected answer %q", path, out)
		return p
	}
	fmt.Sscanf(a.Minor, "%d.%d", &p.minor[0], &p.minor[1])
	p.Tag = p.Implementation + "-" + a.Minor
	if a.FreeThreaded {
		p.Tag += "t"
		if a.GIL {
			p.Tag += "-gil"
		}
	}
	// A version manager's shim can take seconds to start, and change its mind.
	if filepath.IsAbs(a.Executable) {
		p.Exec = a.Executable
	}
	return p
}

// lacks reports whether p is too old for req, and the modules it lacks.
func (p *interp) lacks(req requirement) (old bool, modules []string) {
	modules = slices.DeleteFunc(slices.Clone(req.Modules), func(m string) bool {
		_, ok := p.Modules[m]
		return ok
	})
	return p.Err != nil || slices.Compare(p.minor[:], req.Min[:]) < 0, modules
}

// libraries returns the versions of req's modules in p.
func (p *interp) libraries(req requirement) map[string]string {
	libs := map[string]string{}
	for _, m := range req.Modules {
		libs[m] = p.Modules[m]
	}
	return libs
}

// finder tries the interpreters at paths in order for one Run, probing
// each at most once from dir about modules.
type finder struct {
	system, pyenv, dir string
	paths, modules     []string
	probed             []*interp
}

// newFinder returns a finder that tries python3 on PATH, Debian's
// python3 at system, then pyenv's versions under pyenv, newest first.
func newFinder(system, pyenv, dir string, modules []string) *finder {
	f := &finder{system: system, pyenv: pyenv, dir: dir, modules: modules}
	first := []string{system}
	if p, err := exec.LookPath("python3"); err == nil {
		first = []string{p, system}
	}
	versions, _ := filepath.Glob(filepath.Join(pyenv, "versions", "*", "bin", "python3"))
	// Newest first: 3.13.0, 3.13, 3.9.18, then names that are no version.
	key := func(p string) (v [3]int, n int) {
		n, _ = fmt.Sscanf(filepath.Base(filepath.Dir(filepath.Dir(p))), "%d.%d.%d", &v[0], &v[1], &v[2])
		return v, n
	}
	slices.SortStableFunc(versions, func(a, b string) int {
		va, na := key(a)
		vb, nb := key(b)
		return cmp.Or(slices.Compare(vb[:], va[:]), cmp.Compare(nb, na), strings.Compare(a, b))
	})
	for _, p := range append(first, versions...) {
		if st, err := os.Stat(p); err == nil && !st.IsDir() && !slices.Contains(f.paths, p) {
			f.paths = append(f.paths, p)
		}
	}
	return f
}

// defaultPyenv returns pyenv's root: $PYENV_ROOT, else ~/.pyenv.
func defaultPyenv() string {
	home, _ := os.UserHomeDir()
	return cmp.Or(os.Getenv("PYENV_ROOT"), filepath.Join(home, ".pyenv"))
}

// pick returns the first interpreter that has what req asks for, or why
// there is none.
func (f *finder) pick(ctx context.Context, req requirement) (*interp, *missing) {
	for i := range f.paths {
		if i == len(f.probed) {
			f.probed = append(f.probed, probe(ctx, f.paths[i], f.dir, f.modules))
		}
		if old, mods := f.probed[i].lacks(req); !old && len(mods) == 0 {
			return f.probed[i], nil
		}
	}
	return nil, f.missing(req)
}

// missing is why no interpreter can run a Python demo: short as a clause
// for a page ("python3 is not on PATH"), long with what was found.
type missing struct{ short, long string }

// missing says what none of the interpreters, all probed, has of req.
func (f *finder) missing(req requirement) *missing {
	if len(f.probed) == 0 {
		return &missing{"python3 is not on PATH",
			fmt.Sprintf("python3 is not on PATH, and there is no %s or pyenv version under %s", f.system, filepath.Join(f.pyenv, "versions"))}
	}
	if len(f.probed) == 1 && f.probed[0].Err != nil {
		return &missing{filepath.Base(f.probed[0].Path) + " could not say what it is", f.probed[0].Err.Error()}
	}
	short := "no Python"
	if req.Min != [2]int{} {
		short += fmt.Sprintf(" %d.%d or later", req.Min[0], req.Min[1])
	}
	if len(req.Modules) > 0 {
		short += " with " + strings.Join(req.Modules, " and ")
	}
	short += " was found"
	long := short
	if req.Where != "" {
		long += " (" + req.Where + ")"
	}
	var found, hints []string
	var recent []*interp
	for _, p := range f.probed {
		if p.Err != nil {
			found = append(found, p.Path+", which could not say what it is")
			continue
		}
		d := fmt.Sprintf("%s %s at %s", results.Env{Implementation: p.Implementation}.Interpreter(), p.Version, p.Path)
		if old, mods := p.lacks(req); old {
			d += " (too old)"
		} else if recent = append(recent, p); len(mods) > 0 {
			d += " (without " + strings.Join(mods, ", ") + ")"
		}
		found = append(found, d)
	}
	// Hint at the Debian package of each module no interpreter new enough
	// has (or none at all, when none is new enough).
	if len(recent) == 0 {
		recent = f.probed
	}
	for _, m := range req.Modules {
		if !slices.ContainsFunc(recent, func(p *interp) bool { _, ok := p.Modules[m]; return ok }) {
			top, _, _ := strings.Cut(m, ".")
			hints = append(hints, fmt.Sprintf("%s comes with Debian's package python3-%s", m, strings.ToLower(strings.ReplaceAll(top, "_", "-"))))
		}
	}
	if len(hints) > 0 {
		long += ": " + strings.Join(hints, "; ")
	}
	return &missing{short, long + "; found " + strings.Join(found, ", ")}
}

// FindPython returns the interpreter the runner would pick for the Python
// demo whose main.py is at mainPy, for tests that run a demo themselves.
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
