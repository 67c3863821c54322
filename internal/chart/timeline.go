package chart

import (
	"fmt"
	"html/template"
	"maps"
	"math"
	"slices"
	"strings"

	"github.com/concurrency-primer/site/internal/results"
)

// Timeline returns an SVG chart of the tasks each worker ran, a lane per
// worker, for the named strategies (else all with events) on one time axis
// so that their lengths compare; a name unknown or without events is an error.
func Timeline(r *results.Results, names ...string) (template.HTML, error) {
	if err := check(r); err != nil {
		return "", fmt.Errorf("drawing timeline: %w", err)
	}
	events, end := map[string][]results.Event{}, 0.0
	for _, ev := range r.Timeline {
		if len(names) == 0 || slices.Contains(names, ev.Strategy) {
			events[ev.Strategy] = append(events[ev.Strategy], ev)
			end = max(end, ev.EndS)
		}
	}
	for _, n := range names {
		if _, ok := r.Lookup(n); !ok {
			return "", fmt.Errorf("drawing timeline of demo %q: unknown strategy %q", r.Demo, n)
		}
		if len(events[n]) == 0 {
			return "", fmt.Errorf("drawing timeline of demo %q: strategy %q has no timeline events", r.Demo, n)
		}
	}
	if len(events) == 0 {
		return "", fmt.Errorf("drawing timeline of demo %q: no timeline events", r.Demo)
	}
	sc := newScale([]float64{end}, nil, false, pad+laneLabelW, width-pad)
	var grid, body svg
	fmt.Fprintf(&body, `<rect class="run c7" x="%s" y="%s" width="18" height="%s"/>`, num(pad), num(pad+2), num(laneMaxH-2))
	body.text(pad+24, pad+smallSz+1, muted, "run (computing)")
	x := pad + (24 + textWidth("run (computing)", false) + 12)
	fmt.Fprintf(&body, `<rect class="wait" x="%s" y="%s" width="18" height="6" stroke-dasharray="3 2"/>`, num(x), num(pad+laneMaxH/2-2))
	body.text(x+24, pad+smallSz+1, muted, "wait (blocked)")
	y := pad + lineH + 6
	top := y
	var descs []string
	for i, s := range r.Strategies {
		evs := events[s.Name]
		if len(evs) == 0 {
			continue
		}
		row := map[int]float64{} // the top of each worker's lane
		for _, ev := range evs {
			row[ev.Worker] = 0
		}
		workers := slices.Sorted(maps.Keys(row))
		lane := math.Min(laneMaxH, lanesMaxH/float64(len(workers)))
		gap := math.Min(laneGap, lane/3)
		note := plural(len(workers), "worker")
		if textWidth(s.Name, true)+textWidth(" "+note, false) <= width-2*pad {
			body.nameNote(s.Name, note, y)
			y += lineH + 4
		} else {
			y = body.lines(note, pad, body.name(s.Name, y), smallSz-2, smallSz+8, muted)
		}
		for _, w := range workers {
			row[w] = y
			if lane >= 12 {
				body.text(pad, y+lane-3, muted, fmt.Sprintf("w%d", w))
			}
			y += lane + gap
		}
		y += laneGap
		// Runs, then waits, each in a group: there may be thousands of boxes.
		var boxes [2]svg
		var count [2]int
		h, last := math.Max(lane/2.5, 1), 0.0
		for _, ev := range evs {
			k, by, bh := 0, row[ev.Worker], lane
			if ev.Kind == "wait" {
				k, by, bh = 1, by+(lane-h)/2, h
			}
			x0, x1 := sc.x(ev.StartS), sc.x(ev.EndS)
			fmt.Fprintf(&boxes[k], `<rect x="%s" y="%s" width="%s" height="%s"/>`, num(x0), num(by), num(math.Max(x1-x0, 0.5)), num(bh))
			count[k]++
			last = math.Max(last, ev.EndS)
		}
		for k, g := range []string{fmt.Sprintf(`<g class="run c%d">`, i%palette), `<g class="wait" stroke-dasharray="3 2">`} {
			if count[k] > 0 {
				fmt.Fprintf(&body, "%s%s</g>", g, &boxes[k])
			}
		}
		descs = append(descs, fmt.Sprintf("%s, %s, %s and %s, ending at %s", s.Name, note,
			plural(count[0], "run"), plural(count[1], "wait"), Seconds(last)))
	}
	y = grid.axis(sc, top, y-laneGap, "time since the strategy started")
	desc := "Timeline of tasks per worker, run or wait: " + strings.Join(descs, "; ") + "."
	return finish("chart-timeline", y, r.Demo+": tasks per worker over time", desc, &grid, &body), nil
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
