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

// Lanes of the timeline, in user units.
const (
	laneLabelW = 34.0 // room for "w12" left of the lanes
	laneMaxH   = 14.0
	laneGap    = 4.0
	lanesMaxH  = 180.0 // many workers share this height
)

// Timeline returns an SVG chart of the tasks each worker ran, one lane per
// worker, for the named strategies in the order of r, or for every
// strategy that has events when names is empty. All strategies share one
// time axis, so their lengths compare. A name that is unknown or has no
// events is an error.
func Timeline(r *results.Results, names ...string) (template.HTML, error) {
	if err := check(r); err != nil {
		return "", fmt.Errorf("drawing timeline: %w", err)
	}
	events := map[string][]results.Event{}
	for _, ev := range r.Timeline {
		events[ev.Strategy] = append(events[ev.Strategy], ev)
	}
	for _, n := range names {
		if _, ok := r.Lookup(n); !ok {
			return "", fmt.Errorf("drawing timeline of demo %q: unknown strategy %q", r.Demo, n)
		}
		if len(events[n]) == 0 {
			return "", fmt.Errorf("drawing timeline of demo %q: strategy %q has no timeline events", r.Demo, n)
		}
	}
	var shown []int // indexes into r.Strategies, which also pick colours
	end := 0.0
	for i, s := range r.Strategies {
		if len(events[s.Name]) > 0 && (len(names) == 0 || slices.Contains(names, s.Name)) {
			shown = append(shown, i)
			for _, ev := range events[s.Name] {
				end = math.Max(end, ev.EndS)
			}
		}
	}
	if len(shown) == 0 {
		return "", fmt.Errorf("drawing timeline of demo %q: no timeline events", r.Demo)
	}
	sc := newScale([]float64{end}, false, false, pad+laneLabelW, width-pad)

	var grid, body svg
	y := timelineLegend(&body, pad)
	top := y
	var descs []string
	for _, i := range shown {
		s := r.Strategies[i]
		var d string
		y, d = timelineStrategy(&body, sc, i, s, events[s.Name], y)
		descs = append(descs, d)
	}
	y = grid.axis(sc, top, y-laneGap, "time since the strategy started")
	desc := "Timeline of tasks per worker, run or wait: " + strings.Join(descs, "; ") + "."
	return finish("chart-timeline", y, fmt.Sprintf("%s: tasks per worker over time", r.Demo), desc, &grid, &body), nil
}

// timelineLegend writes the key of run and wait boxes and returns the next y.
func timelineLegend(b *svg, y float64) float64 {
	x := pad
	b.printf(`<rect class="run c7" x="%s" y="%s" width="18" height="%s"/>`, num(x), num(y+2), num(laneMaxH-2))
	b.text(x+24, y+smallSz+1, "muted", "", smallSz, "run (computing)")
	x += 24 + textWidth("run (computing)", smallSz, false) + 12
	b.printf(`<rect class="wait" x="%s" y="%s" width="18" height="%s" stroke-dasharray="3 2"/>`, num(x), num(y+laneMaxH/2-2), num(6.0))
	b.text(x+24, y+smallSz+1, "muted", "", smallSz, "wait (blocked)")
	return y + lineH + 6
}

// timelineStrategy writes the heading and lanes of one strategy and returns
// the next y and a sentence describing it.
func timelineStrategy(b *svg, sc scale, i int, s results.Strategy, evs []results.Event, y float64) (float64, string) {
	row := map[int]float64{} // the top of each worker's lane
	run, wait, last := 0, 0, 0.0
	for _, ev := range evs {
		row[ev.Worker] = 0
		if ev.Kind == "wait" {
			wait++
		} else {
			run++
		}
		last = math.Max(last, ev.EndS)
	}
	workers := slices.Sorted(maps.Keys(row))
	lane := math.Min(laneMaxH, lanesMaxH/float64(len(workers)))
	gap := math.Min(laneGap, lane/3)

	note := plural(len(workers), "worker")
	if textWidth(s.Name, fontSize, true)+textWidth(" "+note, smallSz, false) <= width-2*pad {
		b.nameNote(s.Name, note, y)
		y += lineH + 4
	} else {
		y = b.name(s.Name, y)
		b.text(pad, y+smallSz-2, "muted", "", smallSz, note)
		y += smallSz + 8
	}
	for _, w := range workers {
		row[w] = y
		if lane >= 12 {
			b.text(pad, y+lane-3, "muted", "", smallSz, fmt.Sprintf("w%d", w))
		}
		y += lane + gap
	}
	desc := fmt.Sprintf("%s, %s, %s and %s, ending at %s", s.Name, note,
		plural(run, "run"), plural(wait, "wait"), Seconds(last))
	// Runs first and waits over them, each kind in one group that carries
	// the shared attributes: a timeline can hold thousands of boxes.
	if run > 0 {
		boxes(b, fmt.Sprintf(`<g class="run c%d">`, i%palette), sc, evs, false, row, 0, lane)
	}
	if wait > 0 {
		h := math.Max(lane/2.5, 1)
		boxes(b, `<g class="wait" stroke-dasharray="3 2">`, sc, evs, true, row, (lane-h)/2, h)
	}
	return y + laneGap, desc
}

// boxes writes the group opened by group, holding a box for each event
// that waits (or, unless wait, runs), h high and dy below the top of its
// worker's lane.
func boxes(b *svg, group string, sc scale, evs []results.Event, wait bool, row map[int]float64, dy, h float64) {
	b.WriteString(group)
	for _, ev := range evs {
		if (ev.Kind == "wait") == wait {
			x0, x1 := sc.x(ev.StartS), sc.x(ev.EndS)
			b.printf(`<rect x="%s" y="%s" width="%s" height="%s"/>`,
				num(x0), num(row[ev.Worker]+dy), num(math.Max(x1-x0, 0.5)), num(h))
		}
	}
	b.WriteString("</g>")
}

// plural returns "1 worker" or "3 workers".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
