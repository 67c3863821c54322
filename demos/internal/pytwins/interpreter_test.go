//go:build unix

package pytwins

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// requiresLine is a twin's declaration of what it needs, among the first
// 40 lines of its main.py: "# requires: gevent trio python>=3.11".
var requiresLine = regexp.MustCompile(`^#\s*requires:(.*)$`)

// requires returns what twin's main.py declares it needs: importable
// modules, and "python>=X.Y" entries.
func requires(t *testing.T, twin string) []string {
	t.Helper()
	f, err := os.Open(filepath.Join(root(t), "demos", twin, "main.py"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var needs []string
	s := bufio.NewScanner(f)
	for n := 0; n < 40 && s.Scan(); n++ {
		if m := requiresLine.FindStringSubmatch(s.Text()); m != nil {
			needs = append(needs, strings.Fields(m[1])...)
		}
	}
	return needs
}

// python returns the first of python3 on PATH and /usr/bin/python3 that
// has what twin requires, skipping the test when none has, saying which
// Debian packages are missing, unless SITEGEN_REQUIRE_TOOLS=1 asks for a
// failure instead. (Until the demo runner picks interpreters itself.)
func python(t *testing.T, twin string) string {
	t.Helper()
	needs := requires(t, twin)
	var candidates []string
	if p, err := exec.LookPath("python3"); err == nil {
		candidates = append(candidates, p)
	}
	if _, err := os.Stat("/usr/bin/python3"); err == nil && (len(candidates) == 0 || candidates[0] != "/usr/bin/python3") {
		candidates = append(candidates, "/usr/bin/python3")
	}
	for _, p := range candidates {
		if exec.Command(p, "-c", probe(needs)).Run() == nil {
			return p
		}
	}
	why := "python3 is not on PATH"
	if len(candidates) > 0 {
		var pkgs []string
		for _, n := range needs {
			if !strings.HasPrefix(n, "python") {
				pkgs = append(pkgs, "python3-"+n)
			}
		}
		why = fmt.Sprintf("none of %s has what %s requires (%s; Debian: apt-get install %s)",
			strings.Join(candidates, ", "), twin, strings.Join(needs, " "), strings.Join(pkgs, " "))
	}
	if os.Getenv("SITEGEN_REQUIRE_TOOLS") == "1" {
		t.Fatalf("%s, and SITEGEN_REQUIRE_TOOLS=1", why)
	}
	t.Skipf("%s (set SITEGEN_REQUIRE_TOOLS=1 to fail instead)", why)
	return ""
}

// probe returns Python code that exits 0 only when the interpreter has
// every module of needs and is at least every python>=X.Y version.
func probe(needs []string) string {
	lines := []string{"import sys"}
	for _, n := range needs {
		if v, ok := strings.CutPrefix(n, "python>="); ok {
			lines = append(lines, fmt.Sprintf("assert sys.version_info[:2] >= tuple(map(int, %q.split('.')))", v))
		} else {
			lines = append(lines, "import "+n)
		}
	}
	return strings.Join(lines, "\n")
}

// TestRequires checks what the twins declare they need: the libraries a
// page's stamp will name, and nothing for the standard-library twins.
func TestRequires(t *testing.T) {
	for _, tc := range []struct {
		twin string
		want string
	}{
		{"cpu-py", ""},
		{"waits-py", "gevent eventlet trio uvloop"},
		{"green-py", "gevent"},
	} {
		if got := strings.Join(requires(t, tc.twin), " "); got != tc.want {
			t.Errorf("%s requires %q, want %q", tc.twin, got, tc.want)
		}
	}
}
