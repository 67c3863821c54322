// Package worker runs a demo's work in child processes: the "processes"
// strategy.
//
// The demo re-executes its own binary (os.Executable) with the environment
// variable DEMO_WORKER naming a handler. Main, called first thing in the
// demo's main (and in TestMain of its tests, so that a go test binary works
// too), notices the variable, serves that handler and exits; in the parent it
// returns at once.
//
// Tasks and results travel over the child's stdin and stdout as a gob stream:
// the parent encodes a task; the child answers with a header (its start and
// end times by the wall clock, and an error text) followed by the result.
// Spawning, encoding and decoding all happen inside the parent's calls, so a
// measurement of Map includes them, as it should.
//
// Children stay in the demo's process group, so a signal to the group (Ctrl-C
// in a terminal) reaches them too. A child exits when its stdin closes, which
// happens when the parent closes it or dies, when its parent changes (the
// parent was killed), and when the context given to Start is done (it is then
// killed). Whatever a handler prints goes to the parent's stderr: stdout
// belongs to the protocol.
package worker

import (
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"os"
	"time"
)

// EnvVar is the environment variable that marks a worker process and names
// its handler.
const EnvVar = "DEMO_WORKER"

// Handler is work a child process can do; make one with Handle.
type Handler interface {
	// Name is the handler's name, unique within a demo.
	Name() string
	serve(dec *gob.Decoder, enc *gob.Encoder) error
}

// Func is a Handler that turns tasks of type T into results of type R.
type Func[T, R any] struct {
	name string
	fn   func(T) (R, error)
}

// Handle returns the handler called name that runs fn on each task.
func Handle[T, R any](name string, fn func(T) (R, error)) *Func[T, R] {
	return &Func[T, R]{name: name, fn: fn}
}

// Name returns the handler's name.
func (f *Func[T, R]) Name() string { return f.name }

// header precedes every result on the wire.
type header struct {
	Start, End int64 // wall clock, Unix nanoseconds
	Err        string
}

func (f *Func[T, R]) serve(dec *gob.Decoder, enc *gob.Encoder) error {
	for {
		var task T
		if err := dec.Decode(&task); err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return fmt.Errorf("reading task: %w", err)
		}
		start := time.Now()
		r, err := f.fn(task)
		h := header{Start: start.UnixNano(), End: time.Now().UnixNano()}
		if err != nil {
			h.Err = err.Error()
		}
		if err := enc.Encode(h); err != nil {
			return fmt.Errorf("writing result: %w", err)
		}
		if h.Err != "" {
			continue
		}
		if err := enc.Encode(r); err != nil {
			return fmt.Errorf("writing result: %w", err)
		}
	}
}

// Main serves the handler named by $DEMO_WORKER and exits when this process
// is a worker; otherwise it returns at once. Call it first in main and in
// TestMain, with every handler the demo uses.
func Main(handlers ...Handler) {
	name, ok := os.LookupEnv(EnvVar)
	if !ok {
		return
	}
	os.Exit(serveMain(name, handlers))
}

func serveMain(name string, handlers []Handler) int {
	for _, h := range handlers {
		if h.Name() != name {
			continue
		}
		out := os.Stdout
		// Stray prints must not corrupt the protocol.
		os.Stdout = os.Stderr
		watchParent()
		if err := h.serve(gob.NewDecoder(os.Stdin), gob.NewEncoder(out)); err != nil {
			fmt.Fprintf(os.Stderr, "worker %s: %v\n", name, err)
			return 1
		}
		return 0
	}
	fmt.Fprintf(os.Stderr, "worker: no handler named %q\n", name)
	return 2
}
