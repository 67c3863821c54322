package measure

import (
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/concurrency-primer/site/internal/results"
)

// Run records what happens during one run of one strategy: timeline spans
// and metrics. Its methods are safe for concurrent use.
type Run struct {
	start  time.Time
	warmup bool

	mu      sync.Mutex
	events  []results.Event
	metrics map[string]float64
}

func newRun(warmup bool) *Run {
	return &Run{start: time.Now(), warmup: warmup, metrics: map[string]float64{}}
}

// NewRun returns a Run starting now, for calling a strategy outside Exec, as
// a test does.
func NewRun() *Run { return newRun(false) }

// Events returns the timeline recorded so far; the events' Strategy is not
// set yet.
func (r *Run) Events() []results.Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.events)
}

// Metrics returns the metrics recorded so far.
func (r *Run) Metrics() map[string]float64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	return maps.Clone(r.metrics)
}

// Start returns the moment the run began; timeline times are relative to it.
func (r *Run) Start() time.Time { return r.start }

// Warmup reports whether this run is part of the warm-up, whose times and
// answers are discarded.
func (r *Run) Warmup() bool { return r.warmup }

// Span records that worker began task (kind "run" or "wait") now, and
// returns the function that records its end; call it as
// defer r.Span(w, t, "run")().
func (r *Run) Span(worker, task int, kind string) (end func()) {
	begin := time.Now()
	return func() { r.Event(worker, task, kind, begin, time.Now()) }
}

// Event records that worker did task (kind "run" or "wait") from begin to
// end. Times taken in another process on the same machine are fine: they are
// compared by the wall clock. The results keep the first MaxEvents events of
// the strategy's median run.
func (r *Run) Event(worker, task int, kind string, begin, end time.Time) {
	if kind == "run" {
		kind = ""
	}
	ev := results.Event{
		Worker: worker,
		Task:   task,
		StartS: max(0, begin.Sub(r.start).Seconds()),
		EndS:   max(0, end.Sub(r.start).Seconds()),
		Kind:   kind,
	}
	ev.EndS = max(ev.EndS, ev.StartS)
	r.mu.Lock()
	r.events = append(r.events, ev)
	r.mu.Unlock()
}

// Metric sets a per-run metric. Its name carries its unit as a suffix ("_s",
// "_bytes", "_per_s", "_x", "_pct", none for a count). Over the repeats the
// strategy reports the median as NAME, and the extremes as min_NAME and
// max_NAME.
func (r *Run) Metric(name string, v float64) {
	r.mu.Lock()
	r.metrics[name] = v
	r.mu.Unlock()
}
