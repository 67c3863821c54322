"""claims states the expected shape of a Python demo's results: the twin of
demos/internal/measure's claim.go, with the same texts.

A claim is a Claim: its text as the page shows it, a function that reads
the results (a dict in the schema of internal/results) and returns what the
run gave, in words, and whether the claim held, and optionally a function
that adds to the results what it reads, before the demo's finish runs.
"""

import decimal
import math


class Claim:
    """Claim is one expected property of a demo's results."""

    def __init__(self, text, evaluate, record=None):
        self.text = text
        self.evaluate = evaluate
        self.record = record


def lookup(res, name):
    """lookup returns the strategy called name, or None when it is missing
    or did not run here."""
    for s in res["strategies"]:
        if s["name"] == name:
            return None if s.get("unavailable") else s
    return None


def band(lo, hi, unit):
    """band writes [lo, hi] the way a reader says it."""
    if lo == hi:
        return "= %s%s" % (g(lo), unit)
    if math.isinf(hi):
        return ">= %s%s" % (g(lo), unit)
    if math.isinf(lo) or lo == 0:
        return "<= %s%s" % (g(hi), unit)
    return "%s-%s%s" % (g(lo), g(hi), unit)


def g(v):
    """g writes a number as Go's %g does: the shortest digits that give v
    back, in exponent form below 1e-4 and from 1e6 up."""
    if v == 0:
        return "0"
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "+Inf" if v > 0 else "-Inf"
    d = decimal.Decimal(repr(float(v))).normalize()
    sign, digits, exponent = d.as_tuple()
    x = len(digits) + exponent - 1
    if x < -4 or x >= 6:
        mant = str(digits[0]) + ("." + "".join(map(str, digits[1:])) if len(digits) > 1 else "")
        return "%s%se%s%02d" % ("-" if sign else "", mant, "-" if x < 0 else "+", abs(x))
    return "{:f}".format(d)


def speedup(strategy, lo, hi):
    """speedup claims that strategy's median speedup over the baseline lies
    in [lo, hi]; use math.inf for an open end."""
    def evaluate(res):
        s = lookup(res, strategy)
        if s is None:
            return "not run", False
        v = s.get("speedup", 0.0)
        return "%.2f×" % v, lo <= v <= hi
    return Claim("%s %s" % (strategy, band(lo, hi, "×")), evaluate)


def cores(strategy, lo, hi):
    """cores claims that strategy's median cores used lies in [lo, hi]."""
    def evaluate(res):
        s = lookup(res, strategy)
        if s is None:
            return "not run", False
        v = s.get("cores_used", 0.0)
        return "%.2f" % v, lo <= v <= hi
    return Claim("%s uses %s cores" % (strategy, band(lo, hi, "")), evaluate)


def metric(strategy, name, lo, hi):
    """metric claims that a strategy's metric (as reported: NAME, min_NAME
    or max_NAME) lies in [lo, hi]; an empty strategy means a top-level
    metric."""
    def evaluate(res):
        m = res.get("metrics", {})
        if strategy:
            s = lookup(res, strategy)
            if s is None:
                return "not run", False
            m = s.get("metrics", {})
        if name not in m:
            return "missing", False
        v = m[name]
        return "%.4g" % v, lo <= v <= hi
    who = strategy + " " + name if strategy else name
    return Claim("%s %s" % (who, band(lo, hi, "")), evaluate)


def metric_ratio(name, metric_name, a, b, lo, hi):
    """metric_ratio claims that strategy a's metric divided by strategy b's
    lies in [lo, hi], and records that ratio as the top-level metric name
    (which should end in "_x") so that a page can quote it."""
    def evaluate(res):
        v = res.get("metrics", {}).get(name)
        if v is None:
            return "missing (%s of %s or %s)" % (metric_name, a, b), False
        return "%.3g×" % v, lo <= v <= hi

    def record(res):
        sa, sb = lookup(res, a), lookup(res, b)
        if sa is None or sb is None:
            return
        x = sa.get("metrics", {}).get(metric_name)
        y = sb.get("metrics", {}).get(metric_name)
        if x is not None and y is not None and y > 0:
            res.setdefault("metrics", {})[name] = x / y
    return Claim("%s/%s %s %s" % (a, b, metric_name, band(lo, hi, "×")), evaluate, record)
