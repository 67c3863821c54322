package demo

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path/filepath"
	"slices"
	"strings"
)

// pyShared is the folder, under the demos folder, of the code every Python
// demo may import; all its .py files enter every Python demo's fingerprint.
const pyShared = "internal/py"

// pyMain returns the path of the Python demo's main.py from the module
// root: "demos/cpu-py/main.py".
func pyMain(name string) string { return "demos/" + name + "/" + pythonMain }

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
	if err := r.hashFiles(h, dir, own); err != nil {
		return "", err
	}
	shared, err := r.pySharedFiles()
	if err != nil {
		return "", err
	}
	if err := r.hashFiles(h, r.demos, shared); err != nil {
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

// requirement reads what the Python demo called name requires.
func (r *Runner) requirement(name string) (requirement, error) {
	return readRequirement(filepath.Join(r.demos, name, pythonMain), pyMain(name))
}

// pySharedFiles lists the .py files under demos/internal/py as sorted
// slash paths relative to the demos folder ("internal/py/measure.py");
// none, but not nil, when the folder does not exist.
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

// orNone returns s, or "none" when it is empty.
func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
