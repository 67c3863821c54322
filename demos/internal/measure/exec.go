package measure

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"reflect"
	"runtime"
	"time"

	"github.com/concurrency-primer/site/internal/results"
)

// outcome is one run of one strategy.
type outcome struct {
	seconds float64
	cores   float64
	run     *Run
}

func (d *Demo) exec(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	opts, err := d.parse(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		return 2
	}
	opts.Stdout = stdout
	res, err := d.measure(ctx, opts)
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", d.Name, err)
		return 1
	}
	report(stdout, d, res)
	if path := os.Getenv("DEMO_RESULTS"); path != "" {
		if err := res.WriteFile(path); err != nil {
			fmt.Fprintf(stderr, "%s: writing results: %v\n", d.Name, err)
			return 1
		}
	}
	if opts.Check {
		switch {
		case res.Check.Noisy:
			fmt.Fprintln(stdout, "inconclusive: noisy")
		case !res.Check.OK:
			fmt.Fprintln(stdout, "check failed: the run did not show the expected shape")
			return 1
		default:
			fmt.Fprintln(stdout, "check passed")
		}
	}
	return 0
}

func (d *Demo) parse(args []string, stderr io.Writer) (Options, error) {
	fs := flag.NewFlagSet(d.Name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o Options
	fs.BoolVar(&o.Quick, "quick", false, "small sizes, for tests")
	fs.BoolVar(&o.Check, "check", false, "exit 1 when the expected shape fails on a quiet machine")
	fs.IntVar(&o.Repeats, "repeats", 0, fmt.Sprintf("measured repeats (default %d, at most 2 with -quick)", d.repeats()))
	if d.Flags != nil {
		d.Flags(fs)
	}
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: go run ./demos/%s [flags]\n\n%s\nExpected: %s\n\nFlags:\n", d.Name, d.Title, d.Expected)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "%s: unexpected argument %q\n", d.Name, fs.Arg(0))
		fs.Usage()
		return o, errors.New("unexpected argument")
	}
	if o.Repeats < 0 {
		fmt.Fprintf(stderr, "%s: -repeats must be at least 1\n", d.Name)
		fs.Usage()
		return o, errors.New("bad repeats")
	}
	if o.Repeats == 0 {
		o.Repeats = d.repeats()
		if o.Quick {
			o.Repeats = min(o.Repeats, 2)
		}
	}
	return o, nil
}

// repeats returns the default number of measured repeats.
func (d *Demo) repeats() int {
	if d.Repeats > 0 {
		return d.Repeats
	}
	return 5
}

// noisy is the noise guard's rule: the run was noisy when the calibration
// task got less than 0.9 of a core before or after the repeats (another
// program took the CPU from it), or when the one-minute load average at
// the start exceeded the number of logical cores.
func noisy(coresBefore, coresAfter, load1 float64, cores int) bool {
	return coresBefore < 0.9 || coresAfter < 0.9 || load1 > float64(cores)
}

// measure does steps 2 to 8 of the package comment.
func (d *Demo) measure(ctx context.Context, o Options) (*results.Results, error) {
	res := &results.Results{Demo: d.Name, Env: stamp()}
	guardN := Calibrate(guardTarget(o), func(n int) { runtime.KeepAlive(spin(n)) })
	wallBefore, coresBefore := guard(guardN)

	if d.Teardown != nil {
		defer d.Teardown()
	}
	if d.Setup != nil {
		params, err := d.Setup(ctx, o)
		if err != nil {
			return nil, fmt.Errorf("setting up: %w", err)
		}
		res.Params = params
	}
	var live []int // indexes of the strategies that run here
	for i, s := range d.Strategies {
		if s.Unavailable == "" {
			live = append(live, i)
		}
	}
	base := d.baseline()
	if base < 0 {
		return nil, fmt.Errorf("baseline %q is not a strategy", d.Baseline)
	}
	if d.Strategies[base].Unavailable != "" {
		return nil, fmt.Errorf("baseline %s is unavailable: %s", d.Strategies[base].Name, d.Strategies[base].Unavailable)
	}

	if d.Warmup != nil {
		if err := d.Warmup(ctx); err != nil {
			return nil, fmt.Errorf("warming up: %w", err)
		}
	} else {
		for _, i := range live {
			if _, _, err := d.runOnce(ctx, i, true); err != nil {
				return nil, err
			}
		}
	}

	runs := make([][]outcome, len(d.Strategies))
	check := answers{}
	for rep := range o.Repeats {
		for k := range live {
			i := live[(k+rep)%len(live)]
			out, answer, err := d.runOnce(ctx, i, false)
			if err != nil {
				return nil, err
			}
			runs[i] = append(runs[i], out)
			if err := check.compare(d.Strategies[i], rep, answer); err != nil {
				return nil, err
			}
		}
	}

	wallAfter, coresAfter := guard(guardN)
	rule := noisy
	if d.noise != nil {
		rule = d.noise
	}
	res.Env.Noisy = rule(coresBefore, coresAfter, res.Env.Load1, res.Env.Cores)
	if res.Metrics == nil {
		res.Metrics = map[string]float64{}
	}
	res.Metrics["guard_cores_before_x"] = coresBefore
	res.Metrics["guard_cores_after_x"] = coresAfter
	res.Metrics["guard_before_s"] = wallBefore.Seconds()
	res.Metrics["guard_after_s"] = wallAfter.Seconds()

	d.summarise(res, runs, base)
	for _, c := range d.Claims {
		if c.record != nil {
			c.record(res)
		}
	}
	if d.Finish != nil {
		d.Finish(res)
	}
	d.evaluate(res)
	return res, nil
}

func guardTarget(o Options) time.Duration {
	if o.Quick {
		return 10 * time.Millisecond
	}
	return 50 * time.Millisecond
}

func (d *Demo) baseline() int {
	if d.Baseline == "" && len(d.Strategies) > 0 {
		return 0
	}
	for i, s := range d.Strategies {
		if s.Name == d.Baseline {
			return i
		}
	}
	return -1
}

// runOnce runs strategy i once, measuring wall time and CPU time.
func (d *Demo) runOnce(ctx context.Context, i int, warmup bool) (outcome, any, error) {
	s := d.Strategies[i]
	if err := ctx.Err(); err != nil {
		return outcome{}, nil, fmt.Errorf("interrupted before %s: %w", s.Name, err)
	}
	r := newRun(warmup)
	c0 := cpuTime()
	r.start = time.Now()
	answer, err := s.Run(ctx, r)
	wall := time.Since(r.start)
	cpu := cpuTime() - c0
	if err != nil {
		return outcome{}, nil, fmt.Errorf("strategy %s: %w", s.Name, err)
	}
	out := outcome{seconds: wall.Seconds(), run: r}
	if wall > 0 {
		out.cores = cpu.Seconds() / wall.Seconds()
	}
	return out, answer, nil
}

// answers holds the first answer seen in each group (the ungrouped
// strategies are the group ""), which every later answer in that group must
// equal.
type answers map[string]firstAnswer

type firstAnswer struct {
	want any
	from string
}

// compare checks the answer of strategy s in repeat rep.
func (a answers) compare(s Strategy, rep int, answer any) error {
	if s.AnyAnswer {
		return nil
	}
	first, ok := a[s.Group]
	if !ok {
		a[s.Group] = firstAnswer{answer, s.Name}
		return nil
	}
	if !reflect.DeepEqual(answer, first.want) {
		return fmt.Errorf("strategy %s computed %v in repeat %d, but %s computed %v", s.Name, answer, rep+1, first.from, first.want)
	}
	return nil
}
