# requires: gevent eventlet trio uvloop
"""waits-py is the Python side of demos/c10k: 10,000 tasks that each wait
100 ms, under every way CPython has to wait for many things at once:
asyncio's event loop, asyncio on uvloop's loop, trio, gevent and eventlet
(green threads that monkey-patch time.sleep), and OS threads. For each it
reports the wall time, the start-up cost per task (from before the first
task is started to the moment the last one waits, divided by the tasks)
and the memory each waiting task holds, sampled at that moment, while all
of them wait: the growth of the process's resident memory (Rss, the pages
it has in RAM) over a sample taken just before the first task started,
divided by the tasks waiting. Its virtual memory's growth (VmSize) is
reported beside it: a thread's stack is reserved whole, but only the pages
the thread has touched are resident.

Threads are capped as in c10k (2,000, or fewer when the system's limits
say so), so that a pool of that many threads takes the waits in turns; each
is started with the stack size STACK. gevent and eventlet monkey-patch the
standard library and cannot share a process with each other or with the
rest, so every strategy runs in a child interpreter of its own (see
demos/internal/py/child.py), which times the work itself and reports it.

Run it with /usr/bin/python3 demos/waits-py/main.py (Debian's python3 with
python3-gevent, python3-eventlet, python3-trio and python3-uvloop; a
library that is missing makes its strategy unavailable); -h lists the
flags.
"""

import os
import sys

sys.dont_write_bytecode = True  # keep the source tree free of __pycache__
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "internal", "py"))

import child  # noqa: E402

child.early()  # in gevent's or eventlet's child: patch before anything else is imported

import gc  # noqa: E402
import importlib.util  # noqa: E402
import math  # noqa: E402
import resource  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402

import claims  # noqa: E402
import measure  # noqa: E402
from report import bytes_string, seconds  # noqa: E402

# STACK is each thread's stack size (threading.stack_size): 256 KiB, where
# the default is the main thread's limit (ulimit -s, 8 MiB on most Linux
# systems). Either way it is reserved address space; only the pages a
# thread touches take memory.
STACK = 256 * 1024

# THREAD_CAP bounds the threads at once, as in c10k: enough to show their
# cost, few enough to leave the machine usable.
THREAD_CAP = 2000

# PER_TASK bounds what a task costs a loop or a green-thread library beside
# its wait: starting it, switching to it when its
# timer fires) and ending it. CPython spends a few microseconds on each
# (a frame, a task or greenlet object, a timer in a heap), so the waits
# overlap and N of them take L plus N times some tens of microseconds;
# 200 leaves room for the slowest library on a 2-core machine.
PER_TASK = 200e-6

# MEMORY_X is how many times a waiting loop task's memory a waiting thread
# holds at least. A thread keeps the pages of its stack it has touched (a
# few of 4 KiB each), its Python thread state and a lock; a coroutine or a
# trio task is a few objects on the heap (3× leaves room for trio's
# heavier task objects); a greenlet is a few objects too, plus the slice of
# C stack it was switched out at, copied to the heap, which brings it
# nearer a thread.
MEMORY_X = {"event-loop": 3, "uvloop": 3, "trio": 3, "gevent": 1.3, "eventlet": 1.3}

# MARGIN is the threads left to everything else when the system's limits
# bound the cap.
MARGIN = 200


class Waiting:
    """Waiting counts the tasks as they start (one()); when the last one
    has, it samples the time, the memory and the OS threads, and opens a
    gate. A task that has done its waits before then waits at the gate
    before it ends, so that every task is alive and waiting, on its timer
    or at the gate, when the memory is sampled, however long starting them
    all takes. (That changes no end: the last task to start still has its
    own waits ahead.) Waiting is made just before the first task starts,
    and samples the memory then too, after collecting the garbage."""

    def __init__(self, units, open_gate):
        self.units, self.started, self.open_gate = units, 0, open_gate
        self.lock = threading.Lock()  # a green lock once patched
        self.res = child.Result()
        gc.collect()
        self.rss, self.size = child.memory()
        self.res.begin()

    def one(self):
        with self.lock:
            self.started += 1
            last = self.started == self.units
        if last:
            now = time.perf_counter()
            rss, size = child.memory()
            m = self.res.metrics
            m["start_per_unit_s"] = (now - self.res.start) / self.units
            m["memory_per_unit_bytes"] = max(0, rss - self.rss) / self.units
            m["virtual_per_unit_bytes"] = max(0, size - self.size) / self.units
            m["units_at_once"] = self.units
            m["os_threads"] = child.os_threads()
            self.open_gate()


