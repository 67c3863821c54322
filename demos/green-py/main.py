# requires: gevent
"""green-py makes gevent's monkey-patching visible, then its failure mode.

First, one blocking program: 8 greenlets, each sleeping with time.sleep
and then reading its reply from a loopback TCP server (in this demo's
process, answering each connection after a delay). Unpatched, time.sleep
and the socket block the one thread the greenlets share, so the tasks run
one after another; after gevent's monkey.patch_all() the very same code
yields to gevent's hub at each wait, and the waits overlap.

Then a greenlet that computes for about 200 ms without a wait starves the
rest: a ticker that asks to wake every 5 ms reports its worst delay, with
the computation running straight through and with it yielding
(gevent.sleep(0)) between chunks of about a millisecond. The same failure
in asyncio, side by side: a coroutine that computes without an await
blocks the loop, and asyncio's debug mode logs the slow step ("Executing
<Task ...> took 0.2 seconds"), which the demo captures and counts.

A patched process cannot be unpatched, so each strategy runs in a child
interpreter of its own (see demos/internal/py/child.py).

Run it with /usr/bin/python3 demos/green-py/main.py (Debian's python3 with
python3-gevent); -h lists the flags.
"""

import os
import sys

sys.dont_write_bytecode = True  # keep the source tree free of __pycache__
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "internal", "py"))

import child  # noqa: E402

child.early()  # in the patched child: patch before anything else is imported

import importlib.util  # noqa: E402
import logging  # noqa: E402
import socket  # noqa: E402
import socketserver  # noqa: E402
import struct  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402

import claims  # noqa: E402
import machine  # noqa: E402
import measure  # noqa: E402
from report import seconds  # noqa: E402

TICK = 0.005  # the ticker asks to wake this often
CHUNK = 0.001  # the computation yields, when it does, about this often

# region program


def reply(task_id):
    """reply is what the server answers to a task."""
    return task_id * 2654435761 % 1_000_003 + 1


def task(i, addr, wait, r):
    """task is plain blocking code: it sleeps half of its wait, then asks
    the server, which answers after the other half."""
    begin = time.perf_counter()
    time.sleep(wait / 2)  # patched: this greenlet waits, the others run
    with socket.create_connection(addr, timeout=30) as c:
        c.sendall(struct.pack(">Q", i))
        data = b""
        while len(data) < 8:  # patched: recv waits in the hub, not in the kernel
            chunk = c.recv(8 - len(data))
            if not chunk:
                raise ConnectionError("the server closed before replying to task %d" % i)
            data += chunk
    r.events.append((i, i, "wait", begin, time.perf_counter()))
    return struct.unpack(">Q", data)[0]


def program(p):
    """program runs the tasks as greenlets and returns the sum of the
    replies; it is the same code, patched or not."""
    import gevent
    r = child.Result()
    addr = tuple(p["addr"])
    r.begin()
    greenlets = [gevent.spawn(task, i, addr, p["wait"], r) for i in range(p["tasks"])]
    gevent.joinall(greenlets, raise_error=True)
    r.metrics["patched_sleep"] = float(child.patched() == "gevent")
    return r.finish(sum(g.value for g in greenlets))

# endregion

# region server


class Server(socketserver.ThreadingTCPServer):
    """Server answers each connection on a thread of its own: it reads a
    task's 8-byte id, waits delay, and answers reply(id). It runs in the
    demo's own process, which is not patched and, while a child runs,
    does nothing else."""

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64

    def __init__(self, delay):
        self.delay = delay
        super().__init__(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.serve_forever, name="server", daemon=True)
        self.thread.start()

    def close(self):
        self.shutdown()
        self.server_close()
        self.thread.join()


class Handler(socketserver.BaseRequestHandler):
    def handle(self):
        data = b""
        while len(data) < 8:
            chunk = self.request.recv(8 - len(data))
            if not chunk:
                return
            data += chunk
        time.sleep(self.server.delay)
        self.request.sendall(struct.pack(">Q", reply(struct.unpack(">Q", data)[0])))

# endregion

# region compute

MASK = (1 << 64) - 1


def compute(rounds, x=1):
    """compute does rounds of a xorshift generator: pure CPU work, no wait.
    The computing strategies repeat it for H, yielding or not between calls."""
    for _ in range(rounds):
        x ^= (x << 13) & MASK
        x ^= x >> 7
        x ^= (x << 17) & MASK
    return x


class Ticker:
    """Ticker records how late a ticker woke: it asks to wake every TICK,
    and each time it wakes notes how far past its time it is."""

    def __init__(self, r):
        self.r, self.worst, self.ticks, self.done = r, 0.0, 0, False

    def woke(self, due, asleep):
        now = time.perf_counter()
        self.worst = max(self.worst, now - due)
        self.ticks += 1
        self.r.events.append((1, self.ticks, "wait", asleep, now))
        return now + TICK

    def report(self):
        self.r.metrics["max_lateness_s"] = max(0.0, self.worst)
        self.r.metrics["ticks"] = self.ticks

