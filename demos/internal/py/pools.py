"""pools starts the worker processes of a Python demo and makes sure that
none outlives it.

Every worker process is started with multiprocessing's "spawn" method, the
one that measures honestly here:

  - each worker is a fresh interpreter that imports the demo, as on macOS
    and Windows, and as Python 3.14 does on Linux by default (forkserver
    spawns its server the same way); "fork" copies a parent that, in these
    demos, has threads running (the io demo's server), which may deadlock
    the child and which Python 3.12 warns about;
  - the workers are children of the demo, so that getrusage can count
    their CPU time once they are waited for; forkserver's workers are
    children of the fork server, whose CPU time the demo never sees.

Spawning is slow (about 0.2 s for two workers on a 2-core machine, more
than a whole task), so a demo starts its pool once, before the warm-up, and
reports that time as the parameter pool_start_s; the repeats then measure
the work and its pickling, not the start of interpreters (Go's worker
processes start in milliseconds, so the Go demos start theirs in each run).
Since a live worker's CPU time reaches getrusage only when it ends, each
task reports its own (timed), and the run adds it (Run.add_cpu).

The workers ignore SIGINT: a Ctrl-C is the demo's to handle, and the demo's
teardown shuts the pool down. stop_helpers ends the resource tracker that
spawn starts, so that not even that helper outlives the demo.
"""

import concurrent.futures
import gc
import multiprocessing
import os
import signal
import sys
import time


def context():
    """context returns the multiprocessing context every demo uses."""
    return multiprocessing.get_context("spawn")


def _ready(barrier):
    # Runs first in every worker: ignore Ctrl-C, then wait until every
    # worker has started, so that the pool is whole before it gets work.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    barrier.wait(timeout=60)


def _nop():
    return os.getpid()


def start_pool(workers):
    """start_pool starts a ProcessPoolExecutor of workers spawned workers
    and returns it once every worker has imported the demo, with the
    seconds that took."""
    ctx = context()
    t0 = time.perf_counter()
    barrier = ctx.Barrier(workers)
    ex = concurrent.futures.ProcessPoolExecutor(workers, mp_context=ctx, initializer=_ready,
                                                initargs=(barrier,))
    try:
        # The executor starts a worker per submitted task while none is
        # idle, and none is idle before all have passed the barrier.
        for f in [ex.submit(_nop) for _ in range(workers)]:
            f.result()
    except BaseException:
        stop_pool(ex)
        raise
    return ex, time.perf_counter() - t0


def stop_pool(ex):
    """stop_pool ends the pool's workers and waits for them."""
    if ex is not None:
        ex.shutdown(wait=True, cancel_futures=True)


def timed(fn, *args):
    """timed runs fn(*args) in a worker and returns its value, when it
    started and ended (time.perf_counter), the worker's process id and the
    CPU seconds it took."""
    c0 = time.process_time()
    start = time.perf_counter()
    value = fn(*args)
    end = time.perf_counter()
    return value, start, end, os.getpid(), time.process_time() - c0


def run_timed(ex, r, fn, items, kind="run"):
    """run_timed runs fn(item) for every item through the pool ex, records each
    task on the run r's timeline as kind (one lane per worker, in the order
    the workers first answered) and its CPU time, and returns the values in
    item order."""
    futures = [ex.submit(timed, fn, item) for item in items]
    lanes, values = {}, []
    for task, f in enumerate(futures):
        value, start, end, pid, cpu = f.result()
        r.event(lanes.setdefault(pid, len(lanes)), task, kind, start, end)
        r.add_cpu(cpu)
        values.append(value)
    return values


def ignore_sigint():
    """ignore_sigint is the first thing a demo's own child process does."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def stop_helpers():
    """stop_helpers ends the resource tracker (and the fork server) that
    multiprocessing starts beside a demo's workers; otherwise they end on
    their own only after the demo has exited. It first collects the
    garbage, whose finalizers release the semaphores the tracker guards:
    what is still registered when it stops, it reports as leaked."""
    gc.collect()
    for module, name in (("multiprocessing.resource_tracker", "_resource_tracker"),
                         ("multiprocessing.forkserver", "_forkserver")):
        helper = getattr(sys.modules.get(module), name, None)
        stop = getattr(helper, "_stop", None)
        if stop is not None:
            try:
                stop()
            except (OSError, ChildProcessError):
                pass
