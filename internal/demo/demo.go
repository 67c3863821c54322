// Package demo finds the demo programs under demos/, runs those whose
// frozen result is missing or stale, one at a time, and keeps what they
// printed and measured in demos/NAME/frozen.json, which is committed, so
// that pages show measurements a reader can reproduce.
//
// A demo is a folder demos/NAME holding a package main, or a main.py and
// no Go file; it runs from the module root with DEMO_RESULTS naming the
// file for its results (package results). Its fingerprint hashes what a
// Go demo's build depends on, or a Python demo's sources, interpreter and
// the versions of the modules it requires in the first 40 lines of main.py,
//
//	# requires: python>=3.13 gevent uvloop
//
// and no prose, so editing a chapter never reruns a demo. Where no Python
// will do, a frozen result of the same sources serves. Demos run one at a
// time on the machine, because the timings are the product, and every
// process a demo starts dies with it.
package demo

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/concurrency-primer/site/internal/results"
)

// Config says where the demos are and how to run them: Root, required, is
// the module root; Grace, default 2 s, is how long a demo has after SIGTERM
// before all its processes are killed; Progress, default os.Stderr,
// receives a line per step a person can follow.
type Config struct {
	Root     string
	Mode     Mode
	Grace    time.Duration
	Progress io.Writer
}

// Request is one demo a build needs and how to run it: Timeout overrides
// the default of 120 s when positive; AllowError accepts a non-zero exit.
type Request struct {
	Demo       string
	Timeout    time.Duration
	AllowError bool
}

// Outcome is what one demo printed and measured, run now or read from its
// frozen result. Its tagged fields are what frozen.json holds.
type Outcome struct {
	Demo string `json:"-"`
	// Fingerprint identifies what was measured; a Python demo's Sources
	// hashes its sources alone, Python is its interpreter's tag.
	Fingerprint   string `json:"fingerprint"`
	Go            string `json:"go,omitempty"`
	Python        string `json:"python,omitempty"`
	PythonVersion string `json:"python_version,omitempty"`
	Sources       string `json:"sources,omitempty"`
	// Libraries are the versions of the modules a Python demo requires.
	Libraries map[string]string `json:"libraries,omitempty"`
	// Stdout and Stderr are plain text, cut at a cap with a note.
	Stdout          string           `json:"stdout"`
	Stderr          string           `json:"stderr"`
	ExitCode        int              `json:"exit_code"` // -1 when killed
	TruncatedStdout bool             `json:"truncated_stdout"`
	TruncatedStderr bool             `json:"truncated_stderr"`
	Duration        time.Duration    `json:"-"` // wall time
	Results         *results.Results `json:"-"` // what the demo wrote to DEMO_RESULTS
	// Ran: the demo ran in this call; Skipped: ModeOff left it alone;
	// Stale: in ModeFrozen, it has no current frozen result.
	Ran, Skipped, Stale bool `json:"-"`
	// NoPython: no interpreter here could run the Python demo, so this is
	// its frozen result of the same sources; Missing says why, for a page.
	NoPython bool   `json:"-"`
	Missing  string `json:"-"`
	Err      error  `json:"-"` // why this demo failed, naming it
}

// frozen is the file format of demos/NAME/frozen.json: the tagged fields
// of an Outcome, then its duration in seconds and its results.
type frozen struct {
	Outcome
	DurationS float64          `json:"duration_s"`
	Results   *results.Results `json:"results"`
}

// readFrozen reads the frozen result of the demo in dir, nil if none.
func readFrozen(dir string) (*frozen, error) {
	path := filepath.Join(dir, frozenName)
	fi, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	// Refused before reading: a pipe would block the build and a huge file
	// would fill its memory. Output streams are capped at maxOutput each,
	// which JSON's escapes may make a few times longer.
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file", path)
	}
	if max := int64(results.MaxBytes + 8<<20); fi.Size() > max {
		return nil, fmt.Errorf("%s: %s, more than the %s a frozen result may hold", path, byteSize(fi.Size()), byteSize(max))
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var f frozen
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, results.Locate(err, path, b)
	}
	if f.Fingerprint == "" {
		return nil, fmt.Errorf("%s:1: no fingerprint", path)
	}
	if f.Results != nil {
		if err := f.Results.Validate(); err != nil {
			return nil, results.Locate(err, path, b, "results")
		}
	}
	return &f, nil
}

// writeFrozen replaces the frozen result of the demo in dir atomically.
func writeFrozen(dir string, o *Outcome) error {
	b, err := json.MarshalIndent(&frozen{*o, o.Duration.Seconds(), o.Results}, "", "  ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".frozen-*.json")
	if err != nil {
		return err
	}
	_, err = tmp.Write(append(b, '\n'))
	if err = errors.Join(err, tmp.Chmod(0o644), tmp.Sync(), tmp.Close()); err == nil {
		err = os.Rename(tmp.Name(), filepath.Join(dir, frozenName))
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}

// Holds reports whether data, the bytes of a frozen.json, hold outcome o,
// run or read from a file. Durations agree to the microsecond, as a file's
// seconds become whole nanoseconds when read.
func Holds(data []byte, o *Outcome) bool {
	var f frozen
	g := frozen{*o, o.Duration.Seconds(), o.Results}
	if json.Unmarshal(data, &f) != nil || math.Abs(f.DurationS-g.DurationS) > 1e-6 {
		return false
	}
	f.DurationS = g.DurationS
	a, err1 := json.Marshal(&f)
	b, err2 := json.Marshal(&g)
	return err1 == nil && err2 == nil && bytes.Equal(a, b)
}

// outcome turns a frozen result back into an outcome that did not run.
func (f *frozen) outcome(name string) Outcome {
	o := f.Outcome
	o.Demo, o.Results = name, f.Results
	o.Duration = time.Duration(f.DurationS * float64(time.Second))
	return o
}

// Runner runs demos, one at a time.
type Runner struct {
	cfg Config
	// cache holds the built binaries and may be deleted at any time. New
	// sets the fields below it, which tests change.
	demos, cache            string
	goTool, lock            string
	timeout                 time.Duration
	systemPython, pyenvRoot string
	mu                      sync.Mutex // held for the whole of Run
}

// New checks cfg, fills in its defaults and returns a Runner.
func New(cfg Config) (*Runner, error) {
	if cfg.Root == "" {
		return nil, errors.New("demo runner: no module root")
	}
	root, err := filepath.Abs(cfg.Root)
	if err == nil {
		_, err = os.Stat(filepath.Join(root, "go.mod"))
	}
	if err != nil {
		return nil, fmt.Errorf("demo runner: module root %s: %w", root, err)
	}
	cfg.Root = realPath(root)
	cfg.Grace = cmp.Or(cfg.Grace, 2*time.Second)
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
	ModeAuto   Mode = iota // run a demo whose frozen result is missing or stale
	ModeForce              // run every demo
	ModeFrozen             // run none, and fail naming each missing or stale result
	ModeOff                // run nothing: every outcome is Skipped
)

var modeNames = [...]string{"auto", "force", "frozen", "off"}

// String returns the mode's flag spelling.
func (m Mode) String() string { return modeNames[m] }

// Set parses s into m, so that a *Mode is a flag.Value.
func (m *Mode) Set(s string) error {
	i := slices.Index(modeNames[:], s)
	if i < 0 {
		return fmt.Errorf("unknown demo mode %q (want auto, force, frozen or off)", s)
	}
	*m = Mode(i)
	return nil
}
