"""measure runs a Python demo's strategies honestly and reports what they
did: the twin of demos/internal/measure, with the same method, flags,
report and results file, so that a Go demo and its Python twin can be read
side by side.

A demo is a demos/NAME-py/main.py that puts this folder on sys.path, builds
a Demo and calls its main(). Measure then does, in order:

 1. parse the flags every demo understands: -quick (small sizes, for
    tests), -check (exit 1 when a claim fails on a quiet machine, print
    "inconclusive: noisy" and exit 0 when the noise guard tripped),
    -repeats N, and -h; an unknown flag exits 2 with usage;
 2. time a fixed calibration task (the noise guard's "before");
 3. call Demo.setup, where the demo sizes its work, usually with
    machine.calibrate, so that sizes mean time, not iterations;
 4. warm up: Demo.warmup when set, else one discarded run of every strategy;
 5. run the repeats, every strategy once per repeat, the order rotated by
    one place each repeat so that no strategy always runs first or last;
 6. time the calibration task again (the noise guard's "after");
 7. compute per strategy the median, min and max seconds, the cores used
    ((user+system CPU time, children included) / wall time, from
    getrusage, plus the CPU time that pool workers report with
    Run.add_cpu), and the speedup over the baseline paired per repeat;
 8. keep the timeline of each strategy's median run;
 9. record the ratios metric_ratio claims compare, call Demo.finish,
    evaluate the claims, print the report and, when the environment
    variable DEMO_RESULTS names a file, write the same numbers there as
    JSON in the schema of internal/results.

Demo.teardown runs once the measuring is over, whether it succeeded or not,
so that what setup started (a pool of worker processes) never outlives a
failed strategy. SIGINT and SIGTERM interrupt the run the same way.

Every strategy's answer is compared with the baseline's, or, for a strategy
in a group, with the first answer of its group: a strategy that computed
something else is a bug, and the demo exits 1 naming it.
"""

import argparse
import contextlib
import json
import os
import signal
import sys
import threading
import time
import traceback

import machine
import pools
import report as reportlib
import summary

class Failure(Exception):
    """Failure is a demo's error, printed as "NAME: message" before exit 1."""


class Options:
    """Options are the flags every demo understands, as parsed."""

    def __init__(self, quick=False, check=False, repeats=0, out=None):
        self.quick, self.check, self.repeats, self.out = quick, check, repeats, out

    def notef(self, fmt, *args):
        """notef prints a note for the reader above the report."""
        if self.out is not None:
            self.out.write("note: " + (fmt % args if args else fmt) + "\n")


class Run:
    """Run records what happens during one run of one strategy: timeline
    spans, metrics and the CPU time of workers that getrusage does not see.
    Its methods are safe to call from several threads. Times are
    time.perf_counter() seconds, a system-wide clock on Linux and macOS, so
    that a worker process's times compare with ours."""

    def __init__(self, warmup=False):
        self.start = time.perf_counter()
        self.warmup = warmup
        self.events, self.metrics, self.child_cpu = [], {}, 0.0
        self.end = self.cpu = None
        self._lock = threading.Lock()

    @contextlib.contextmanager
    def span(self, worker, task, kind="run"):
        """span records that worker did task (kind "run" or "wait") for as
        long as the with block lasts."""
        begin = time.perf_counter()
        try:
            yield
        finally:
            self.event(worker, task, kind, begin, time.perf_counter())

    def event(self, worker, task, kind, begin, end):
        """event records that worker did task (kind "run" or "wait") from
        begin to end."""
        ev = {"worker": worker, "task": task,
              "start_s": max(0.0, begin - self.start), "end_s": max(0.0, end - self.start)}
        ev["end_s"] = max(ev["end_s"], ev["start_s"])
        if kind != "run":
            ev["kind"] = kind
        with self._lock:
            self.events.append(ev)

    def metric(self, name, value):
        """metric sets a per-run metric; its name carries its unit as a
        suffix ("_s", "_bytes", "_per_s", "_x", "_pct", none for a count)."""
        with self._lock:
            self.metrics[name] = float(value)

    def elsewhere(self, start, end, cpu):
        """elsewhere says that the work ran in a child interpreter that timed
        it itself, from start to end, using cpu seconds: those become the
        run's times, and the child's start-up and exit are left out."""
        self.start, self.end, self.cpu = start, end, cpu

    def add_cpu(self, seconds):
        """add_cpu counts CPU time spent for this run by a process that
        lives on after it (a pool's worker), which getrusage cannot see until
        the process is waited for."""
        with self._lock:
            self.child_cpu += seconds


