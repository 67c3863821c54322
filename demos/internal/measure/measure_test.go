package measure

import (
	"bytes"
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/concurrency-primer/site/internal/results"
)

// fake returns a demo whose strategies compute answers instantly and log
// the order they ran in.
func fake(order *[]string, answers map[string]any) *Demo {
	d := &Demo{Name: "fake", Title: "a fake demo", Expected: "b at least as fast as a"}
	for _, name := range []string{"a", "b", "c"} {
		d.Strategies = append(d.Strategies, Strategy{
			Name: name,
			Run: func(ctx context.Context, r *Run) (any, error) {
				if !r.Warmup() {
					*order = append(*order, name)
				}
				defer r.Span(1, 2, "wait")()
				r.Metric("items", 3)
				if a, ok := answers[name]; ok {
					return a, nil
				}
				return 42, nil
			},
		})
	}
	d.Strategies = append(d.Strategies, Strategy{Name: "gone", Unavailable: "not on this system",
		Run: func(context.Context, *Run) (any, error) { panic("an unavailable strategy ran") }})
	d.Claims = []Claim{Speedup("b", 0, math.Inf(1)), Metric("c", "items", 3, 3)}
	return d
}

func TestExecWritesResults(t *testing.T) {
	path := filepath.Join(t.TempDir(), "results.json")
	t.Setenv("DEMO_RESULTS", path)
	var order []string
	var stdout, stderr bytes.Buffer
	if code := fake(&order, nil).Exec(context.Background(), []string{"-quick", "-repeats", "3"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr.String())
	}
	want := []string{"a", "b", "c", "b", "c", "a", "c", "a", "b"}
	if !slices.Equal(order, want) {
		t.Errorf("run order %v, want %v (rotated each repeat)", order, want)
	}
	res, err := results.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if res.Demo != "fake" || len(res.Strategies) != 4 || !res.Check.OK || len(res.Check.Claims) != 2 {
		t.Errorf("unexpected results: %+v", res)
	}
	a, _ := res.Lookup("a")
	if len(a.RunsS) != 3 || a.Speedup != 1 || a.Metrics["items"] != 3 || a.Metrics["max_items"] != 3 {
		t.Errorf("strategy a: %+v", a)
	}
	if g, _ := res.Lookup("gone"); g.Unavailable == "" || len(g.RunsS) != 0 {
		t.Errorf("unavailable strategy: %+v", g)
	}
	if len(res.Timeline) != 3 || res.Timeline[0].Kind != "wait" || res.Timeline[0].Worker != 1 {
		t.Errorf("timeline: want one wait event per strategy, got %+v", res.Timeline)
	}
	for _, s := range []string{"strategy", "median", "✓ b >= 0×", "unavailable: not on this system", "machine:", "noise guard:"} {
		if !strings.Contains(stdout.String(), s) {
			t.Errorf("report lacks %q:\n%s", s, stdout.String())
		}
	}
}

func TestExecStatus(t *testing.T) {
	for _, tc := range []struct {
		name    string
		args    []string
		answers map[string]any
		code    int
		stderr  string
	}{
		{"help", []string{"-h"}, nil, 0, "usage: go run ./demos/fake"},
		{"unknown flag", []string{"-nope"}, nil, 2, "flag provided but not defined: -nope"},
		{"argument", []string{"-quick", "extra"}, nil, 2, `unexpected argument "extra"`},
		{"negative repeats", []string{"-repeats", "-1"}, nil, 2, "-repeats must be at least 1"},
		{"wrong answer", []string{"-quick"}, map[string]any{"c": 41}, 1, "strategy c computed 41 in repeat 1, but a computed 42"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("DEMO_RESULTS", "")
			var order []string
			var stdout, stderr bytes.Buffer
			code := fake(&order, tc.answers).Exec(context.Background(), tc.args, &stdout, &stderr)
			if code != tc.code || !strings.Contains(stderr.String(), tc.stderr) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", code, stderr.String(), tc.code, tc.stderr)
			}
		})
	}
}

