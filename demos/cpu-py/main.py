"""cpu-py is the Python twin of demos/cpu: four CPU-bound tasks of about
60 ms each, done one after another, by a thread per task, by a pool of
worker processes and by an asyncio event loop. In CPython with its global
interpreter lock (GIL) only one thread runs Python code at a time, so the
threads take turns and finish no sooner than one thread would; the event
loop runs each task to its end, since CPU-bound work never awaits; only the
processes use several cores at once.

The work is demos/internal/py/xorshift.py's, which subinterp-py shares.
The pool is started once, before the repeats (see demos/internal/py/pools.py
for why, and for why with "spawn"); its start time is the parameter
pool_start_s.

Run it with python3 demos/cpu-py/main.py; -h lists the flags.
"""

import asyncio
import os
import sys
import threading
import time

sys.dont_write_bytecode = True  # keep the source tree free of __pycache__
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "internal", "py"))

import claims  # noqa: E402
import machine  # noqa: E402
import measure  # noqa: E402
import pools  # noqa: E402
from xorshift import nop, work  # noqa: E402



def work_task(task):
    """work_task is a task as a worker process does it."""
    seed, rounds = task
    return work(seed, rounds, nop)


# GAP is the pause between two ticks that means a thread was not running:
# a chunk takes tens of microseconds, and the GIL changes hands every
# sys.getswitchinterval() (5 ms).
GAP = 0.001


class CpuDemo:
    """CpuDemo holds the sizes the setup chose and the pool."""

    def __init__(self):
        self.procs = min(cpu_count(), 4)  # four tasks: at most four workers help
        self.tasks = []
        self.pool = None

    def demo(self):
        p = self.procs
        gil = machine.gil_enabled()
        # Without a GIL (a free-threaded build), threads run in parallel as
        # Go's threads do.
        threads = (0.8, 1.2) if gil else (0.8 * p, 1.05 * p)
        return measure.Demo(
            name="cpu-py",
            title="CPU-bound work in CPython: concurrency is not parallelism",
            expected="threads and event-loop %s-%s× sequential; processes %s-%s×" % (
                claims.g(threads[0]), claims.g(threads[1]), claims.g(0.75 * p), claims.g(1.05 * p)),
            repeats=3,
            setup=self.setup,
            warmup=self.warmup,
            teardown=self.teardown,
            strategies=[
                measure.Strategy("sequential", "one thread", self.sequential),
                measure.Strategy("threads", "a thread per task" + (", one GIL" if gil else ""), self.threads),
                measure.Strategy("processes", plural(p, "worker process", "worker processes"), self.processes),
                measure.Strategy("event-loop", "asyncio: one thread, tasks as coroutines", self.event_loop),
            ],
            claims=[
                claims.speedup("threads", *threads),
                claims.speedup("event-loop", 0.8, 1.2),
                claims.speedup("processes", 0.75 * p, 1.05 * p),
            ],
            finish=self.finish,
        )

    def setup(self, o):
        target = 0.010 if o.quick else 0.060  # four strategies, three repeats: about 2.5 s
        rounds = machine.calibrate(target, lambda n: work(1, n, nop))
        self.tasks = [(i + 1, rounds) for i in range(4)]
        self.pool, started = pools.start_pool(self.procs)
        return {"tasks": len(self.tasks), "task_s": target, "rounds": rounds,
                "worker_processes": self.procs, "pool_start_s": started,
                "switch_interval_s": sys.getswitchinterval()}

    def warmup(self, o):
        """warmup runs a tenth of the work through the threads and the pool."""
        small = [(seed, rounds // 10) for seed, rounds in self.tasks]
        threads = [threading.Thread(target=work, args=(seed, rounds, nop)) for seed, rounds in small]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        list(self.pool.map(work_task, small))

    def teardown(self):
        pools.stop_pool(self.pool)
        self.pool = None

    def finish(self, res):
        """finish draws the limit: with p cores the work takes at least
        sequential / p."""
        for s in res["strategies"]:
            if s["name"] == "sequential" and s.get("median_s", 0) > 0:
                res["ideal"] = {"s": s["median_s"] / self.procs,
                                "label": "sequential / %d cores" % self.procs}

    # Each strategy returns every task's result, in task order: all must agree.

    # region sequential
    def sequential(self, r):
        out = []
        for i, (seed, rounds) in enumerate(self.tasks):
            with r.span(0, i):
                out.append(work(seed, rounds, nop))
        return out

    # endregion

    # region threads
    def threads(self, r):
        out = [None] * len(self.tasks)

        def one(i, seed, rounds):
            ran = Turns(r, i)  # records when this thread held the GIL
            out[i] = work(seed, rounds, ran.tick)
            ran.done()

        threads = [threading.Thread(target=one, args=(i, *t)) for i, t in enumerate(self.tasks)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return out

    # endregion

    # region processes
    def processes(self, r):
        # Each task is pickled to a worker, run there, and its result
        # pickled back; the pool's workers were started before the repeats.
        return pools.run_timed(self.pool, r, work_task, self.tasks)

    # endregion

    # region event-loop
    def event_loop(self, r):
        out = [None] * len(self.tasks)

        async def one(i, seed, rounds):
            # A coroutine gives the loop back only at an await; CPU-bound
            # work has none, so once started it runs to the end.
            with r.span(0, i):
                out[i] = work(seed, rounds, nop)

        async def main():
            await asyncio.gather(*(one(i, *t) for i, t in enumerate(self.tasks)))

        asyncio.run(main())
        return out

    # endregion


class Turns:
    """Turns records the stretches in which a thread ran: a pause between
    two ticks longer than GAP ends one, since the thread was waiting for
    the GIL (or for a core)."""

    def __init__(self, r, worker):
        self.r, self.worker = r, worker
        self.since = self.last = time.perf_counter()

    def tick(self):
        now = time.perf_counter()
        if now - self.last > GAP:
            self.r.event(self.worker, self.worker, "run", self.since, self.last)
            self.since = now
        self.last = now

    def done(self):
        self.r.event(self.worker, self.worker, "run", self.since, time.perf_counter())


def cpu_count():
    """cpu_count returns the cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def plural(n, one, many):
    return "1 " + one if n == 1 else "%d %s" % (n, many)


if __name__ == "__main__":
    CpuDemo().demo().main()