# endregion

# region gevent


def gevent_starve(p):
    import gevent
    r = child.Result()
    tick = Ticker(r)

    def ticker():
        due = time.perf_counter() + TICK
        while not tick.done:
            asleep = time.perf_counter()
            gevent.sleep(max(0.0, due - asleep))
            due = tick.woke(due, asleep)

    def hog():
        x, start = 1, time.perf_counter()
        while time.perf_counter() - start < p["hog"]:
            x = compute(p["chunk"], x)
            if p["yield"]:
                gevent.sleep(0)  # the cooperative yield: let the hub run the others
        r.events.append((0, 0, "run", start, time.perf_counter()))  # one span: a chunk is too short to draw
        tick.done = True
        return x

    r.begin()
    t = gevent.spawn(ticker)
    gevent.sleep(2 * TICK)  # the ticker is on schedule before the computation starts
    h = gevent.spawn(hog)
    gevent.joinall([h, t], raise_error=True)
    tick.report()
    return r.finish(tick.ticks)

# endregion

# region asyncio


def asyncio_starve(p):
    import asyncio
    r = child.Result()
    tick = Ticker(r)
    slow = Slow()
    logging.getLogger("asyncio").addHandler(slow)

    async def ticker():
        due = time.perf_counter() + TICK
        while not tick.done:
            asleep = time.perf_counter()
            await asyncio.sleep(max(0.0, due - asleep))
            due = tick.woke(due, asleep)

    async def hog():
        x, start = 1, time.perf_counter()
        while time.perf_counter() - start < p["hog"]:
            x = compute(p["chunk"], x)  # a blocking call: the loop waits for it to return
            if p["yield"]:
                await asyncio.sleep(0)  # the cooperative yield: let the loop run the others
        r.events.append((0, 0, "run", start, time.perf_counter()))  # one span: a chunk is too short to draw
        tick.done = True
        return x

    async def main():
        t = asyncio.create_task(ticker())
        await asyncio.sleep(2 * TICK)
        await hog()
        await t

    r.begin()
    asyncio.run(main(), debug=True)  # debug: log every step that takes over 100 ms
    tick.report()
    r.metrics["slow_callbacks"] = len(slow.lines)
    r.notes = slow.lines[:1]
    return r.finish(tick.ticks)


