// Package demo finds the demo programs under demos/, decides whether each
// needs to run, builds and runs them one at a time, and keeps their frozen
// results.
//
// A demo is a folder demos/NAME holding a package main; a reader runs it
// with `go run ./demos/NAME`. A folder with a main.py and no Go file is a
// Python demo, run with `python3 demos/NAME/main.py` (see Python demos
// below). The shared measuring code lives under demos/internal and is
// never a demo itself.
//
// # Running
//
// [Runner.Run] takes the demos one build needs and returns one [Outcome]
// each. For every demo it computes a fingerprint of everything the demo's
// build depends on: the files of its folder (except frozen.json), the files
// of every package of the module it imports, directly or not (demos/internal
// and internal/results included), go.mod, go.sum and the Go version. Prose,
// other demos, test files, hidden files and a shared package's notes never
// enter it, so editing a chapter never reruns a demo. Building on another
// system gives the same fingerprint; another Go version does not.
//
// A demo that runs is built once with `go build -o` into the cache folder,
// .sitegen-cache/demos in the module root (binaries are named by a hash of
// the fingerprint and the build environment, so an unchanged demo is not
// rebuilt either) and run from the module root with the environment
// variable DEMO_RESULTS naming a fresh file, where it writes its results
// (package results). Every process of a run dies with it. On Linux the demo
// runs under a supervisor, this same executable started again (its init
// function takes over when the environment says so, before main), which is
// a child subreaper: a child that calls setsid or is left behind by a demo
// that exited is still its descendant. On timeout or when ctx ends every
// process of the run gets SIGTERM, then SIGKILL after a short grace; when
// the demo exits, the rest are killed; when sitegen dies, even by SIGKILL,
// the supervisor is told by the kernel (PR_SET_PDEATHSIG) and kills them
// all. Elsewhere the demo runs in its own process group, which is signalled
// the same way. Every process of a run carries the run's temporary folder
// in its environment (SITEGEN_DEMO_RUN), and the folder holds a file locked
// while its sitegen lives: Run first kills the processes and removes the
// folders of runs whose sitegen died, and the binaries a killed go build
// left half written in the cache, and says so. Output is kept up to a
// mebibyte per stream, with a visible "output truncated" note; the rest is
// read and dropped, so memory stays bounded whatever a demo prints. Invalid
// UTF-8 is shown escaped (\xff). Output is plain text: whoever puts it in a
// page must escape it.
//
// Demos run one at a time: a Runner holds a lock for the whole of Run, and
// the caller must not render pages or do other heavy work meanwhile, since
// the timings are the product and two programs on two cores corrupt them.
// Use one Runner per site. Every sitegen on the machine (a serve left open
// and a build, say) takes its turn to build or run a demo by locking the
// file sitegen-demos.lock in os.TempDir(), where the system has file locks.
// A demo may run for 120 s unless its request says otherwise. Progress goes to Config.Progress, a line per
// step ("demo 2/6 cpu: sources changed, running", "demo 2/6 cpu: running…
// 5.0 s", "demo 2/6 cpu: done in 7.4 s").
//
// # Frozen results
//
// After a successful run (or a non-zero exit the request allows) the
// outcome is written atomically to demos/NAME/frozen.json, which is
// committed:
//
//	{"fingerprint", "go", "stdout", "stderr", "exit_code",
//	 "truncated_stdout", "truncated_stderr", "duration_s", "results"}
//
// (a Python demo's has "python", "python_version", "sources" and
// "libraries" instead of "go").
//
// A failed demo (compile error, disallowed exit, timeout, invalid results)
// never overwrites it. The [Mode] decides what Run does with it: ModeAuto
// runs a demo only when its frozen result is missing or its fingerprint
// changed, ModeForce runs every demo, ModeFrozen never runs one and fails
// naming each missing or stale result, and ModeOff runs nothing.
//
// # Python demos
//
// A Python demo may say what it needs in lines among the first 40 of its
// main.py:
//
//	# requires: python>=3.13 gevent uvloop
//
// entries separated by spaces: at most one python>=X.Y (the oldest
// version that will do; without one, any python3), then module names
// (Debian's package python3-M provides module M, unless a small table
// says otherwise). A malformed line fails the demo, naming the file and
// line. For each Python demo the runner takes the first interpreter that
// has what it requires, among python3 on PATH, /usr/bin/python3 (Debian's,
// which its python3-* packages serve) and pyenv's versions
// ($PYENV_ROOT/versions/*/bin/python3, or under ~/.pyenv; newest first).
// Each interpreter is asked once per Run, in one start, for its version
// and the version of every module any of the demos requires
// (importlib.metadata).
//
// It runs as `python3 demos/NAME/main.py` from the module root, with that
// interpreter, PYTHONDONTWRITEBYTECODE=1 and PYTHONUNBUFFERED=1 beside
// DEMO_RESULTS, under the same timeout, process group, output caps,
// progress and frozen results as a Go demo; nothing is built. The runner
// adds the versions of the required modules to the stamp of its results
// (results.Env.Libraries). Its fingerprint hashes every file of its folder
// (frozen.json, hidden files and __pycache__ aside), every .py file under
// demos/internal/py, the interpreter's tag (implementation, major.minor
// and "t" for a free-threaded build: "cpython-3.11", "cpython-3.13t") and
// the version of each module it requires. The patch level is left out,
// so 3.11.9 reuses results measured with 3.11.7; ModeAuto measures again
// with another version of Python or of a library.
//
// frozen.json also records the hash of the sources alone. ModeFrozen never
// asks any Python anything: a frozen result of the same sources serves,
// whatever Python measured it (its stamp says which), so a deploy needs no
// Python. Where no interpreter has what a demo requires, ModeAuto does the
// same and the outcome says why (Outcome.NoPython and Missing); Go demos
// are unaffected. ModeForce, or ModeAuto without such a result, fails
// naming the demo, what is missing, the Debian package of each missing
// module and the interpreters found.
//
// # Source regions
//
// A demo's source may mark named regions for the page to show, with
// comments in the file's language:
//
//	// region workload        # region workload
//	...                       ...
//	// endregion              # endregion
//
// [Region] extracts one and [Runner.Source] reads a demo file and does
// the same. A page may also show the code of the shared packages under
// demos/ that a demo imports, such as the GIL in demos/internal/gil,
// which its fingerprint covers: [Runner.Shared] lists those files and
// [Runner.SharedSource] reads one.
package demo

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/concurrency-primer/site/internal/results"
)

