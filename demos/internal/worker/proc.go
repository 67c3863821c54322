package worker

import (
	"context"
	"encoding/gob"
	"fmt"
	"io"
	"os"
	"os/exec"
	"time"
)

// Proc is one running worker process.
type Proc struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
	enc   *gob.Encoder
	dec   *gob.Decoder
}

// Timing is when a child began and finished a task, by its wall clock.
type Timing struct {
	Start, End time.Time
}

// Start starts a worker process running h. The process is killed when ctx
// is done; Close ends it normally.
func Start(ctx context.Context, h Handler) (*Proc, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("starting worker %s: %w", h.Name(), err)
	}
	cmd := exec.CommandContext(ctx, exe)
	cmd.Env = append(os.Environ(), EnvVar+"="+h.Name())
	cmd.Stderr = os.Stderr
	cmd.WaitDelay = time.Second
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, fmt.Errorf("starting worker %s: %w", h.Name(), err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("starting worker %s: %w", h.Name(), err)
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting worker %s: %w", h.Name(), err)
	}
	return &Proc{cmd: cmd, stdin: stdin, enc: gob.NewEncoder(stdin), dec: gob.NewDecoder(stdout)}, nil
}

// Pid returns the worker's process id.
func (p *Proc) Pid() int { return p.cmd.Process.Pid }

// Call sends task to the worker, waits for its answer and decodes it into
// result, which must be a pointer to the handler's result type.
func (p *Proc) Call(task, result any) (Timing, error) {
	if err := p.enc.Encode(task); err != nil {
		return Timing{}, fmt.Errorf("sending task to worker %d: %w", p.Pid(), err)
	}
	var h header
	if err := p.dec.Decode(&h); err != nil {
		return Timing{}, fmt.Errorf("reading from worker %d: %w", p.Pid(), err)
	}
	t := Timing{Start: time.Unix(0, h.Start), End: time.Unix(0, h.End)}
	if h.Err != "" {
		return t, fmt.Errorf("worker %d: %s", p.Pid(), h.Err)
	}
	if err := p.dec.Decode(result); err != nil {
		return t, fmt.Errorf("reading from worker %d: %w", p.Pid(), err)
	}
	return t, nil
}

// Close closes the worker's stdin, which ends it, and waits for it to exit.
func (p *Proc) Close() error {
	err := p.stdin.Close()
	if werr := p.cmd.Wait(); werr != nil {
		err = werr
	}
	if err != nil {
		return fmt.Errorf("worker %d: %w", p.Pid(), err)
	}
	return nil
}