class Strategy:
    """Strategy is one way of doing a demo's work: run(r) does the whole
    work once and returns its answer."""

    def __init__(self, name, label, run, any_answer=False, group="", unavailable=""):
        self.name, self.label, self.run = name, label, run
        self.any_answer, self.group, self.unavailable = any_answer, group, unavailable


class Demo:
    """Demo describes one demo: its strategies, how to size them and what
    shape their results should have. The fields mean what the Go Demo's do;
    repeats 0 means 5."""

    def __init__(self, name, title, expected, strategies, claims=(), baseline="", repeats=0,
                 no_speedup=False, setup=None, warmup=None, finish=None, teardown=None):
        self.name, self.title, self.expected = name, title, expected
        self.strategies, self.claims, self.baseline = list(strategies), list(claims), baseline
        self.repeats, self.no_speedup = repeats or 5, no_speedup
        self.setup, self.warmup, self.finish, self.teardown = setup, warmup, finish, teardown

    def main(self, argv=None):
        """main runs the demo with the process's arguments and exits with
        exec's status, after ending every helper process multiprocessing
        started."""
        def terminate(signum, frame):
            raise KeyboardInterrupt("terminated")
        signal.signal(signal.SIGTERM, terminate)
        try:
            code = self.exec(sys.argv[1:] if argv is None else argv, sys.stdout, sys.stderr)
            sys.stdout.flush()
        except BrokenPipeError:
            # The reader stopped reading (| head): say nothing more, as
            # Python's documentation of SIGPIPE advises.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            code = 1
        finally:
            pools.stop_helpers()
        sys.exit(code)

    def exec(self, argv, out, err):
        """exec runs the demo with argv, writes the report to out and errors
        to err, writes the results to $DEMO_RESULTS when it is set, and
        returns the exit status: 0 success, 1 failure (a strategy failed or
        computed a different answer, or with -check a claim failed on a
        quiet machine), 2 bad usage."""
        try:
            o = self.parse(argv, err)
        except SystemExit as e:
            return e.code if isinstance(e.code, int) else 2
        o.out = out
        try:
            res = self.measure(o)
        except Failure as e:
            err.write("%s: %s\n" % (self.name, e))
            return 1
        except KeyboardInterrupt:
            err.write("%s: interrupted\n" % self.name)
            return 1
        reportlib.report(out, self, res)
        path = os.environ.get("DEMO_RESULTS", "")
        if path:
            try:
                with open(path, "w", encoding="utf-8") as f:
                    json.dump(res, f, indent=2, ensure_ascii=False, allow_nan=False)
                    f.write("\n")
            except (OSError, ValueError) as e:
                err.write("%s: writing results: %s\n" % (self.name, e))
                return 1
        if o.check:
            if res["check"]["noisy"]:
                out.write("inconclusive: noisy\n")
            elif not res["check"]["ok"]:
                out.write("check failed: the run did not show the expected shape\n")
                return 1
            else:
                out.write("check passed\n")
        return 0

    def parse(self, argv, err):
        p = argparse.ArgumentParser(
            prog="python3 demos/%s/main.py" % self.name, allow_abbrev=False,
            description="%s\nExpected: %s" % (self.title, self.expected),
            formatter_class=argparse.RawDescriptionHelpFormatter)
        p.add_argument("-quick", "--quick", action="store_true", help="small sizes, for tests")
        p.add_argument("-check", "--check", action="store_true",
                       help="exit 1 when the expected shape fails on a quiet machine")
        p.add_argument("-repeats", "--repeats", type=int, default=0, metavar="N",
                       help="measured repeats (default %d, at most 2 with -quick)" % self.repeats)
        a = p.parse_args(argv)
        if a.repeats < 0:
            p.print_usage(err)
            err.write("%s: -repeats must be at least 1\n" % self.name)
            raise SystemExit(2)
        repeats = a.repeats or (min(self.repeats, 2) if a.quick else self.repeats)
        return Options(quick=a.quick, check=a.check, repeats=repeats)

    def measure(self, o):
        """measure does steps 2 to 8 of the module's comment."""
        env = machine.stamp()
        res = {"demo": self.name, "env": env}
        guard_n = machine.calibrate(0.01 if o.quick else 0.05, machine.spin)
        wall_before, cores_before = machine.guard(guard_n)
        try:
            if self.setup is not None:
                try:
                    params = self.setup(o)
                except (Failure, KeyboardInterrupt):
                    raise
                except Exception as e:
                    raise Failure("setting up: %s" % describe(e)) from e
                if params:
                    res["params"] = {k: float(v) for k, v in params.items()}
            runs, base = self.repeat(o)
            wall_after, cores_after = machine.guard(guard_n)
        finally:
            if self.teardown is not None:
                self.teardown()
        env["noisy"] = machine.noisy(cores_before, cores_after, env["load1"], env["cores"])
        res["strategies"], timeline = summary.summarise(self.strategies, runs, base, self.no_speedup)
        if timeline:
            res["timeline"] = timeline
        res["metrics"] = {"guard_cores_before_x": cores_before, "guard_cores_after_x": cores_after,
                          "guard_before_s": wall_before, "guard_after_s": wall_after}
        for c in self.claims:
            if c.record is not None:
                c.record(res)
        if self.finish is not None:
            self.finish(res)
        check = {"ok": True, "noisy": env["noisy"], "expected": self.expected, "claims": []}
        for c in self.claims:
            got, ok = c.evaluate(res)
            check["claims"].append({"claim": c.text, "got": got, "ok": bool(ok)})
            check["ok"] = check["ok"] and bool(ok)
        res["check"] = check
        order = ("demo", "env", "params", "strategies", "timeline", "ideal", "metrics", "check")
        return {k: res[k] for k in order if k in res}

    def repeat(self, o):
        """repeat warms up and runs the repeats in rotating order; it returns
        each strategy's outcomes, (seconds, cores, run) per repeat, and the
        index of the baseline."""
        live = [i for i, s in enumerate(self.strategies) if not s.unavailable]
        names = [s.name for s in self.strategies]
        base = names.index(self.baseline) if self.baseline else 0
        if self.strategies[base].unavailable:
            raise Failure("baseline %s is unavailable: %s" % (names[base], self.strategies[base].unavailable))
        if self.warmup is not None:
            try:
                self.warmup(o)
            except (Failure, KeyboardInterrupt):
                raise
            except Exception as e:
                raise Failure("warming up: %s" % describe(e)) from e
        else:
            for i in live:
                self.run_once(i, True)
        runs = [[] for _ in self.strategies]
        first = {}  # group -> (answer, strategy name)
        for rep in range(o.repeats):
            for k in range(len(live)):
                i = live[(k + rep) % len(live)]
                outcome, answer = self.run_once(i, False)
                runs[i].append(outcome)
                s = self.strategies[i]
                if s.any_answer:
                    continue
                if s.group not in first:
                    first[s.group] = (answer, s.name)
                elif answer != first[s.group][0]:
                    raise Failure("strategy %s computed %s in repeat %d, but %s computed %s" % (
                        s.name, answer, rep + 1, first[s.group][1], first[s.group][0]))
        return runs, base

    def run_once(self, i, warmup):
        """run_once runs strategy i once, measuring wall time and CPU time."""
        s = self.strategies[i]
        r = Run(warmup)
        c0 = machine.cpu_time()
        r.start = time.perf_counter()
        try:
            answer = s.run(r)
        except (Failure, KeyboardInterrupt):
            raise
        except Exception as e:
            traceback.print_exc()
            raise Failure("strategy %s: %s" % (s.name, describe(e))) from e
        wall = time.perf_counter() - r.start
        cpu = machine.cpu_time() - c0 + r.child_cpu
        if r.end is not None:  # timed by a child: see Run.elsewhere
            wall, cpu = r.end - r.start, r.cpu
        return (wall, cpu / wall if wall > 0 else 0.0, r), answer


def describe(e):
    """describe writes an exception as its type and message."""
    return "%s: %s" % (type(e).__name__, e) if str(e) else type(e).__name__
