"""child runs one strategy of a Python demo in a child interpreter of its
own, for the strategies that cannot share a process: gevent and eventlet
monkey-patch the standard library (time.sleep, socket, threading), which
changes every other strategy run after them, and they cannot both patch one
process.

The demo re-executes its own main.py with a hidden first argument,

    python3 main.py -child NAME PATCH PARAMS

where NAME is a strategy, PATCH is "", "gevent" or "eventlet" and PARAMS
is JSON. The child's main.py calls early() before it imports anything but
this module, so that the patching comes first, as both libraries ask; at
its end it calls serve(), which runs the strategy and prints what it
measured as one line of JSON on stdout. The parent's run() reads it and
hands the times to the measure.Run of the repeat: the strategy is timed by
the child around the work itself, from before its first task starts to the
end of its last, so the child's start-up (an interpreter, the library's
import) and its exit are not counted, and the parent's method (warm-up,
rotating repeats, median with min-max, claims) stays the same.
"""

import json
import os
import signal
import sys
import time

FLAG = "-child"

# TIMEOUT bounds one child's run, start-up included.
TIMEOUT = 300


def asked():
    """asked reports whether this process is a demo's child."""
    return len(sys.argv) == 5 and sys.argv[1] == FLAG


def early():
    """early is the first call of a demo's main.py: in a child that asks
    for it, it monkey-patches the standard library with gevent or eventlet
    before anything else is imported, and it leaves Ctrl-C to the parent,
    which ends the child."""
    if not asked():
        return
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    patch = sys.argv[3]
    if patch == "gevent":
        from gevent import monkey
        monkey.patch_all()
    elif patch == "eventlet":
        import eventlet
        eventlet.monkey_patch()
    elif patch:
        sys.exit("%s: unknown patch %r" % (sys.argv[0], patch))


def patched():
    """patched names the library that patched this child, or ""."""
    return sys.argv[3] if asked() else ""


def serve(handlers):
    """serve runs the strategy a child was started for and exits; it
    returns False in the parent. handlers maps a strategy's name to a
    function of PARAMS that returns a Result."""
    if not asked():
        return False
    name, params = sys.argv[2], json.loads(sys.argv[4])
    if name not in handlers:
        sys.exit("%s: unknown strategy %r" % (sys.argv[0], name))
    res = handlers[name](params)
    line = json.dumps({"start": res.start, "end": res.end, "cpu": res.cpu, "answer": res.answer,
                       "metrics": res.metrics, "events": res.events, "notes": res.notes})
    sys.stdout.write(line + "\n")
    sys.stdout.flush()
    sys.exit(0)


class Result:
    """Result is what a child measured: the work's start and end
    (time.perf_counter, a system-wide clock on Linux and macOS), the CPU
    seconds it took, its answer, metrics, timeline events (worker, task,
    kind, start, end) and notes for the reader."""

    def __init__(self):
        self.start = self.end = 0.0
        self.cpu = 0.0
        self.answer = None
        self.metrics, self.events, self.notes = {}, [], []
        self._cpu0 = 0.0

    def begin(self):
        """begin marks the start of the work."""
        self._cpu0 = time.process_time()
        self.start = time.perf_counter()

    def finish(self, answer):
        """finish marks the end of the work and keeps its answer."""
        self.end = time.perf_counter()
        self.cpu = time.process_time() - self._cpu0
        self.answer = answer
        return self


def run(r, failure, name, params, patch="", notes=None):
    """run starts this demo's main.py as a child that runs strategy name
    with params (patched with patch), waits for it and records what it
    measured on the measure.Run r, adding its notes to the list notes; it
    returns the strategy's answer. A
    child that fails or says nothing raises failure (measure.Failure);
    an interrupted parent kills the child first."""
    import subprocess
    script = os.path.abspath(sys.argv[0])
    cmd = [sys.executable, script, FLAG, name, patch, json.dumps(params)]
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    try:
        out, _ = p.communicate(timeout=TIMEOUT)
    except BaseException:
        p.kill()
        p.wait()
        raise
    if p.returncode != 0:
        raise failure("the child running %s exited with status %d" % (name, p.returncode))
    lines = out.strip().splitlines()
    try:
        got = json.loads(lines[-1])
    except (IndexError, ValueError) as e:
        raise failure("the child running %s did not report: %r" % (name, out[-200:])) from e
    r.elsewhere(got["start"], got["end"], got["cpu"])
    for k, v in got["metrics"].items():
        r.metric(k, v)
    for worker, task, kind, begin, end in got["events"]:
        r.event(worker, task, kind, begin, end)
    if notes is not None:
        notes.extend(got["notes"])
    return got["answer"]


def memory():
    """memory returns this process's resident and virtual memory in bytes:
    Rss of /proc/self/smaps_rollup, which the kernel counts by walking the
    page tables (VmRSS of /proc/self/status, a running counter that may lag
    in a process of many threads, where there is no rollup), and VmSize of
    /proc/self/status; zeros where there is no /proc."""
    fields = {}
    for path in ("/proc/self/smaps_rollup", "/proc/self/status"):
        try:
            with open(path, encoding="ascii", errors="replace") as f:
                for line in f:
                    key, sep, value = line.partition(":")
                    if sep and key in ("Rss", "VmRSS", "VmSize") and key not in fields:
                        fields[key] = int(value.split()[0]) * 1024
        except (OSError, ValueError, IndexError):
            pass
    return fields.get("Rss", fields.get("VmRSS", 0)), fields.get("VmSize", 0)


def os_threads():
    """os_threads returns this process's OS threads (the entries of
    /proc/self/task), or 0 where there is no /proc."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return 0
