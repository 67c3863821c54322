"""report prints a Python demo's results as a person reads them in a
terminal, in the layout of demos/internal/measure's report.go, so that a Go
demo's report and its Python twin's read alike."""

import math

_GUARD = ("guard_cores_before_x", "guard_cores_after_x", "guard_before_s", "guard_after_s")


def report(out, demo, res):
    """report writes res, the results of demo, to the text stream out."""
    w = out.write
    w("%s: %s\n" % (demo.name, demo.title))
    if res.get("params"):
        w("params: %s\n" % format_metrics(res["params"]))
    w("\n")
    head = ["strategy", "median", "min-max"]
    if not demo.no_speedup:
        head += ["speedup", "(min-max)"]
    rows = [head + ["cores used"]]
    for s in res["strategies"]:
        if s.get("unavailable"):
            rows.append([s["name"], "unavailable: " + s["unavailable"]])
            continue
        row = [s["name"], seconds(s["median_s"]), seconds_range(s["min_s"], s["max_s"])]
        if not demo.no_speedup:
            row += ["%.2f×" % s.get("speedup", 0.0),
                    "(%.2f-%.2f)" % (s.get("speedup_min", 0.0), s.get("speedup_max", 0.0))]
        rows.append(row + ["%.2f" % s.get("cores_used", 0.0)])
    w(table(rows))
    for s in res["strategies"]:
        if s.get("metrics"):
            w("  %s: %s\n" % (s["name"], format_metrics(medians(s["metrics"]))))
    top = medians({k: v for k, v in res.get("metrics", {}).items() if k not in _GUARD})
    if top:
        w("  %s\n" % format_metrics(top))
    check = res["check"]
    w("\nexpected: %s\n" % check["expected"])
    for c in check.get("claims", []):
        w("  %s %s: got %s\n" % ("✓" if c["ok"] else "✗", c["claim"], c["got"]))
    e = res["env"]
    impl = {"cpython": "CPython", "pypy": "PyPy"}.get(e.get("implementation"), e.get("implementation", "Python"))
    w("\nmachine: %d × %s, %s/%s, %s %s (GIL %s), load %.2f, %s\n" % (
        e["cores"], e["cpu"], e["os"], e["arch"], impl, e["python"], e["gil"], e.get("load1", 0.0),
        e["time"].replace("T", " ")[:16] + " UTC"))
    verdict = "quiet"
    if e["noisy"]:
        verdict = "NOISY: another program competed for the CPU; timings are not trustworthy"
    m = res.get("metrics", {})
    w("noise guard: calibration task took %s on %.2f cores before, %s on %.2f after: %s\n" % (
        seconds(m.get("guard_before_s", 0.0)), m.get("guard_cores_before_x", 0.0),
        seconds(m.get("guard_after_s", 0.0)), m.get("guard_cores_after_x", 0.0), verdict))


def table(rows):
    """table aligns rows in columns two spaces apart, as Go's tabwriter does
    with every cell ended by a tab."""
    widths = {}
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths.get(i, 0), len(cell))
    return "".join("".join(cell.ljust(widths[i] + 2) for i, cell in enumerate(row)) + "\n" for row in rows)


def medians(m):
    """medians drops the min_ and max_ companions of per-run metrics."""
    out = {}
    for k, v in m.items():
        base = k[4:] if k.startswith(("min_", "max_")) else None
        if base is not None and base in m:
            continue
        out[k] = v
    return out


def format_metrics(m):
    return " ".join("%s=%s" % (k, format_value(k, m[k])) for k in sorted(m))


def format_value(name, v):
    """format_value writes a metric's value by its name's unit suffix."""
    if name.endswith("_per_s"):
        return "%.0f/s" % v if abs(v) >= 100 else "%.3g/s" % v
    if name.endswith("_s"):
        return seconds(v)
    if name.endswith("_bytes"):
        return bytes_string(v)
    if name.endswith("_x"):
        return "%.3g×" % v
    if name.endswith("_pct"):
        return "%.3g%%" % v
    if v == math.trunc(v) and abs(v) < 1e15:
        return "%d" % v
    return "%.6g" % v


def seconds_range(lo, hi):
    """seconds_range writes "269-424 ms", naming the unit once when both
    share it."""
    a, b = seconds(lo), seconds(hi)
    if a.rsplit(" ", 1)[1] == b.rsplit(" ", 1)[1]:
        return a.rsplit(" ", 1)[0] + "-" + b
    return a + "-" + b


def seconds(s):
    """seconds writes a duration in seconds with an automatic unit: "412 ms"."""
    a = abs(s)
    if a == 0:
        return "0 s"
    if a >= 1:
        return "%.3g s" % s
    if a >= 1e-3:
        return "%.3g ms" % (s * 1e3)
    if a >= 1e-6:
        return "%.3g µs" % (s * 1e6)
    return "%.3g ns" % (s * 1e9)


def bytes_string(v):
    for unit in ("B", "KiB", "MiB", "GiB"):
        if abs(v) < 1024 or unit == "GiB":
            return "%.4g %s" % (v, unit)
        v /= 1024
    return ""
