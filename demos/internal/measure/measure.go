// Package measure runs a demo's strategies honestly and reports what they did.
//
// A demo is a package main that fills in a Demo and calls its Main method.
// Measure then does, in order:
//
//  1. parse the flags every demo understands: -quick (small sizes, for tests),
//     -check (compare with the expected shape: exit 1 when a claim fails on a
//     quiet machine, print "inconclusive: noisy" and exit 0 when the noise
//     guard tripped), -repeats N, and -h; an unknown flag exits 2 with usage;
//  2. time a fixed calibration task (the noise guard's "before");
//  3. call Demo.Setup, where the demo calibrates its work to a target
//     duration with Calibrate, so that sizes mean time, not iterations;
//  4. warm up: Demo.Warmup when set, else one discarded run of every strategy;
//  5. run the repeats, every strategy once per repeat, the order rotated by
//     one place each repeat so that no strategy always runs first or last;
//  6. time the calibration task again (the noise guard's "after");
//  7. compute per strategy the median, min and max seconds, the cores used
//     ((user+system CPU time, children included) / wall time, from getrusage),
//     and the speedup over the baseline paired per repeat (median, min, max);
//  8. keep the timeline of each strategy's median run;
//  9. record the ratios that MetricRatio claims compare as top-level
//     metrics, call Demo.Finish, evaluate the claims, print the report and,
//     when the environment variable DEMO_RESULTS names a file, write the same
//     numbers there as results.Results.
//
// Demo.Teardown runs once the measuring is over, whether it succeeded or
// not, so that what Setup started (a child process) never outlives a failed
// strategy.
//
// The run is marked noisy when the calibration task used less than 0.9 of a
// core before or after (another program took the CPU away from it) or when the
// one-minute load average exceeded the number of logical cores at the start.
// A claim that fails on a noisy machine says nothing about the claim.
//
// Every strategy's answer is compared with the baseline's, or, for a
// strategy in a Group, with the first answer of its group: a strategy that
// computed something else is a bug, and the demo exits 1 naming it.
//
// A demo whose strategies do different work (the cost of a call against the
// cost of a process) sets NoSpeedup: a ratio of their times is no speedup,
// so the report leaves that column out and the results carry none; such a
// demo compares strategies with MetricRatio claims instead.
package measure

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/concurrency-primer/site/internal/results"
)

// Demo describes one demo: its strategies, how to size them and what shape
// their results should have.
type Demo struct {
	// Name is the demo's folder name under demos/ ("cpu").
	Name string
	// Title is one line printed at the top of the report.
	Title string
	// Expected is the shape in words, as the page shows it
	// ("threads 1.6-2.1x; processes 1.4-2.1x").
	Expected string
	// Baseline names the strategy speedups are relative to and whose answer
	// the others must match; empty means the first strategy.
	Baseline string
	// Repeats is the number of measured repeats; zero means 5. With -quick
	// it is at most 2. -h prints it as the default of -repeats.
	Repeats int
	// NoSpeedup leaves speedups out of the report and the results: the
	// strategies do different work, and a ratio of their times means
	// nothing.
	NoSpeedup bool
	// Flags, when set, adds demo-specific flags before parsing.
	Flags func(fs *flag.FlagSet)
	// Setup, when set, runs once before the warm-up. It sizes the work
	// (usually with Calibrate) and returns the parameters to report, such as
	// the task count and the calibrated task duration.
	Setup func(ctx context.Context, o Options) (params map[string]float64, err error)
	// Warmup, when set, replaces the default warm-up (one discarded run of
	// every strategy); use it when a full round would make the demo too long.
	Warmup func(ctx context.Context) error
	// Strategies are the ways of doing the work, in the order of the report.
	Strategies []Strategy
	// Claims are the expected shape, evaluated after the repeats.
	Claims []Claim
	// Finish, when set, runs after the repeats and before the claims; it may
	// add top-level metrics, params or an ideal to the results.
	Finish func(res *results.Results)
	// Teardown, when set, runs once the measuring is over, also when Setup,
	// the warm-up or a strategy failed or the run was interrupted: it ends
	// what Setup started.
	Teardown func()

	// noise, when set, replaces the noise rule (noisy), so that tests can
	// decide whether the machine was quiet.
	noise func(coresBefore, coresAfter, load1 float64, cores int) bool
}

// Strategy is one way of doing a demo's work.
type Strategy struct {
	// Name is the strategy's name in results ("threads-gil").
	Name string
	// Label is a short description shown beside the name ("2 worker processes").
	Label string
	// Run does the whole work once and returns its answer. It records
	// timeline spans and per-run metrics on r. A strategy that can stop
	// early should return when ctx is done.
	Run func(ctx context.Context, r *Run) (answer any, err error)
	// AnyAnswer, when true, skips the comparison of this strategy's answer
	// with the baseline's (a demo of lost updates computes wrong answers on
	// purpose).
	AnyAnswer bool
	// Group, when set, names the strategies whose answers must agree with
	// each other (the same payload size sent two ways); the first answer of
	// the group is the one the others must equal. Strategies without a group
	// agree with the baseline.
	Group string
	// Unavailable, when set before the repeats (at construction or in
	// Setup), says why the strategy cannot run here; it is reported, not run.
	Unavailable string
}

// Options are the flags every demo understands, as parsed.
type Options struct {
	// Quick asks for small sizes (tests).
	Quick bool
	// Check asks for the exit status to follow the claims.
	Check bool
	// Repeats is the number of measured repeats.
	Repeats int
	// Stdout is the writer the report goes to; Notef writes there.
	Stdout io.Writer
}

// Notef prints a note for the reader ("note: threads are capped at 2000")
// above the report, to the writer the report goes to; without one it
// prints nothing.
func (o Options) Notef(format string, args ...any) {
	if o.Stdout != nil {
		fmt.Fprintf(o.Stdout, "note: "+format+"\n", args...)
	}
}

// Main runs the demo with the process's arguments, prints the report to
// standard output and exits with Exec's status. SIGINT and SIGTERM cancel
// the run; the strategies' cleanup still runs before the process exits.
func (d *Demo) Main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := d.Exec(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// Exec runs the demo with the given arguments (without the program name),
// writes the report to stdout and errors to stderr, writes the results to
// $DEMO_RESULTS when it is set, and returns the exit status: 0 success,
// 1 failure (a strategy failed or computed a different answer, or with
// -check a claim failed on a quiet machine), 2 bad usage.
func (d *Demo) Exec(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	return d.exec(ctx, args, stdout, stderr)
}
