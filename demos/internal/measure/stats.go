package measure

import (
	"cmp"
	"slices"
	"sort"

	"github.com/concurrency-primer/site/internal/results"
)

// MaxEvents is the most timeline events kept per strategy, the earliest
// ones: a chart cannot show more, and the results file stays small.
const MaxEvents = 2000

// summarise turns the runs into the results' strategies and timeline.
func (d *Demo) summarise(res *results.Results, runs [][]outcome, base int) {
	for i, s := range d.Strategies {
		st := results.Strategy{Name: s.Name, Label: s.Label, Unavailable: s.Unavailable}
		if s.Unavailable != "" {
			res.Strategies = append(res.Strategies, st)
			continue
		}
		var cores []float64
		for _, o := range runs[i] {
			st.RunsS = append(st.RunsS, o.seconds)
			cores = append(cores, o.cores)
		}
		st.MedianS, st.MinS, st.MaxS = spread(st.RunsS)
		st.CoresUsed, _, _ = spread(cores)
		if !d.NoSpeedup {
			var speedups []float64
			for rep, o := range runs[i] {
				if o.seconds > 0 && rep < len(runs[base]) {
					speedups = append(speedups, runs[base][rep].seconds/o.seconds)
				}
			}
			st.Speedup, st.SpeedupMin, st.SpeedupMax = spread(speedups)
		}
		st.Metrics = metrics(runs[i])
		res.Strategies = append(res.Strategies, st)

		if rep := medianRun(runs[i]); rep >= 0 {
			events := slices.Clone(runs[i][rep].run.events)
			slices.SortStableFunc(events, func(a, b results.Event) int { return cmp.Compare(a.StartS, b.StartS) })
			for _, ev := range events[:min(len(events), MaxEvents)] {
				ev.Strategy = s.Name
				res.Timeline = append(res.Timeline, ev)
			}
		}
	}
}

// metrics reports each per-run metric as its median, min_ and max_.
func metrics(runs []outcome) map[string]float64 {
	values := map[string][]float64{}
	for _, o := range runs {
		for k, v := range o.run.metrics {
			values[k] = append(values[k], v)
		}
	}
	if len(values) == 0 {
		return nil
	}
	m := map[string]float64{}
	for k, vs := range values {
		m[k], m["min_"+k], m["max_"+k] = spread(vs)
	}
	return m
}

// spread returns the median, min and max of vs (zeros when empty).
func spread(vs []float64) (median, lo, hi float64) {
	if len(vs) == 0 {
		return 0, 0, 0
	}
	s := slices.Clone(vs)
	slices.Sort(s)
	n := len(s)
	median = s[n/2]
	if n%2 == 0 {
		median = (s[n/2-1] + s[n/2]) / 2
	}
	return median, s[0], s[n-1]
}

// medianRun returns the index of the run whose time is the median (the
// faster of the two middle ones for an even count), or -1.
func medianRun(runs []outcome) int {
	if len(runs) == 0 {
		return -1
	}
	idx := make([]int, len(runs))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return runs[idx[a]].seconds < runs[idx[b]].seconds })
	return idx[(len(idx)-1)/2]
}

// evaluate fills in res.Check from the demo's claims.
func (d *Demo) evaluate(res *results.Results) {
	res.Check = results.Check{OK: true, Noisy: res.Env.Noisy, Expected: d.Expected}
	for _, c := range d.Claims {
		got, ok := c.Eval(res)
		res.Check.Claims = append(res.Check.Claims, results.Claim{Claim: c.Text, Got: got, OK: ok})
		res.Check.OK = res.Check.OK && ok
	}
}