# Each strategy runs in a child (params: n tasks, each waiting wait
# seconds; cap threads) and returns the sum of i + 1 over its tasks: all
# must agree, and a task that woke twice or never would show.

# region event-loop
def event_loop(p, new_loop=None):
    import asyncio
    n, wait = p["n"], p["wait"]

    async def task(i, w, gate):
        w.one()
        await asyncio.sleep(wait)  # a timer in the loop's heap; the coroutine is suspended
        if not gate.is_set():
            await gate.wait()
        return i + 1

    async def main():
        gate = asyncio.Event()
        w = Waiting(n, gate.set)
        total = sum(await asyncio.gather(*(task(i, w, gate) for i in range(n))))
        return w.res.finish(total)

    if new_loop is None:
        return asyncio.run(main())
    loop = new_loop()  # uvloop: the same asyncio code on libuv's loop
    try:
        return loop.run_until_complete(main())
    finally:
        loop.close()

# endregion


def uvloop_(p):
    import uvloop
    return event_loop(p, uvloop.new_event_loop)


# region trio
def trio_(p):
    import trio
    n, wait = p["n"], p["wait"]
    total = [0]

    async def task(i, w, gate):
        w.one()
        await trio.sleep(wait)
        if not gate.is_set():
            await gate.wait()
        total[0] += i + 1

    async def main():
        gate = trio.Event()
        w = Waiting(n, gate.set)
        async with trio.open_nursery() as nursery:  # waits for every task it started
            for i in range(n):
                nursery.start_soon(task, i, w, gate)
        return w.res.finish(total[0])

    return trio.run(main)

# endregion


# region green
def blocking(i, wait, w, gate, out):
    """blocking is one task as plain blocking code: gevent and eventlet
    run it unchanged, since threading.Event and time.sleep are theirs once
    patched."""
    w.one()
    time.sleep(wait)  # patched: the green thread yields to the hub until its timer fires
    if not gate.is_set():
        gate.wait()
    out[i] = i + 1


def gevent_(p):
    import gevent
    assert child.patched() == "gevent"
    n, wait = p["n"], p["wait"]
    out = [0] * n
    gate = threading.Event()
    w = Waiting(n, gate.set)
    gevent.joinall([gevent.spawn(blocking, i, wait, w, gate, out) for i in range(n)])
    return w.res.finish(sum(out))


def eventlet_(p):
    import eventlet
    assert child.patched() == "eventlet"
    n, wait = p["n"], p["wait"]
    out = [0] * n
    gate = threading.Event()
    w = Waiting(n, gate.set)
    pool = eventlet.GreenPool(n)
    for i in range(n):
        pool.spawn_n(blocking, i, wait, w, gate, out)
    pool.waitall()
    return w.res.finish(sum(out))

# endregion


