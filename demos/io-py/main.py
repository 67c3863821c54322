"""io-py is the Python twin of demos/io: 30 tasks that each wait 20 ms (half
on a timer, half for a loopback TCP server that answers after a delay) take
30 × 20 ms one after another, but about 20 ms when every wait runs at once,
whether the waiting is done by threads (CPython releases its global
interpreter lock around every blocking call, so a waiting thread holds no
one up) or by one thread running an asyncio event loop. Two worker
processes, each doing its share in turn, halve the time.

The server is a process of its own (in Go it runs inside the demo, which
has no GIL to share with it); it and the pool of worker processes are
started once, before the repeats (see demos/internal/py/pools.py), and
ended when the demo ends: nothing is left listening.

Run it with python3 demos/io-py/main.py; -h lists the flags.
"""

import asyncio
import functools
import os
import socket
import struct
import sys
import threading
import time

sys.dont_write_bytecode = True  # keep the source tree free of __pycache__
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "internal", "py"))

import claims  # noqa: E402
import measure  # noqa: E402
import pools  # noqa: E402
from report import seconds  # noqa: E402

PROCS = 2  # worker processes of the processes strategy

# region workload


def reply(task_id):
    """reply is what the server answers to a task: something the client
    cannot know without asking."""
    return task_id * 2654435761 % 1_000_003 + 1


def ask(addr, task_id):
    """ask sends the task's id to the server and returns its reply; the
    thread blocks in connect, send and recv, with the GIL released."""
    with socket.create_connection(addr, timeout=10) as c:
        c.sendall(struct.pack(">Q", task_id))
        buf = b""
        while len(buf) < 8:
            chunk = c.recv(8 - len(buf))
            if not chunk:
                raise ConnectionError("the server closed before replying to task %d" % task_id)
            buf += chunk
    return struct.unpack(">Q", buf)[0]


def do(task):
    """do is one task as a thread does it: sleep on a timer, then ask the
    server, which waits the other half."""
    task_id, sleep, addr = task
    time.sleep(sleep)
    return ask(addr, task_id)


async def do_async(task):
    """do_async is the same task as a coroutine: it gives the event loop
    back at every wait."""
    task_id, sleep, addr = task
    await asyncio.sleep(sleep)
    reader, writer = await asyncio.open_connection(*addr)
    try:
        writer.write(struct.pack(">Q", task_id))
        await writer.drain()
        data = await reader.readexactly(8)
    finally:
        writer.close()
        await writer.wait_closed()
    return struct.unpack(">Q", data)[0]

# endregion

# region server


async def answer(delay, reader, writer):
    """answer serves one connection: read a task's 8-byte id, wait delay,
    answer reply(id)."""
    try:
        data = await reader.readexactly(8)
        await asyncio.sleep(delay)
        writer.write(struct.pack(">Q", reply(struct.unpack(">Q", data)[0])))
        await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        writer.close()


async def serve(conn, delay):
    """serve runs the server on a free loopback port, sends its address on
    conn, and stops when conn closes."""
    server = await asyncio.start_server(functools.partial(answer, delay), "127.0.0.1", 0, backlog=1024)
    conn.send(server.sockets[0].getsockname()[:2])
    stop = asyncio.get_running_loop().create_future()
    asyncio.get_running_loop().add_reader(conn.fileno(), lambda: stop.done() or stop.set_result(None))
    await stop
    server.close()
    await server.wait_closed()


def server_main(conn, delay):
    """server_main is the server process: the far end of every task's I/O.
    It is a process of its own, as a server on another machine would be, so
    that it never waits for the demo's GIL nor the demo for its."""
    pools.ignore_sigint()
    asyncio.run(serve(conn, delay))


class Server:
    """Server is the server process, started by the setup and ended by the
    teardown."""

    def __init__(self, delay):
        ctx = pools.context()
        self.conn, theirs = ctx.Pipe()
        self.proc = ctx.Process(target=server_main, args=(theirs, delay), name="server")
        self.proc.start()
        theirs.close()
        if not self.conn.poll(60):
            self.close()
            raise measure.Failure("the server process did not start within 60 s")
        self.addr = self.conn.recv()

    def close(self):
        self.conn.close()  # the server sees the pipe close and stops
        self.proc.join(10)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join()

# endregion


