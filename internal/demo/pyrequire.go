package demo

import (
	"bufio"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// requireLines is how far into main.py the runner looks for requirements.
const requireLines = 40

// requirement is what a Python demo declares it needs, in one or more
// lines among the first requireLines of its main.py:
//
//	# requires: python>=3.13 gevent uvloop
//
// At most one python>=X.Y, then module names.
type requirement struct {
	// Min is the oldest major.minor version that will do; zero for any.
	Min [2]int
	// Modules are the modules the demo imports beyond the standard
	// library, in the order declared.
	Modules []string
	// Where is the file and line of the first requires line
	// ("demos/waits-py/main.py:3"), for messages; empty without one.
	Where string
}

var (
	minPythonRE = regexp.MustCompile(`^python>=(\d+)\.(\d+)$`)
	moduleRE    = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$`)
)

// readRequirement reads the requires lines of the main.py at path; name is
// the path messages give it ("demos/waits-py/main.py").
func readRequirement(path, name string) (requirement, error) {
	var req requirement
	f, err := os.Open(path)
	if err != nil {
		return req, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for n := 1; n <= requireLines && sc.Scan(); n++ {
		rest, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "#")
		if !ok {
			continue
		}
		if rest, ok = strings.CutPrefix(strings.TrimSpace(rest), "requires:"); !ok {
			continue
		}
		where := fmt.Sprintf("%s:%d", name, n)
		if req.Where == "" {
			req.Where = where
		}
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
				req.Min[0], _ = strconv.Atoi(m[1])
				req.Min[1], _ = strconv.Atoi(m[2])
				continue
			}
			if !moduleRE.MatchString(e) {
				return req, fmt.Errorf("%s: %q is not a module name (want python>=X.Y and module names)", where, e)
			}
			if !slices.Contains(req.Modules, e) {
				req.Modules = append(req.Modules, e)
			}
		}
	}
	if err := sc.Err(); err != nil {
		return req, fmt.Errorf("%s: %w", name, err)
	}
	return req, nil
}

// need says what req asks for in words: "Python", "Python 3.13 or later
// with gevent and uvloop".
func (req requirement) need() string {
	s := "Python"
	if req.Min != [2]int{} {
		s += fmt.Sprintf(" %d.%d or later", req.Min[0], req.Min[1])
	}
	if len(req.Modules) > 0 {
		s += " with " + strings.Join(req.Modules, " and ")
	}
	return s
}

// aptNames are the modules whose Debian package is not python3-MODULE.
var aptNames = map[string]string{
	"dns":    "python3-dnspython",
	"Crypto": "python3-pycryptodome",
}

// aptPackage names the Debian package that provides module for Debian's
// python3: python3-gevent for gevent, unless aptNames says otherwise.
func aptPackage(module string) string {
	top, _, _ := strings.Cut(module, ".")
	if p, ok := aptNames[top]; ok {
		return p
	}
	return "python3-" + strings.ToLower(strings.ReplaceAll(top, "_", "-"))
}
