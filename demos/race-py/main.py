"""race-py is the Python twin of demos/race: four threads, released together,
each add one to a shared counter 200,000 times: with a plain counter += 1,
with next() on an itertools.count, under a threading.Lock, and split
across a call, v = counter; counter = add_one(v).

What CPython 3.11 does here is not what the language promises. A thread
lets the GIL go only where the interpreter checks for a request to drop
it: since 3.10, at the back edge of a loop and on entering a function,
never between the load and the store of counter += 1. So the plain
increment loses nothing here, though nothing guarantees it (an older or
free-threaded CPython, or a switch inside a method that += calls, does lose).
The split increment enters a function between its load and its store: the
GIL may change hands there, another thread counts on for a switch interval
(5 ms), and its updates are lost when the first one stores its stale value.
next() on a count and the lock lose nothing: the first is one call into C,
which holds the GIL throughout, the second orders every increment. It is
the Go twin's gil strategy with CPython's real GIL.

Run it with python3 demos/race-py/main.py; -h lists the flags.
"""

import itertools
import os
import sys
import threading

sys.dont_write_bytecode = True  # keep the source tree free of __pycache__
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "internal", "py"))

import claims  # noqa: E402
import machine  # noqa: E402
import measure  # noqa: E402

counter = 0  # the shared counter of plain, split and mutex


def add_one(v):
    return v + 1


class RaceDemo:
    """RaceDemo holds the sizes and the switch interval it found."""

    def __init__(self):
        self.workers, self.increments = 4, 200_000
        self.interval = None  # the switch interval before setup changed it

    def want(self):
        return self.workers * self.increments

    def demo(self):
        # Where the GIL is released only at loop back edges and calls (3.10
        # on, with the GIL), the plain increment loses nothing.
        plain_safe = machine.gil_enabled() and sys.version_info >= (3, 10)
        return measure.Demo(
            name="race-py",
            title="lost updates in CPython: what the GIL does and does not protect",
            expected="atomic and mutex lose exactly 0; split loses some in the median run; plain %s" % (
                "loses 0 on CPython 3.10+ with a GIL" if plain_safe else "loses some in at least one repeat"),
            repeats=3,
            setup=self.setup,
            teardown=self.teardown,
            strategies=[
                measure.Strategy("sequential", "one thread does every increment", self.sequential),
                measure.Strategy("plain", "counter += 1 from 4 threads", self.plain, any_answer=True),
                measure.Strategy("atomic", "next() on an itertools.count", self.atomic),
                measure.Strategy("mutex", "counter += 1 under a threading.Lock", self.mutex),
                measure.Strategy("split", "v = counter; counter = add_one(v)", self.split, any_answer=True),
            ],
            claims=[
                claims.metric("atomic", "max_lost", 0, 0),
                claims.metric("mutex", "max_lost", 0, 0),
                loses("split", "lost", "in the median run"),
                claims.metric("plain", "max_lost", 0, 0) if plain_safe else loses("plain", "max_lost", "in some repeat"),
            ],
        )

    def setup(self, o):
        self.interval = sys.getswitchinterval()
        if o.quick:
            # A quick run lasts a few milliseconds: switch every 100 µs
            # instead of every 5 ms, so that the GIL still changes hands.
            self.increments = 20_000
            sys.setswitchinterval(100e-6)
        return {"workers": self.workers, "increments": self.increments,
                "switch_interval_s": sys.getswitchinterval()}

    def teardown(self):
        if self.interval is not None:
            sys.setswitchinterval(self.interval)

    def gate(self, r, f):
        """gate runs f in self.workers threads, released together so that
        they overlap, and waits for them all."""
        start = threading.Event()

        def one(w):
            start.wait()
            with r.span(w, w):
                f()

        threads = [threading.Thread(target=one, args=(w,)) for w in range(self.workers)]
        for t in threads:
            t.start()
        start.set()
        for t in threads:
            t.join()

    def record(self, r, got):
        """record notes how many updates the counter lost and returns it as
        the answer."""
        r.metric("lost", self.want() - got)
        r.metric("lost_pct", 100 * (self.want() - got) / self.want())
        return got

    def sequential(self, r):
        global counter
        counter = 0
        with r.span(0, 0):
            for _ in range(self.want()):
                counter += 1
        return self.record(r, counter)

    # region plain
    def plain(self, r):
        global counter
        counter = 0

        def work():
            global counter
            for _ in range(self.increments):
                counter += 1  # load, add, store: no GIL switch in between, in 3.10+
        self.gate(r, work)
        return self.record(r, counter)

    # endregion

    # region atomic
    def atomic(self, r):
        count = itertools.count()

        def work():
            for _ in range(self.increments):
                next(count)  # one call into C, under the GIL from start to end
        self.gate(r, work)
        return self.record(r, next(count))

    # endregion

    # region mutex
    def mutex(self, r):
        global counter
        counter = 0
        lock = threading.Lock()

        def work():
            global counter
            for _ in range(self.increments):
                with lock:
                    counter += 1
        self.gate(r, work)
        return self.record(r, counter)

    # endregion

    # region split
    def split(self, r):
        global counter
        counter = 0

        def work():
            global counter
            for _ in range(self.increments):
                counter = add_one(counter)  # load, call (the GIL may change hands), store
        self.gate(r, work)
        return self.record(r, counter)

    # endregion


def loses(strategy, metric, when):
    """loses claims that strategy lost updates: its metric ("lost" for the
    median run, "max_lost" for the worst) is above 0."""
    def evaluate(res):
        s = claims.lookup(res, strategy)
        if s is None:
            return "not run", False
        lost = s.get("metrics", {}).get(metric, 0)
        return "%d lost" % lost, lost > 0
    return claims.Claim("%s loses > 0 %s" % (strategy, when), evaluate)


if __name__ == "__main__":
    RaceDemo().demo().main()
