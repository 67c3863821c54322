package chart

import (
	"html/template"
	"strings"
	"testing"

	"github.com/concurrency-primer/site/internal/results"
)

func TestVersus(t *testing.T) {
	tests := []struct {
		name   string
		a, b   string
		mutate func(a, b *results.Results)
		draw   func(a, b *results.Results) (template.HTML, error)
		want   []string
		absent []string
	}{
		{name: "speedups", a: "cpupy", b: "cpu", draw: Versus, want: []string{
			"<title>cpu-py vs cpu: the same work, CPython vs Go</title>",
			"<desc>Speedup per strategy, CPython 3.11.7 · cpu-py beside Go 1.26.8 · cpu: sequential 1.00× vs 1.00×; threads 0.970× (0.940× to 0.990×) vs 1.98×;",
			"Only in cpu-py: event-loop. Only in cpu: goroutines.</desc>",
			`class="bar c0"`, `class="bar c1"`, ">CPython<", ">Go<", ">1×<", "speedup, higher is faster",
		}},
		{name: "medians without speedups", a: "cpupy", b: "cpu", draw: Versus,
			mutate: func(a, b *results.Results) {
				for i := range b.Strategies {
					b.Strategies[i].Speedup = 0
				}
			},
			want:   []string{"<desc>Median time per strategy,", "threads 1.66 s (1.64 s to 1.70 s) vs 208 ms (206 ms to 215 ms)", "median time per run"},
			absent: []string{"×<"}},
		{name: "free-threaded", a: "cpupy", b: "cpu", draw: Versus,
			mutate: func(a, b *results.Results) { a.Env.Python, a.Env.GIL = "3.13.1", "disabled" },
			want:   []string{"CPython 3.13.1 without GIL · cpu-py"}},
		{name: "one language", a: "ipc", b: "ipc", draw: Versus,
			want: []string{"<title>ipc vs ipc: the same work, ipc vs ipc</title>", "shm unavailable vs unavailable", "on a log scale"}},
		{name: "table", a: "cpupy", b: "cpu", draw: VersusTable, want: []string{
			`<th scope="col" class="num">CPython median</th><th scope="col" class="num">Go median</th><th scope="col" class="num">CPython speedup</th>`,
			`<tr><th scope="row">threads</th><td class="num">1.66 s</td><td class="num">208 ms</td><td class="num">0.970×</td><td class="num">1.98×</td></tr>`,
			`<tfoot><tr><th scope="row">only in cpu-py</th><td colspan="4">event-loop</td></tr><tr><th scope="row">only in cpu</th><td colspan="4">goroutines</td></tr></tfoot>`,
		}},
		{name: "table of medians", a: "ipc", b: "ipc", draw: VersusTable,
			want:   []string{`<th scope="row">shm</th><td class="num">unavailable</td><td class="num">unavailable</td></tr>`},
			absent: []string{"speedup", "<tfoot>"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := load(t, tt.a), load(t, tt.b)
			if tt.mutate != nil {
				tt.mutate(a, b)
			}
			h, err := tt.draw(a, b)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(string(h), w) {
					t.Errorf("missing %q in\n%s", w, h)
				}
			}
			for _, w := range tt.absent {
				if strings.Contains(string(h), w) {
					t.Errorf("unexpected %q in\n%s", w, h)
				}
			}
		})
	}
}

func TestVersusErrors(t *testing.T) {
	for name, f := range map[string]func(a, b *results.Results) (template.HTML, error){"chart": Versus, "table": VersusTable} {
		t.Run(name, func(t *testing.T) {
			if _, err := f(load(t, "cpu"), load(t, "ipc")); err == nil || !strings.Contains(err.Error(), "demos cpu and ipc share no strategy name") {
				t.Errorf("no shared strategy: error %v", err)
			}
			if _, err := f(load(t, "cpu"), nil); err == nil {
				t.Error("nil results: no error")
			}
			if _, err := f(&results.Results{Demo: "cpu"}, load(t, "cpu")); err == nil || !strings.Contains(err.Error(), `results of demo "cpu"`) {
				t.Errorf("invalid results: error %v, want the validation error", err)
			}
		})
	}
}