// TestCheckFollowsClaims runs a demo with a failing claim under -check,
// deciding through the noise hook whether the machine was quiet.
func TestCheckFollowsClaims(t *testing.T) {
	for _, tc := range []struct {
		name  string
		noisy bool
		code  int
		say   string
	}{
		{"quiet machine, claim fails", false, 1, "check failed"},
		{"noisy machine", true, 0, "inconclusive: noisy"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("DEMO_RESULTS", "")
			var order []string
			d := fake(&order, nil)
			d.Claims = append(d.Claims, Claim{Text: "never", Eval: func(*results.Results) (string, bool) { return "no", false }})
			d.noise = func(float64, float64, float64, int) bool { return tc.noisy }
			var stdout, stderr bytes.Buffer
			code := d.Exec(context.Background(), []string{"-quick", "-check"}, &stdout, &stderr)
			if code != tc.code || !strings.Contains(stdout.String(), tc.say) || !strings.Contains(stdout.String(), "✗ never: got no") {
				t.Errorf("exit %d, want %d and %q; report:\n%s", code, tc.code, tc.say, stdout.String())
			}
		})
	}
}

func TestNoisyRule(t *testing.T) {
	for _, tc := range []struct {
		name                 string
		before, after, load1 float64
		cores                int
		want                 bool
	}{
		{"quiet", 1.0, 0.98, 0.5, 2, false},
		{"at the threshold", 0.9, 0.9, 2, 2, false},
		{"slow before", 0.89, 1.0, 0, 2, true},
		{"slow after", 1.0, 0.5, 0, 2, true},
		{"load above cores", 1.0, 1.0, 2.01, 2, true},
		{"load below many cores", 1.0, 1.0, 7, 8, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := noisy(tc.before, tc.after, tc.load1, tc.cores); got != tc.want {
				t.Errorf("noisy(%v, %v, %v, %d) = %v, want %v", tc.before, tc.after, tc.load1, tc.cores, got, tc.want)
			}
		})
	}
}

func TestHelpShowsRepeats(t *testing.T) {
	for _, tc := range []struct {
		repeats int
		want    string
	}{
		{0, "(default 5, "},
		{3, "(default 3, "},
	} {
		var order []string
		d := fake(&order, nil)
		d.Repeats = tc.repeats
		var stdout, stderr bytes.Buffer
		if code := d.Exec(context.Background(), []string{"-h"}, &stdout, &stderr); code != 0 || !strings.Contains(stderr.String(), tc.want) {
			t.Errorf("Repeats %d: exit %d, usage lacks %q:\n%s", tc.repeats, code, tc.want, stderr.String())
		}
	}
}

func TestNotesGoToTheReport(t *testing.T) {
	t.Setenv("DEMO_RESULTS", "")
	var order []string
	d := fake(&order, nil)
	d.Setup = func(ctx context.Context, o Options) (map[string]float64, error) {
		o.Notef("capped at %d", 7)
		return nil, nil
	}
	var stdout, stderr bytes.Buffer
	if code := d.Exec(context.Background(), []string{"-quick"}, &stdout, &stderr); code != 0 || !strings.HasPrefix(stdout.String(), "note: capped at 7\n") {
		t.Errorf("exit %d, report does not start with the note:\n%s", code, stdout.String())
	}
	Options{}.Notef("nowhere") // without a writer: no output, no panic
}

func TestInterrupted(t *testing.T) {
	t.Setenv("DEMO_RESULTS", "")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var order []string
	var stdout, stderr bytes.Buffer
	if code := fake(&order, nil).Exec(ctx, []string{"-quick"}, &stdout, &stderr); code != 1 || !strings.Contains(stderr.String(), "interrupted") {
		t.Errorf("exit %d, stderr %q", code, stderr.String())
	}
}

func TestBadResultsPath(t *testing.T) {
	t.Setenv("DEMO_RESULTS", filepath.Join(t.TempDir(), "missing", "results.json"))
	var order []string
	var stdout, stderr bytes.Buffer
	code := fake(&order, nil).Exec(context.Background(), []string{"-quick"}, &stdout, &stderr)
	if code != 1 || !strings.Contains(stderr.String(), "writing results") {
		t.Errorf("exit %d, stderr %q", code, stderr.String())
	}
	if _, err := os.Stat(filepath.Dir(os.Getenv("DEMO_RESULTS"))); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the demo created the missing folder: %v", err)
	}
}