class IoDemo:
    """IoDemo holds the sizes the setup chose, the server and the pool."""

    def __init__(self):
        self.n, self.wait, self.pool, self.server = 0, 0.0, None, None

    def demo(self):
        return measure.Demo(
            name="io-py",
            title="I/O-bound waits overlap, in CPython too",
            expected="sequential >= 0.98 N L; threads and event-loop <= 2 L + 10 ms; processes(2) about N L / 2",
            repeats=3,
            setup=self.setup,
            warmup=self.warmup,
            teardown=self.teardown,
            strategies=[
                measure.Strategy("sequential", "one thread, one wait at a time", self.sequential),
                measure.Strategy("threads", "a thread per task, the GIL released around each wait", self.threads),
                measure.Strategy("processes", "%d worker processes" % PROCS, self.processes),
                measure.Strategy("event-loop", "asyncio: one thread, tasks as coroutines", self.event_loop),
            ],
            claims=[
                self.within("sequential >= 0.98 N L", "sequential", lambda n, l: (0.98 * n * l, float("inf"))),
                self.within("threads <= 2 L + 10 ms", "threads", lambda n, l: (0, 2 * l + 0.010)),
                self.within("event-loop <= 2 L + 10 ms", "event-loop", lambda n, l: (0, 2 * l + 0.010)),
                self.within("processes(2) 0.9-1.25 × N L / 2", "processes",
                            lambda n, l: (0.9 * n * l / PROCS, 1.25 * n * l / PROCS)),
            ],
            finish=self.finish,
        )

    def finish(self, res):
        """finish draws theory's floor: all the waits overlap perfectly and
        the run lasts one wait."""
        res["ideal"] = {"s": self.wait, "label": "one wait (L): every wait overlapping"}

    def within(self, text, strategy, band):
        """within claims that strategy's median time lies in the band that
        band computes from the task count N and the wait L, in seconds."""
        def evaluate(res):
            s = next((s for s in res["strategies"] if s["name"] == strategy and not s.get("unavailable")), None)
            if s is None:
                return "not run", False
            lo, hi = band(self.n, self.wait)
            if hi == float("inf"):
                limit = ">= " + seconds(lo)
            elif lo > 0:
                limit = seconds(lo) + "-" + seconds(hi)
            else:
                limit = "<= " + seconds(hi)
            return "%s (want %s)" % (seconds(s["median_s"]), limit), lo <= s["median_s"] <= hi
        return claims.Claim(text, evaluate)

    def setup(self, o):
        self.n, self.wait = (8, 0.004) if o.quick else (30, 0.020)  # about 3 s for three repeats
        self.server = Server(self.wait / 2)
        self.pool, started = pools.start_pool(PROCS)
        return {"tasks": self.n, "wait_s": self.wait, "worker_processes": PROCS, "pool_start_s": started}

    def tasks(self):
        """tasks returns the tasks of one run: each sleeps half of L on a
        timer, and the server waits the other half."""
        return [(i, self.wait / 2, self.server.addr) for i in range(self.n)]

    def warmup(self, o):
        """warmup runs the threads and the event loop once and two tasks
        through the pool, without a full round."""
        self.threads(measure.Run(True))
        self.event_loop(measure.Run(True))
        list(self.pool.map(do, self.tasks()[:PROCS]))

    def teardown(self):
        pools.stop_pool(self.pool)
        self.pool = None
        if self.server is not None:
            self.server.close()
            self.server = None

    # Each strategy runs every task and returns the sum of the replies: all
    # must agree.

    # region sequential
    def sequential(self, r):
        total = 0
        for t in self.tasks():
            with r.span(0, t[0], "wait"):
                total += do(t)
        return total

    # endregion

    # region threads
    def threads(self, r):
        tasks = self.tasks()
        vals, errs = [0] * len(tasks), []

        def one(t):
            try:
                with r.span(t[0], t[0], "wait"):
                    vals[t[0]] = do(t)
            except Exception as e:
                errs.append(e)

        threads = [threading.Thread(target=one, args=(t,)) for t in tasks]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        if errs:
            raise errs[0]
        return sum(vals)

    # endregion

    # region processes
    def processes(self, r):
        return sum(pools.run_timed(self.pool, r, do, self.tasks(), kind="wait"))

    # endregion

    # region event-loop
    def event_loop(self, r):
        async def one(t):
            with r.span(t[0], t[0], "wait"):  # one lane per task: the waits overlap on one thread
                return await do_async(t)

        async def main(tasks):
            return sum(await asyncio.gather(*(one(t) for t in tasks)))

        return asyncio.run(main(self.tasks()))

    # endregion

if __name__ == "__main__":
    IoDemo().demo().main()
