"""cancel-py is the Python twin of demos/cancel: tasks that compute a short
chunk (10 µs) and then wait 20 ms are told to stop, and the demo times how
long it takes from that moment until every task has ended, and counts the
tasks still running once it has waited for them (expected 0).

Five ways of telling them: cancel, task.cancel() on each of 200 asyncio
tasks; timeout, asyncio.timeout around an asyncio.TaskGroup of 200 tasks,
whose deadline passes; taskgroup, a TaskGroup of 200 whose one task raises,
which cancels the others; threads, 50 threads that check a
threading.Event, which the demo sets (a thread cannot be stopped from
outside); and processes, 2 worker processes that compute without ever
checking anything, which the demo ends with terminate() (SIGTERM on
Linux).

An asyncio task is cancelled at an await: CancelledError is raised there.
A task that is computing when the signal comes notices at its next await,
after its chunk. A thread notices when it next checks the Event, here
between chunks and in Event.wait. A process needs no help: the operating
system ends it wherever it is.

The processes are spawned in each run, before the signal: the time from
the signal does not include their start.

Run it with python3 demos/cancel-py/main.py; -h lists the flags.
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
from report import seconds  # noqa: E402

WAIT_BOUND = 2.0  # seconds to wait for the tasks after the signal before counting
NEEDS = "" if sys.version_info >= (3, 11) else "asyncio.TaskGroup and asyncio.timeout need Python 3.11"


class Failed(Exception):
    """Failed is the error the taskgroup strategy's failing task raises."""


def compute_forever(ready):
    """compute_forever is a worker process: it computes and never checks
    anything, so only the operating system can stop it."""
    pools.ignore_sigint()
    ready.set()
    while True:
        machine.spin(10_000)


