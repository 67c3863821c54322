package demo

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"time"

	"github.com/concurrency-primer/site/internal/results"
)

// frozen is the file format of demos/NAME/frozen.json: the tagged fields
// of an Outcome, then its duration in seconds and its results.
type frozen struct {
	Outcome
	DurationS float64          `json:"duration_s"`
	Results   *results.Results `json:"results"`
}

// maxFrozen bounds a frozen result: its results and its output, which
// JSON's escapes may make a few times longer than maxOutput.
const maxFrozen = results.MaxBytes + 8<<20

// readFrozen reads the frozen result of the demo in dir; it returns nil
// and no error when there is none.
func readFrozen(dir string) (*frozen, error) {
	path := filepath.Join(dir, frozenName)
	switch fi, err := os.Stat(path); {
	case errors.Is(err, fs.ErrNotExist):
		return nil, nil
	case err != nil:
		return nil, err
	case !fi.Mode().IsRegular():
		return nil, fmt.Errorf("%s: not a regular file", path)
	case fi.Size() > maxFrozen:
		return nil, fmt.Errorf("%s: %s, more than the %s a frozen result may hold", path, byteSize(fi.Size()), byteSize(maxFrozen))
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

// writeFrozen replaces the frozen result of the demo in dir atomically: a
// reader sees the old file or the new one, never a part.
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
	if err = errors.Join(err, tmp.Sync(), tmp.Close()); err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), filepath.Join(dir, frozenName))
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}

// Holds reports whether data, the bytes of a frozen.json, hold outcome o:
// the file the runner wrote after o's run, or the one o was read from.
// Durations are compared to the microsecond: an outcome read from a file
// holds its seconds as a whole number of nanoseconds.
func Holds(data []byte, o *Outcome) bool {
	var f frozen
	if err := json.Unmarshal(data, &f); err != nil {
		return false
	}
	g := &frozen{*o, o.Duration.Seconds(), o.Results}
	if math.Abs(f.DurationS-g.DurationS) > 1e-6 {
		return false
	}
	f.DurationS = g.DurationS
	a, err1 := json.Marshal(&f)
	b, err2 := json.Marshal(g)
	return err1 == nil && err2 == nil && bytes.Equal(a, b)
}

// outcome turns a frozen result back into an outcome that did not run.
func (f *frozen) outcome(name string) Outcome {
	o := f.Outcome
	o.Demo, o.Results = name, f.Results
	o.Duration = time.Duration(f.DurationS * float64(time.Second))
	return o
}
