package site

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"math"

	"github.com/concurrency-primer/site/internal/demo"
	"github.com/concurrency-primer/site/internal/results"
)

// frozenFile is what a demo's frozen.json holds (see package demo): the
// fields that decide what the pages show.
type frozenFile struct {
	Fingerprint     string           `json:"fingerprint"`
	Go              string           `json:"go"`
	Stdout          string           `json:"stdout"`
	Stderr          string           `json:"stderr"`
	ExitCode        int              `json:"exit_code"`
	TruncatedStdout bool             `json:"truncated_stdout"`
	TruncatedStderr bool             `json:"truncated_stderr"`
	DurationS       float64          `json:"duration_s"`
	Results         *results.Results `json:"results"`
}

// shown reports whether file, a demo's frozen.json, holds the outcome of
// that demo that the pages show: the result the runner wrote after a run,
// or one read before and written again unchanged. Such a change needs no
// rebuild.
func (l *Live) shown(file string) bool {
	kind, name := classify(file)
	if kind != "results" {
		return false
	}
	o := l.outs[name]
	if o == nil || o.Skipped {
		return false
	}
	data, err := fs.ReadFile(l.cfg.Src, file)
	if err != nil {
		return false
	}
	var f frozenFile
	if err := json.Unmarshal(data, &f); err != nil {
		return false
	}
	return f.same(o)
}

// same reports whether f holds what o does. Durations are compared to the
// microsecond: an outcome read from a file holds the file's seconds as a
// whole number of nanoseconds.
func (f *frozenFile) same(o *demo.Outcome) bool {
	if f.Fingerprint != o.Fingerprint || f.Go != o.Go || f.Stdout != o.Stdout || f.Stderr != o.Stderr ||
		f.ExitCode != o.ExitCode || f.TruncatedStdout != o.TruncatedStdout || f.TruncatedStderr != o.TruncatedStderr ||
		math.Abs(f.DurationS-o.Duration.Seconds()) > 1e-6 {
		return false
	}
	a, err1 := json.Marshal(f.Results)
	b, err2 := json.Marshal(o.Results)
	return err1 == nil && err2 == nil && bytes.Equal(a, b)
}