class Slow(logging.Handler):
    """Slow keeps the lines asyncio's debug mode logs about slow steps."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.lines = []

    def emit(self, record):
        msg = record.getMessage()
        if msg.startswith("Executing "):
            self.lines.append(msg)

# endregion


# STRATEGIES are the strategies in report order: name, label, the function
# the child runs, the library that patches it, the group whose answers must
# agree and the parameters of the starvation runs.
STRATEGIES = [
    ("unpatched", "gevent, time.sleep and socket as they are", program, "", "program", {}),
    ("patched", "the same code after monkey.patch_all()", program, "gevent", "program", {}),
    ("gevent-hog", "a greenlet computes 200 ms straight", gevent_starve, "", "compute", {"yield": False}),
    ("gevent-yield", "the same, gevent.sleep(0) every ms", gevent_starve, "", "compute", {"yield": True}),
    ("asyncio-hog", "a coroutine computes 200 ms straight", asyncio_starve, "", "compute", {"yield": False}),
    ("asyncio-yield", "the same, await asyncio.sleep(0) every ms", asyncio_starve, "", "compute", {"yield": True}),
]


class GreenDemo:
    """GreenDemo holds the sizes the setup chose and the server."""

    def __init__(self):
        self.tasks, self.wait, self.hog, self.chunk, self.server = 0, 0.0, 0.0, 0, None
        self.opts, self.said = None, False

    def demo(self):
        available = "" if importlib.util.find_spec("gevent") else \
            "gevent is not installed for this python (Debian: apt-get install python3-gevent)"
        strategies = [measure.Strategy(name, label, self.runner(name, fn, patch, extra), group=group,
                                       any_answer=group == "compute",
                                       unavailable="" if name.startswith("asyncio") else available)
                      for name, label, fn, patch, group, extra in STRATEGIES]
        return measure.Demo(
            name="green-py",
            title="gevent's monkey-patching made visible, and a computation that starves the rest",
            expected="unpatched >= 0.9 N W, patched <= W + 50 ms; a hog delays the ticker >= 0.8 H, "
                     "a yielding one <= H / 2 in gevent and <= H / 4 in asyncio; asyncio's debug mode logs the hog",
            repeats=3,
            no_speedup=True,
            baseline="asyncio-hog",  # one that runs without gevent: the rest still reports
            setup=self.setup,
            warmup=self.warmup,
            teardown=self.teardown,
            strategies=strategies,
            claims=[
                self.time("unpatched >= 0.9 N W", "unpatched", lambda: (0.9 * self.tasks * self.wait, float("inf"))),
                self.time("patched <= W + 50 ms", "patched", lambda: (0, self.wait + 0.050)),
                self.late("gevent-hog", 0.8, float("inf")),
                # gevent.sleep(0) yields to the greenlets that are ready, not to the
                # loop: the hub runs ready callbacks in batches of 50 and looks at
                # its clock and timers only between batches, so a ticker whose
                # timer is due waits about 50 chunks of CHUNK (gevent's sleep
                # documents it: "may be scheduled again before the event loop
                # cycles"). asyncio's sleep(0) goes once round the loop, timers
                # included, so the ticker waits about one chunk.
                self.late("gevent-yield", 0, 0.5),
                self.late("asyncio-hog", 0.8, float("inf")),
                self.late("asyncio-yield", 0, 0.25),
                claims.metric("asyncio-hog", "slow_callbacks", 1, float("inf")),
                claims.metric("asyncio-yield", "slow_callbacks", 0, 0),
            ],
        )

    def runner(self, name, fn, patch, extra):
        def run(r):
            params = {"tasks": self.tasks, "wait": self.wait, "hog": self.hog, "chunk": self.chunk}
            if self.server is not None:
                params["addr"] = list(self.server.server_address[:2])
            params.update(extra)
            notes = []
            answer = child.run(r, measure.Failure, name, params, patch, notes)
            if notes and not self.said:
                self.said = True
                self.opts.notef("asyncio's debug mode logged: %s", shorten(notes[0]))
            return answer
        return run

    def setup(self, o):
        self.opts = o
        self.tasks, self.wait, self.hog = (4, 0.020, 0.120) if o.quick else (8, 0.100, 0.200)
        # H must outlast asyncio's slow_callback_duration (100 ms) to be logged.
        self.chunk = machine.calibrate(CHUNK, compute)
        self.server = Server(self.wait / 2)
        return {"tasks": self.tasks, "wait_s": self.wait, "hog_s": self.hog, "tick_s": TICK,
                "chunk_s": CHUNK, "chunk_rounds": self.chunk}

    def warmup(self, o):
        """warmup runs the patched program and the yielding asyncio child
        once, so that the interpreter, gevent and asyncio are read from
        disk before the repeats."""
        for name, _, fn, patch, _, extra in STRATEGIES:
            if name == "asyncio-yield" or name == "patched" and importlib.util.find_spec("gevent"):
                self.runner(name, fn, patch, extra)(measure.Run(True))

    def teardown(self):
        if self.server is not None:
            self.server.close()
            self.server = None

    def time(self, text, strategy, band):
        """time claims that strategy's median time lies in the band band()
        returns."""
        def evaluate(res):
            s = claims.lookup(res, strategy)
            if s is None:
                return "not run", False
            lo, hi = band()
            return "%s (want %s)" % (seconds(s["median_s"]), limit(lo, hi)), lo <= s["median_s"] <= hi
        return claims.Claim(text, evaluate)

    def late(self, strategy, lo, hi):
        """late claims that the ticker's worst delay in strategy lies
        between lo and hi times the computation's length H."""
        def evaluate(res):
            s = claims.lookup(res, strategy)
            if s is None:
                return "not run", False
            v = s.get("metrics", {}).get("max_lateness_s")
            if v is None:
                return "missing", False
            return "%s (want %s)" % (seconds(v), limit(lo * self.hog, hi * self.hog)), \
                lo * self.hog <= v <= hi * self.hog
        text = "%s: ticker's worst delay %s" % (
            strategy, ">= %s H" % claims.g(lo) if hi == float("inf") else "<= H / %s" % claims.g(1 / hi))
        return claims.Claim(text, evaluate)


def shorten(line):
    """shorten keeps the head and the tail of asyncio's slow-step line, and
    leaves out the task's repr, which names paths and line numbers."""
    if " coro=" in line and " took " in line:
        return line[:line.index(" coro=")] + " ...> " + line[line.rindex("took "):]
    return line


def limit(lo, hi):
    if hi == float("inf"):
        return ">= " + seconds(lo)
    if lo > 0:
        return seconds(lo) + "-" + seconds(hi)
    return "<= " + seconds(hi)


HANDLERS = {name: fn for name, _, fn, _, _, _ in STRATEGIES}

if __name__ == "__main__":
    if not child.serve(HANDLERS):
        GreenDemo().demo().main()
