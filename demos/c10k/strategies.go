package main

import (
	"context"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"sync"
	"sync/atomic"
	"time"

	"github.com/concurrency-primer/site/demos/internal/eventloop"
	"github.com/concurrency-primer/site/demos/internal/measure"
)

// Each strategy has every unit wait L once and add its number plus one to a
// sum: all must agree, and a unit that fired twice or never would show.

// region goroutines
func (d *c10kDemo) goroutines(ctx context.Context, r *measure.Run) (any, error) {
	base := sample()
	var sum atomic.Uint64
	var waiting, done sync.WaitGroup
	waiting.Add(d.n)
	for i := range d.n {
		done.Go(func() {
			waiting.Done()
			time.Sleep(d.wait) // the goroutine parks; its thread runs others
			sum.Add(uint64(i + 1))
		})
	}
	waiting.Wait()
	record(r, base, d.n)
	done.Wait()
	return sum.Load(), nil
}

// endregion

// region event-loop
func (d *c10kDemo) eventLoop(ctx context.Context, r *measure.Run) (any, error) {
	base := sample()
	loop, err := eventloop.New()
	if err != nil {
		return nil, err
	}
	defer loop.Close()
	var sum uint64
	for i := range d.n {
		// A waiting unit is one entry in the timer heap and one closure.
		loop.After(d.wait, func() { sum += uint64(i + 1) })
	}
	loop.After(d.wait/2, func() { record(r, base, d.n) })
	if err := loop.Run(ctx); err != nil {
		return nil, err
	}
	return sum, nil
}

// endregion

// region threads
func (d *c10kDemo) threads(ctx context.Context, r *measure.Run) (any, error) {
	base := sample()
	var sum atomic.Uint64
	var waiting, done sync.WaitGroup
	waiting.Add(d.threadCap)
	for k := range d.threadCap {
		done.Go(func() {
			// Locked without unlocking: the goroutine has this OS thread to
			// itself, and the thread exits with it.
			runtime.LockOSThread()
			waiting.Done()
			for i := k; i < d.n && ctx.Err() == nil; i += d.threadCap {
				time.Sleep(d.wait) // the thread itself sleeps
				sum.Add(uint64(i + 1))
			}
		})
	}
	waiting.Wait()
	record(r, base, d.threadCap)
	done.Wait()
	return sum.Load(), ctx.Err() // interrupted between turns: no answer
}

// endregion

// usage is what the process holds at one moment.
type usage struct {
	threads int
	bytes   uint64 // heap objects and stacks, as Go's runtime counts them
}

var memoryMetrics = []string{
	"/memory/classes/heap/objects:bytes",
	"/memory/classes/heap/stacks:bytes",
	"/memory/classes/os-stacks:bytes",
}

// sample collects garbage, then reads the threads and memory in use: the
// baseline a strategy's units are measured against.
func sample() usage {
	runtime.GC()
	return current()
}

func current() usage {
	s := make([]metrics.Sample, len(memoryMetrics))
	for i, name := range memoryMetrics {
		s[i].Name = name
	}
	metrics.Read(s)
	u := usage{threads: osThreads()}
	for _, m := range s {
		if m.Value.Kind() == metrics.KindUint64 {
			u.bytes += m.Value.Uint64()
		}
	}
	return u
}

// record notes, while units units wait at once, the OS threads and the
// memory per unit above base.
func record(r *measure.Run, base usage, units int) {
	now := current()
	r.Metric("os_threads", float64(now.threads))
	r.Metric("units_at_once", float64(units))
	per := 0.0
	if now.bytes > base.bytes {
		per = float64(now.bytes-base.bytes) / float64(units)
	}
	r.Metric("memory_per_unit_bytes", per)
}

// threadsCreated returns how many OS threads Go's runtime has created.
func threadsCreated() int { return pprof.Lookup("threadcreate").Count() }
