package corpus_test

import (
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// needTool returns the path of an external tool, skipping the test when it
// is missing, or failing it when SITEGEN_REQUIRE_TOOLS=1.
func needTool(t *testing.T, name, pkg string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err == nil {
		return p
	}
	if os.Getenv("SITEGEN_REQUIRE_TOOLS") == "1" {
		t.Fatalf("%s not found and SITEGEN_REQUIRE_TOOLS=1: install Debian's %s package", name, pkg)
	}
	t.Skipf("%s not found: install Debian's %s package to run this test", name, pkg)
	return ""
}

// blocks returns the code of every fenced block of the chapters by
// language.
func blocks(chapters []chapterFile) map[string][]string {
	out := map[string][]string{}
	for _, ch := range chapters {
		for _, m := range fenceRE.FindAllStringSubmatch(ch.body, -1) {
			out[m[1]] = append(out[m[1]], m[2])
		}
	}
	return out
}

func TestCodeVaries(t *testing.T) {
	_, chapters := generate(t, testN, 5)
	seen := map[string]bool{}
	for lang, codes := range blocks(chapters) {
		for i, code := range codes {
			if seen[code] {
				t.Errorf("%s block %d repeats another block", lang, i)
			}
			seen[code] = true
			distinct := map[string]bool{}
			lines := strings.Split(code, "\n")
			for _, l := range lines {
				distinct[strings.TrimSpace(l)] = true
			}
			if len(distinct)*2 < len(lines) {
				t.Errorf("%s block %d: %d distinct lines of %d, want at least half:\n%s", lang, i, len(distinct), len(lines), code)
			}
		}
	}
	if len(seen) != 3*testN {
		t.Errorf("%d distinct blocks, want %d", len(seen), 3*testN)
	}
}

func TestCodeParses(t *testing.T) {
	_, chapters := generate(t, testN, 6)
	code := blocks(chapters)
	t.Run("go", func(t *testing.T) {
		for i, src := range code["go"] {
			if _, err := parser.ParseFile(token.NewFileSet(), "block.go", src, parser.AllErrors); err != nil {
				t.Errorf("go block %d: %v\n%s", i, err, src)
			}
		}
	})
	t.Run("bash", func(t *testing.T) {
		bash := needTool(t, "bash", "bash")
		for i, src := range code["bash"] {
			cmd := exec.Command(bash, "-n")
			cmd.Stdin = strings.NewReader(src)
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Errorf("bash block %d: %v: %s\n%s", i, err, out, src)
			}
		}
	})
	t.Run("python", func(t *testing.T) {
		// Without a Python parser at hand, check the shape Python insists
		// on: indentation in steps of four, deeper after each line that
		// ends with a colon and nowhere else.
		for i, src := range code["python"] {
			prev, opens := 0, false
			for n, l := range strings.Split(src, "\n") {
				if strings.TrimSpace(l) == "" {
					continue
				}
				ind := len(l) - len(strings.TrimLeft(l, " "))
				switch {
				case ind%4 != 0:
					t.Errorf("python block %d line %d: indented by %d", i, n+1, ind)
				case opens && ind != prev+4:
					t.Errorf("python block %d line %d: indented by %d after a colon at %d", i, n+1, ind, prev)
				case !opens && ind > prev:
					t.Errorf("python block %d line %d: indented by %d without a colon before", i, n+1, ind)
				}
				prev, opens = ind, strings.HasSuffix(l, ":")
			}
		}
	})
}