# region threads
def threads(p):
    n, wait, cap = p["n"], p["wait"], p["cap"]
    threading.stack_size(STACK)
    out = [0] * cap

    def worker(k, w, gate):
        w.one()
        for i in range(k, n, cap):  # a capped pool: each thread takes every cap-th task
            time.sleep(wait)  # the OS thread itself sleeps, the GIL released
            out[k] += i + 1
        if not gate.is_set():
            gate.wait()

    gate = threading.Event()
    w = Waiting(cap, gate.set)
    ts = [threading.Thread(target=worker, args=(k, w, gate)) for k in range(cap)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return w.res.finish(sum(out))

# endregion


# STRATEGIES are the strategies in report order: name, label, the function
# the child runs, the library it needs and the library that patches it.
STRATEGIES = [
    ("event-loop", "asyncio", event_loop, "", ""),
    ("uvloop", "asyncio on uvloop", uvloop_, "uvloop", ""),
    ("trio", "trio, one nursery", trio_, "trio", ""),
    ("gevent", "greenlets, sleep patched", gevent_, "gevent", "gevent"),
    ("eventlet", "green threads, sleep patched", eventlet_, "eventlet", "eventlet"),
    ("threads", "capped OS threads", threads, "", ""),
]

LOOPS = [s[0] for s in STRATEGIES if s[0] != "threads"]


def missing(module):
    """missing says why a strategy cannot run here, or ""."""
    if module and importlib.util.find_spec(module) is None:
        return "%s is not installed for this python (Debian: apt-get install python3-%s)" % (module, module)
    return ""


def limits():
    """limits returns the system's bounds on threads: RLIMIT_NPROC (0 when
    unlimited) and the kernel's threads-max (0 when unknown)."""
    nproc = 0
    soft, _ = resource.getrlimit(resource.RLIMIT_NPROC)
    if soft != resource.RLIM_INFINITY:
        nproc = soft
    tmax = 0
    try:
        with open("/proc/sys/kernel/threads-max", encoding="ascii") as f:
            tmax = int(f.read().strip())
    except (OSError, ValueError):
        pass
    return nproc, tmax


class WaitsDemo:
    """WaitsDemo holds the sizes the setup chose."""

    def __init__(self):
        self.n, self.wait, self.cap = 0, 0.0, 0

    def demo(self):
        strategies = []
        for name, label, _, module, patch in STRATEGIES:
            strategies.append(measure.Strategy(name, label, self.runner(name, patch),
                                               unavailable=missing(module)))
        few = 3.0  # the interpreter's main thread, and a helper or two
        return measure.Demo(
            name="waits-py",
            title="10,000 waits in CPython: event loops, green threads and OS threads",
            expected="every loop and green-thread library <= L + N × 200 µs on <= 3 OS threads; "
                     "threads: an OS thread per waiting unit and more memory per waiting task than any loop "
                     "(>= 3× asyncio's, uvloop's and trio's, >= 1.3× a greenlet's)",
            repeats=3,
            no_speedup=True,
            setup=self.setup,
            warmup=self.warmup,
            strategies=strategies,
            claims=[self.within(name, PER_TASK) for name in LOOPS]
            + [claims.metric(name, "os_threads", 1, few) for name in LOOPS]
            + [self.many_threads()]
            + [claims.metric_ratio("thread_per_%s_memory_x" % name.replace("-", "_"),
                                   "memory_per_unit_bytes", "threads", name, MEMORY_X[name], math.inf)
               for name in LOOPS],
        )

    def runner(self, name, patch):
        def run(r):
            return child.run(r, measure.Failure, name,
                             {"n": self.n, "wait": self.wait, "cap": self.cap}, patch)
        return run

    def setup(self, o):
        self.n, self.wait, cap = (10_000, 0.100, THREAD_CAP) if not o.quick else (500, 0.010, 50)
        nproc, tmax = limits()
        fit = cap
        if nproc:
            fit = min(fit, nproc // 2 - MARGIN)
        if tmax:
            fit = min(fit, tmax // 4)
        self.cap = max(1, min(cap, fit, self.n))
        o.notef("threads are capped at %d (RLIMIT_NPROC %s, kernel threads-max %s), "
                "so the threads strategy waits %d times in %d turns, on stacks of %s",
                self.cap, nproc or "unlimited", tmax or "unknown", self.n,
                -(-self.n // self.cap), bytes_string(STACK))
        params = {"units": self.n, "wait_s": self.wait, "thread_cap": self.cap,
                  "thread_stack_bytes": STACK}
        if nproc:
            params["rlimit_nproc"] = nproc
        if tmax:
            params["kernel_threads_max"] = tmax
        soft, _ = resource.getrlimit(resource.RLIMIT_STACK)
        if soft != resource.RLIM_INFINITY:
            params["rlimit_stack_bytes"] = soft
        return params

    def warmup(self, o):
        """warmup runs every strategy's child once on 100 short waits, so
        that the interpreter and each library are read from disk before
        the repeats; a child's own start is never timed."""
        for name, _, _, module, patch in STRATEGIES:
            if not missing(module):
                child.run(measure.Run(True), measure.Failure, name,
                          {"n": 100, "wait": 0.001, "cap": min(self.cap, 100)}, patch)

    def within(self, strategy, per_task):
        """within claims that strategy's median time is at most L plus
        per_task seconds for each task."""
        def evaluate(res):
            s = claims.lookup(res, strategy)
            if s is None:
                return "not run", False
            hi = self.wait + self.n * per_task
            return "%s (want <= %s)" % (seconds(s["median_s"]), seconds(hi)), s["median_s"] <= hi
        return claims.Claim("%s <= L + N × %s" % (strategy, seconds(per_task)), evaluate)

    def many_threads(self):
        """many_threads claims that the threads strategy really had an OS
        thread per waiting unit."""
        def evaluate(res):
            s = claims.lookup(res, "threads")
            if s is None:
                return "not run", False
            got = s.get("metrics", {}).get("os_threads", 0)
            return "%.0f OS threads for %d units at once" % (got, self.cap), got >= 0.9 * self.cap
        return claims.Claim("threads: an OS thread per waiting unit", evaluate)


HANDLERS = {name: fn for name, _, fn, _, _ in STRATEGIES}

if __name__ == "__main__":
    if not child.serve(HANDLERS):
        WaitsDemo().demo().main()
