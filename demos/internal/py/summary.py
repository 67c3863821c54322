"""summary turns a Python demo's runs into the strategies and the timeline
of its results: medians with min and max, cores used, speedups paired per
repeat, and the timeline of each strategy's median run. It is the twin of
demos/internal/measure's stats.go.

A run is a tuple (seconds, cores used, measure.Run).
"""

# MAX_EVENTS is the most timeline events kept per strategy, the earliest:
# a chart cannot show more, and the results file stays small.
MAX_EVENTS = 2000


def summarise(strategies, runs, base, no_speedup):
    """summarise returns the results' strategies and timeline: runs holds
    each strategy's runs, in repeat order, and base is the index of the
    baseline; with no_speedup the strategies get no speedup."""
    out, timeline = [], []
    for s, rs in zip(strategies, runs):
        st = {"name": s.name}
        if s.label:
            st["label"] = s.label
        if s.unavailable:
            st["unavailable"] = s.unavailable
            out.append(st)
            continue
        st["runs_s"] = [w for w, _, _ in rs]
        st["median_s"], st["min_s"], st["max_s"] = spread(st["runs_s"])
        st["cores_used"] = spread([c for _, c, _ in rs])[0]
        if not no_speedup:
            pairs = [runs[base][k][0] / w for k, (w, _, _) in enumerate(rs)
                     if w > 0 and k < len(runs[base])]
            st["speedup"], st["speedup_min"], st["speedup_max"] = spread(pairs)
        metrics = per_run_metrics([r for _, _, r in rs])
        if metrics:
            st["metrics"] = metrics
        out.append(st)
        if rs:
            events = sorted(rs[median_run(rs)][2].events, key=lambda e: e["start_s"])
            for ev in events[:MAX_EVENTS]:
                timeline.append(dict({"strategy": s.name}, **ev))
    return out, timeline


def per_run_metrics(rs):
    """per_run_metrics reports each per-run metric as its median, min_ and
    max_."""
    values = {}
    for r in rs:
        for k, v in r.metrics.items():
            values.setdefault(k, []).append(v)
    m = {}
    for k, vs in values.items():
        m[k], m["min_" + k], m["max_" + k] = spread(vs)
    return m


def median_run(rs):
    """median_run returns the index of the run whose time is the median (the
    faster of the two middle ones for an even count)."""
    order = sorted(range(len(rs)), key=lambda k: rs[k][0])
    return order[(len(order) - 1) // 2]


def spread(values):
    """spread returns the median, min and max of values (zeros when empty)."""
    if not values:
        return 0.0, 0.0, 0.0
    s = sorted(values)
    n = len(s)
    median = s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2
    return median, s[0], s[-1]