// Config says where the demos are and how to run them. Zero fields take
// the defaults documented on each.
type Config struct {
	// Root is the module root, the folder holding go.mod; go commands and
	// the demos run there. Required.
	Root string
	// Mode decides which demos run; the zero value is ModeAuto.
	Mode Mode
	// Grace is how long a demo has to exit after SIGTERM before it and
	// every process it started are killed; default 2 s.
	Grace time.Duration
	// Progress receives a line per step a person can follow; nil means
	// os.Stderr. Use io.Discard for silence.
	Progress io.Writer
}

// Request is one demo a build needs and how to run it.
type Request struct {
	Demo string
	// Timeout overrides the default of 120 s when positive.
	Timeout time.Duration
	// AllowError accepts a non-zero exit instead of failing.
	AllowError bool
}

// Outcome is what one demo printed and measured, run now or read from its
// frozen result. Its tagged fields are what frozen.json holds.
type Outcome struct {
	Demo string `json:"-"`
	// Fingerprint identifies what was measured; Go is the Go version of a
	// Go demo.
	Fingerprint string `json:"fingerprint"`
	Go          string `json:"go,omitempty"`
	// Python is the interpreter's tag for a Python demo ("cpython-3.11"),
	// PythonVersion its full version ("3.11.7") and Sources the hash of
	// the demo's sources alone.
	Python        string `json:"python,omitempty"`
	PythonVersion string `json:"python_version,omitempty"`
	Sources       string `json:"sources,omitempty"`
	// Libraries are the versions of the modules a Python demo requires
	// ("gevent": "22.10.2"; "" for a module without a version).
	Libraries map[string]string `json:"libraries,omitempty"`
	// Stdout and Stderr are the output as printed, cut at the cap with an
	// "output truncated" note, invalid UTF-8 escaped. Plain text.
	Stdout string `json:"stdout"`
	Stderr string `json:"stderr"`
	// ExitCode is the demo's exit status, -1 when it was killed.
	ExitCode        int  `json:"exit_code"`
	TruncatedStdout bool `json:"truncated_stdout"`
	TruncatedStderr bool `json:"truncated_stderr"`
	// Duration is the wall time of the run (of the frozen run when not Ran).
	Duration time.Duration `json:"-"`
	// Results is what the demo wrote to DEMO_RESULTS, validated; nil when
	// it wrote nothing.
	Results *results.Results `json:"-"`
	// Ran reports whether the demo ran in this call; false means the
	// outcome came from frozen.json. Skipped reports that ModeOff left the
	// demo alone: only Demo is set. Stale reports, in ModeFrozen, that the
	// demo has no current frozen result: it needs a run (Err says so too).
	Ran, Skipped, Stale bool `json:"-"`
	// NoPython reports that no interpreter here could run the Python
	// demo, so that this outcome is its frozen result, measured elsewhere
	// from the same sources; Missing then says why, as a clause a page
	// can quote: "python3 is not on PATH".
	NoPython bool   `json:"-"`
	Missing  string `json:"-"`
	// Err is why this demo failed; it names the demo.
	Err error `json:"-"`
}