class CancelDemo:
    """CancelDemo holds the sizes the setup chose."""

    def __init__(self):
        self.tasks, self.threads, self.procs = 0, 0, 0
        self.spin, self.pause, self.run = 0, 0.0, 0.0

    def demo(self):
        return measure.Demo(
            name="cancel-py",
            title="cancellation in CPython: from the signal to every task stopped",
            expected="every task stopped, none still running; asyncio tasks and threads stop within 100 ms, "
                     "processes within 250 ms",
            baseline="cancel",
            repeats=5,
            # Every strategy runs its tasks for the same time and stops
            # them: its time is the run, not a speed.
            no_speedup=True,
            setup=self.setup,
            strategies=[
                measure.Strategy("cancel", "task.cancel() on each asyncio task", self.cancel, unavailable=NEEDS),
                measure.Strategy("timeout", "asyncio.timeout around a TaskGroup: the deadline passes",
                                 self.timeout, unavailable=NEEDS),
                measure.Strategy("taskgroup", "a TaskGroup whose one task raises", self.taskgroup,
                                 unavailable=NEEDS),
                measure.Strategy("threads", "threads that check a threading.Event", self.threads_event,
                                 group="threads"),
                measure.Strategy("processes", "worker processes ended with terminate()", self.processes,
                                 group="processes"),
            ],
            claims=[
                # Each strategy waits for every task, WAIT_BOUND at most:
                # a task still running then missed the signal.
                *(claims.metric(s, "max_still_running", 0, 0)
                  for s in ("cancel", "timeout", "taskgroup", "threads", "processes")),
                # The loop delivers CancelledError to 200 tasks in one
                # pass, tens of microseconds each; a computing task
                # notices after its 10 µs chunk. A few milliseconds on a
                # quiet machine; 100 ms leaves room for a loaded one and
                # is far below a missed signal.
                self.stop_within("cancel", 0.100),
                self.stop_within("timeout", 0.100),
                self.stop_within("taskgroup", 0.100),
                # Setting the Event wakes the 50 waiting threads; each
                # needs the GIL in turn to return, and a thread that is
                # computing keeps it for up to a switch interval (5 ms).
                # 100 ms as for the tasks.
                self.stop_within("threads", 0.100),
                # SIGTERM ends a process at once; the parent then waits
                # for the kernel to reap it. 250 ms is generous for two.
                self.stop_within("processes", 0.250),
            ],
        )

    def stop_within(self, strategy, hi):
        """stop_within claims that strategy's median time from the signal
        to the last task's end is at most hi seconds."""
        def evaluate(res):
            s = claims.lookup(res, strategy)
            if s is None:
                return "not run", False
            got = s.get("metrics", {}).get("stop_s")
            if got is None:
                return "missing", False
            return seconds(got), got <= hi
        return claims.Claim("%s stops every task within %s" % (strategy, seconds(hi)), evaluate)

    def setup(self, o):
        self.tasks, self.threads, self.procs = 200, 50, 2
        self.pause, self.run = 0.020, 0.050
        if o.quick:
            self.tasks, self.threads, self.run = 50, 10, 0.010
        chunk = 10e-6
        self.spin = machine.calibrate(chunk, machine.spin)
        return {"tasks": self.tasks, "threads": self.threads, "processes": self.procs,
                "chunk_s": chunk, "pause_s": self.pause, "run_s": self.run}

    # region task
    async def task(self):
        """task computes a chunk, then waits: a cancellation arrives as
        CancelledError at the await."""
        while True:
            machine.spin(self.spin)
            await asyncio.sleep(self.pause)

    # endregion

    # Each strategy starts its tasks, lets them run, tells them to stop and
    # returns how many stopped: the asyncio ones agree with each other, the
    # threads and processes with themselves.

    # region cancel
    async def cancel_main(self, r):
        tasks = [asyncio.create_task(self.task()) for _ in range(self.tasks)]
        await asyncio.sleep(self.run)
        t0 = time.monotonic()
        for t in tasks:
            t.cancel()  # CancelledError at the task's next await
        _, pending = await asyncio.wait(tasks, timeout=WAIT_BOUND)
        record(r, t0, len(pending))
        await asyncio.gather(*tasks, return_exceptions=True)
        return sum(t.cancelled() for t in tasks)

    # endregion

    # region timeout
    async def timeout_main(self, r):
        tasks = []
        try:
            async with asyncio.timeout(self.run) as deadline:
                async with asyncio.TaskGroup() as tg:
                    for _ in range(self.tasks):
                        tasks.append(tg.create_task(self.task()))
        except TimeoutError:
            pass  # the group waited for every task before this
        record(r, deadline.when(), sum(not t.done() for t in tasks))
        return sum(t.cancelled() for t in tasks)

    # endregion

    # region taskgroup
    async def taskgroup_main(self, r):
        tasks, t0 = [], 0.0

        async def fail():
            nonlocal t0
            await asyncio.sleep(self.run)
            t0 = time.monotonic()
            raise Failed()  # the group cancels every other task

        try:
            async with asyncio.TaskGroup() as tg:
                for _ in range(self.tasks - 1):
                    tasks.append(tg.create_task(self.task()))
                tg.create_task(fail())
        except* Failed:
            pass
        record(r, t0, sum(not t.done() for t in tasks))
        return sum(t.cancelled() for t in tasks) + 1  # and the one that failed

    # endregion

    def cancel(self, r):
        return asyncio.run(self.cancel_main(r))

    def timeout(self, r):
        return asyncio.run(self.timeout_main(r))

    def taskgroup(self, r):
        return asyncio.run(self.taskgroup_main(r))

    # region threads
    def threads_event(self, r):
        stop = threading.Event()

        def loop():
            while not stop.is_set():  # a thread stops only when it looks
                machine.spin(self.spin)
                stop.wait(self.pause)

        threads = [threading.Thread(target=loop) for _ in range(self.threads)]
        for t in threads:
            t.start()
        time.sleep(self.run)
        t0 = time.monotonic()
        stop.set()
        deadline = t0 + WAIT_BOUND
        for t in threads:
            t.join(max(0.0, deadline - time.monotonic()))
        still = sum(t.is_alive() for t in threads)
        record(r, t0, still)
        for t in threads:
            t.join()
        return len(threads) - still

    # endregion

    # region processes
    def processes(self, r):
        ctx = pools.context()
        ready = [ctx.Event() for _ in range(self.procs)]
        procs = [ctx.Process(target=compute_forever, args=(e,)) for e in ready]
        try:
            for p in procs:
                p.start()
            for e in ready:
                if not e.wait(60):
                    raise measure.Failure("a worker process did not start within 60 s")
            time.sleep(self.run)
            t0 = time.monotonic()
            for p in procs:
                p.terminate()  # SIGTERM: the process ends wherever it is
            deadline = t0 + WAIT_BOUND
            for p in procs:
                p.join(max(0.0, deadline - time.monotonic()))
            still = sum(p.is_alive() for p in procs)
            record(r, t0, still)
            return len(procs) - still
        finally:
            for p in procs:
                if p.is_alive():
                    p.kill()
                if p.pid is not None:
                    p.join()

    # endregion


def record(r, t0, still):
    """record notes the time from t0 (time.monotonic, the event loop's
    clock) until now, and the tasks still running."""
    r.metric("stop_s", time.monotonic() - t0)
    r.metric("still_running", still)


if __name__ == "__main__":
    CancelDemo().demo().main()
