"""subinterp-py runs the CPU demo's work (demos/internal/py/xorshift.py,
as cpu-py does) in one thread, on a thread per task, on sub-interpreters
and on worker processes. Since CPython 3.12 each sub-interpreter can have
a GIL of its own (PEP 684), so sub-interpreters of one process run Python
code on several cores at once, as processes do and threads under the GIL
do not.

Nothing is shared between interpreters: an object passed to one is copied
into it, as to a process, though without pickling or a pipe. So besides
the work, the demo times, before the repeats and in turns, two things that
tell them apart: starting an interpreter or a worker process until it has
imported the work, and sending a payload of bytes to each and getting a
small digest back.

The interpreters are those of the private module _interpreters of
CPython 3.13; from 3.14 the public concurrent.interpreters (PEP 734) does
the same, and the demo uses it where it exists (that path follows the
module's documentation; the site measures with 3.13). Each interpreter is driven
by a thread of the main interpreter, started once before the repeats as
the pool of processes is (pools.py); results come back over an os.pipe,
since in 3.13 an interpreter's exec returns nothing.

Run it with python3.13 demos/subinterp-py/main.py; -h lists the flags.
"""
# requires: python>=3.13

import inspect
import os
import queue
import sys
import threading
import time

sys.dont_write_bytecode = True  # keep the source tree free of __pycache__
SHARED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "internal", "py")
sys.path.insert(0, SHARED)

import claims  # noqa: E402
import machine  # noqa: E402
import measure  # noqa: E402
import pools  # noqa: E402
import summary  # noqa: E402
from xorshift import nop, work  # noqa: E402

try:
    from concurrent import interpreters as public  # 3.14+
except ImportError:
    public = None
    try:
        import _interpreters as private  # 3.13
    except ImportError:
        sys.exit("subinterp-py: needs CPython 3.13 or later, whose sub-interpreters have a GIL each; "
                 "this is %s %s" % (sys.implementation.name, sys.version.split()[0]))

# region interpreter


class Interpreter:
    """Interpreter is one sub-interpreter with a GIL of its own, set up to
    import the work."""

    def __init__(self):
        if public is not None:
            self.interp = public.create()
        else:
            self.id = private.create()  # "isolated": its own GIL
        self.exec("import os, sys\nsys.path.insert(0, shared)\nimport xorshift\n", shared=SHARED)

    def exec(self, code, **names):
        """exec runs code in the interpreter's __main__ with names bound
        there; each value is copied into the interpreter."""
        if public is not None:
            self.interp.prepare_main(**names)
            self.interp.exec(code)
            return
        err = private.exec(self.id, code, names)
        if err is not None:
            raise RuntimeError("in a sub-interpreter: " + err.formatted)

    def close(self):
        if public is not None:
            self.interp.close()
        else:
            private.destroy(self.id)

# endregion


def run_in(interp, fd, seed, rounds):
    """run_in does one task in interp and returns its result, which the
    interpreter writes to the pipe fd."""
    interp.exec("os.write(fd, b'%d\\n' % xorshift.work(seed, rounds, xorshift.nop))", fd=fd, seed=seed, rounds=rounds)


def work_task(task):
    """work_task is a task as a worker process does it."""
    seed, rounds = task
    return work(seed, rounds, nop)


# region digest