// Runner runs demos, one at a time.
type Runner struct {
	cfg Config
	// demos is the folder of demos, Root/demos; cache holds the built
	// binaries, Root/.sitegen-cache/demos, which the repository ignores
	// and which can be deleted at any time.
	demos, cache string
	// goTool is the go command: "go" from PATH.
	goTool string
	// timeout is how long a demo may run unless its request says
	// otherwise; lock is the machine's demo lock.
	timeout time.Duration
	lock    string
	// systemPython and pyenvRoot are where the search for Python looks
	// after PATH: /usr/bin/python3 and $PYENV_ROOT or ~/.pyenv.
	systemPython, pyenvRoot string
	mu                      sync.Mutex // held for the whole of Run: one demo at a time
}

// New checks cfg, fills in its defaults and returns a Runner.
func New(cfg Config) (*Runner, error) {
	if cfg.Root == "" {
		return nil, errors.New("demo runner: no module root")
	}
	root, err := filepath.Abs(cfg.Root)
	if err != nil {
		return nil, fmt.Errorf("demo runner: %w", err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		return nil, fmt.Errorf("demo runner: module root %s: %w", root, err)
	}
	cfg.Root = realPath(root)
	if cfg.Grace <= 0 {
		cfg.Grace = 2 * time.Second
	}
	if cfg.Progress == nil {
		cfg.Progress = os.Stderr
	}
	return &Runner{cfg: cfg, demos: realPath(filepath.Join(cfg.Root, "demos")),
		cache: filepath.Join(cfg.Root, ".sitegen-cache", "demos"), goTool: "go",
		timeout: 120 * time.Second, lock: filepath.Join(os.TempDir(), "sitegen-demos.lock"),
		systemPython: systemPython, pyenvRoot: defaultPyenv()}, nil
}

// Mode decides which demos Run runs; it is the -demos flag.
type Mode int

// The modes, named as the -demos flag spells them.
const (
	// ModeAuto runs a demo only when its frozen result is missing or stale.
	ModeAuto Mode = iota
	// ModeForce runs every demo.
	ModeForce
	// ModeFrozen never runs a demo and fails naming each missing or stale
	// frozen result; for deploys.
	ModeFrozen
	// ModeOff runs nothing and marks every outcome skipped.
	ModeOff
)

var modeNames = [...]string{"auto", "force", "frozen", "off"}

// ParseMode returns the mode named s: auto, force, frozen or off.
func ParseMode(s string) (Mode, error) {
	for i, n := range modeNames {
		if s == n {
			return Mode(i), nil
		}
	}
	return ModeAuto, fmt.Errorf("unknown demo mode %q (want auto, force, frozen or off)", s)
}

// String returns the mode's flag spelling.
func (m Mode) String() string {
	if m < 0 || int(m) >= len(modeNames) {
		return fmt.Sprintf("Mode(%d)", int(m))
	}
	return modeNames[m]
}

// Set parses s into m, so that a *Mode is a flag.Value.
func (m *Mode) Set(s string) error {
	v, err := ParseMode(s)
	if err != nil {
		return err
	}
	*m = v
	return nil
}
