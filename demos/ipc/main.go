// Command ipc compares sharing memory with copying it: a payload from 1 KiB
// to 16 MiB handed to a goroutine over a channel (only a slice header moves;
// both sides see the same memory) and sent to a child process over a pipe
// (every byte is encoded, copied through the kernel and decoded). The
// receiver answers with a small digest of the payload, so that the answer
// does not grow with it: keep results small.
//
// The child process is started once, before the repeats, and kept: the
// times here are the transfers, not the start of a process (the spawn demo
// measures that).
//
// Run it with go run ./demos/ipc; -h lists the flags.
package main

import (
	"context"
	"fmt"
	"math"
	"os"

	"github.com/concurrency-primer/site/demos/internal/measure"
	"github.com/concurrency-primer/site/demos/internal/worker"
)

// region digest

// digest is the receiver's answer: the length and 64 bytes sampled across
// the payload, hashed. It costs the same for every size, so that only the
// transfer grows.
func digest(b []byte) uint64 {
	h := uint64(len(b))
	for k := range 64 {
		if len(b) > 0 {
			h = (h ^ uint64(b[k*len(b)/64])) * 1099511628211
		}
	}
	return h
}

// endregion

// digesting is the receiver as a child process runs it.
var digesting = worker.Handle("digest", func(b []byte) (uint64, error) { return digest(b), nil })

func main() {
	worker.Main(digesting)
	d := &ipcDemo{}
	d.demo().Main()
}

// sizes are the payload sizes, smallest first.
var sizes = []int{1 << 10, 16 << 10, 256 << 10, 4 << 20, 16 << 20}

// smallest and largest are the sizes the claims compare.
var smallest, largest = sizes[0], sizes[len(sizes)-1]

// ipcDemo holds the payloads and the child process.
type ipcDemo struct {
	messages int
	payloads map[int][]byte
	proc     *worker.Proc
}

// name writes a strategy's name: "channel-16MiB".
func name(kind string, size int) string {
	if size >= 1<<20 {
		return fmt.Sprintf("%s-%dMiB", kind, size>>20)
	}
	return fmt.Sprintf("%s-%dKiB", kind, size>>10)
}

// demo declares the demo: its sizes, strategies and expected shape.
func (d *ipcDemo) demo() *measure.Demo {
	dm := &measure.Demo{
		Name:     "ipc",
		Title:    "share memory vs copy it: channel vs child process",
		Expected: "channel flat (16 MiB within 4× of 1 KiB); process grows with size (16 MiB >= 50× 1 KiB); at 16 MiB process/channel >= 10^4",
		// The strategies send different sizes: compare them by the time per
		// message, not by a speedup.
		NoSpeedup: true,
		Setup:     d.setup,
		Teardown:  d.stop,
		Claims: []measure.Claim{
			measure.MetricRatio("channel_largest_per_smallest_x", "per_message_s", name("channel", largest), name("channel", smallest), 0, 4),
			measure.MetricRatio("process_largest_per_smallest_x", "per_message_s", name("process", largest), name("process", smallest), 50, math.Inf(1)),
			measure.MetricRatio("process_per_channel_largest_x", "per_message_s", name("process", largest), name("channel", largest), 1e4, math.Inf(1)),
		},
	}
	for _, kind := range []string{"channel", "process"} {
		for _, size := range sizes {
			run := d.channel(size)
			label := fmt.Sprintf("%s to a goroutine over a channel", name("", size)[1:])
			if kind == "process" {
				run = d.process(size)
				label = fmt.Sprintf("%s to a child process over a pipe (gob)", name("", size)[1:])
			}
			// Both ways of sending a size must get the same digest back.
			dm.Strategies = append(dm.Strategies, measure.Strategy{Name: name(kind, size), Label: label, Run: run, Group: name("", size)[1:]})
		}
	}
	return dm
}

func (d *ipcDemo) setup(ctx context.Context, o measure.Options) (map[string]float64, error) {
	d.messages = 8
	if o.Quick {
		d.messages = 1
	}
	d.payloads = map[int][]byte{}
	for _, size := range sizes {
		b := make([]byte, size)
		for i := range b {
			b[i] = byte(i*7 + i>>10)
		}
		d.payloads[size] = b
	}
	if err := d.start(ctx); err != nil {
		return nil, err
	}
	return map[string]float64{
		"messages":       float64(d.messages),
		"smallest_bytes": float64(smallest),
		"largest_bytes":  float64(largest),
	}, nil
}

// start starts the child process that receives payloads.
func (d *ipcDemo) start(ctx context.Context) error {
	p, err := worker.Start(ctx, digesting)
	if err != nil {
		return fmt.Errorf("starting the receiving process: %w", err)
	}
	d.proc = p
	return nil
}

// stop ends the child process, if it runs; the demo's Teardown, so that it
// also runs when a strategy failed.
func (d *ipcDemo) stop() {
	if d.proc == nil {
		return
	}
	if err := d.proc.Close(); err != nil {
		fmt.Fprintf(os.Stderr, "ipc: ending the receiving process: %v\n", err)
	}
	d.proc = nil
}