def digest(b):
    """digest is the receiver's answer to a payload: its length and 64
    bytes sampled across it, hashed, so that the answer does not grow with
    the payload."""
    h = len(b)
    for k in range(64):
        if b:
            h = ((h ^ b[k * len(b) // 64]) * 1099511628211) & 0xFFFFFFFFFFFFFFFF
    return h

# endregion


def ready(conn):
    """ready is a worker process that has started: it imports the work,
    as an interpreter does, says so and ends."""
    import xorshift  # noqa: F401
    conn.send(os.getpid())
    conn.close()


def receiver(conn):
    """receiver is the child process that payloads are sent to: it
    answers each with its digest, until None."""
    pools.ignore_sigint()
    for b in iter(conn.recv, None):
        conn.send(digest(b))


# PAYLOAD is the size of the payload sent to an interpreter and to a
# process; SAMPLES how many times each start and send is timed.
PAYLOAD = 4 << 20
SAMPLES = 7


class SubinterpDemo:
    """SubinterpDemo holds the sizes the setup chose, the interpreters with
    their threads, the pool and the child that receives payloads."""

    def __init__(self):
        self.procs = min(cpu_count(), 4)  # four tasks: at most four workers help
        self.tasks, self.costs = [], {}
        self.pool = self.conn = self.child = None
        self.workers = []  # (interpreter, inbox, thread, pipe)

    def demo(self):
        p = self.procs
        parallel = (0.75 * p, 1.05 * p)
        return measure.Demo(
            name="subinterp-py",
            title="CPU-bound work in CPython 3.13: threads, sub-interpreters, processes",
            expected="threads 0.8-1.2× sequential; sub-interpreters and processes %s-%s×; "
                     "a process starts >= 2× slower than an interpreter and takes a payload >= 1.5× slower" % (
                         claims.g(parallel[0]), claims.g(parallel[1])),
            repeats=3,
            setup=self.setup,
            warmup=self.warmup,
            teardown=self.teardown,
            strategies=[
                measure.Strategy("sequential", "one thread", self.sequential),
                measure.Strategy("threads", "a thread per task, one GIL", self.threads),
                measure.Strategy("subinterpreters", "%d sub-interpreters, a GIL each" % p, self.subinterpreters),
                measure.Strategy("processes", "%d worker processes" % p, self.processes),
            ],
            claims=[
                # One GIL: the threads take turns (cpu-py's claim).
                claims.speedup("threads", 0.8, 1.2),
                # A GIL per interpreter: as many cores as workers, as the
                # processes get, less the hand-over of tasks.
                claims.speedup("subinterpreters", *parallel),
                claims.speedup("processes", *parallel),
                # A process is a new program: exec, the interpreter's
                # start, the demo's imports; an interpreter starts inside
                # this one, with no exec and no imports but the work's.
                claims.metric("", "process_per_interpreter_start_x", 2, float("inf")),
                # Both copy the payload; the process also pickles it and
                # pushes it through a pipe, in 64 KiB writes.
                claims.metric("", "process_per_interpreter_send_x", 1.5, float("inf")),
            ],
            finish=self.finish,
        )

    def setup(self, o):
        target = 0.010 if o.quick else 0.060  # four strategies, three repeats: about 2.5 s
        rounds = machine.calibrate(target, lambda n: work(1, n, nop))
        self.tasks = [(i + 1, rounds) for i in range(4)]
        t0 = time.perf_counter()
        for lane in range(self.procs):
            self.workers.append(start_worker(lane))
        interp_start = time.perf_counter() - t0
        self.pool, pool_start = pools.start_pool(self.procs)
        ctx = pools.context()
        self.conn, theirs = ctx.Pipe()
        self.child = ctx.Process(target=receiver, args=(theirs,), name="receiver")
        self.child.start()
        theirs.close()
        self.costs = self.time_costs(2 if o.quick else SAMPLES)
        return {"tasks": len(self.tasks), "task_s": target, "rounds": rounds, "workers": self.procs,
                "interpreters_start_s": interp_start, "pool_start_s": pool_start,
                "payload_bytes": PAYLOAD, "samples": 2 if o.quick else SAMPLES}

    # region costs
    def time_costs(self, n):
        """time_costs times, n times each and in turns, the start of an
        interpreter and of a process until each has imported the work, and
        the round trip of a payload to each."""
        payload = os.urandom(PAYLOAD)
        interp, fd = self.workers[0][0], self.workers[0][3]
        times = {k: [] for k in ("interpreter_start_s", "process_start_s", "interpreter_send_s", "process_send_s")}
        ctx = pools.context()
        want = digest(payload)
        kinds = list(times)
        for i in range(n):
            for k in kinds[i % len(kinds):] + kinds[:i % len(kinds)]:  # rotated each round
                t0 = time.perf_counter()
                if k == "interpreter_start_s":
                    Interpreter().close()
                elif k == "process_start_s":
                    mine, theirs = ctx.Pipe()
                    p = ctx.Process(target=ready, args=(theirs,))
                    p.start()
                    mine.recv()
                    p.join()
                    mine.close()
                    theirs.close()
                elif k == "interpreter_send_s":
                    interp.exec("os.write(fd, b'%d\\n' % digest(payload))", fd=fd[1], payload=payload)
                    got = int(os.read(fd[0], 64))
                else:
                    self.conn.send(payload)
                    got = self.conn.recv()
                times[k].append(time.perf_counter() - t0)
                if k.endswith("send_s") and got != want:
                    raise measure.Failure("%s: digest %d, want %d" % (k, got, want))
        return times
    # endregion

    def warmup(self, o):
        """warmup runs a tenth of the work through the threads, the
        interpreters and the pool."""
        small = [(seed, rounds // 10) for seed, rounds in self.tasks]
        threads = [threading.Thread(target=work, args=(seed, rounds, nop)) for seed, rounds in small]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.through_interpreters(measure.Run(True), small)
        list(self.pool.map(work_task, small))

    def teardown(self):
        for interp, inbox, thread, fd in self.workers:
            inbox.put(None)
            thread.join()
            interp.close()
            os.close(fd[0])
            os.close(fd[1])
        self.workers = []
        if self.conn is not None:
            self.conn.send(None)
            self.child.join()
            self.conn.close()
            self.conn = None
        pools.stop_pool(self.pool)
        self.pool = None

    def finish(self, res):
        """finish records the medians of the costs with their spread, and
        draws the limit: with p cores the work takes at least sequential / p."""
        m = res.setdefault("metrics", {})
        for k, v in self.costs.items():
            m[k], m["min_" + k], m["max_" + k] = summary.spread(v)
        for what in ("start", "send"):
            m["process_per_interpreter_%s_x" % what] = m["process_%s_s" % what] / m["interpreter_%s_s" % what]
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
            with r.span(i, i):
                out[i] = work(seed, rounds, nop)

        threads = [threading.Thread(target=one, args=(i, *t)) for i, t in enumerate(self.tasks)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return out

    # endregion

    # region subinterpreters
    def subinterpreters(self, r):
        # Each worker thread hands its tasks to its own interpreter, which
        # runs them under its own GIL while the thread waits.
        return self.through_interpreters(r, self.tasks)

    def through_interpreters(self, r, tasks):
        done = queue.Queue()
        for i, task in enumerate(tasks):
            self.workers[i % len(self.workers)][1].put((r, i, task, done))
        out = [None] * len(tasks)
        for _ in tasks:
            i, value = done.get()
            if isinstance(value, BaseException):
                raise value
            out[i] = value
        return out

    # endregion

    # region processes
    def processes(self, r):
        # Each task is pickled to a worker, run there, and its result
        # pickled back; the pool's workers were started before the repeats.
        return pools.run_timed(self.pool, r, work_task, self.tasks)

    # endregion


def start_worker(lane):
    """start_worker starts an interpreter, a pipe for its answers and the
    thread that feeds it tasks from its inbox until None, recording them
    on the timeline's lane."""
    interp, inbox, fd = Interpreter(), queue.Queue(), os.pipe()
    interp.exec(inspect.getsource(digest))  # the receiver's answer, as the process's

    def serve():
        for r, i, (seed, rounds), done in iter(inbox.get, None):
            try:
                with r.span(lane, i):
                    run_in(interp, fd[1], seed, rounds)
                    done.put((i, int(os.read(fd[0], 64))))
            except Exception as e:
                done.put((i, e))

    thread = threading.Thread(target=serve, name="interpreter")
    thread.start()
    return interp, inbox, thread, fd


def cpu_count():
    """cpu_count returns the cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


if __name__ == "__main__":
    SubinterpDemo().demo().main()
