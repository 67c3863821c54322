"""ipc-py is the Python twin of demos/ipc: it compares sharing memory with
copying it. A payload from 1 KiB to 16 MiB is handed to a thread over a
queue.Queue (only a reference moves; both threads see the same bytes
object) and sent to a child process over a multiprocessing pipe (every byte
is pickled, copied through the kernel and unpickled). The receiver answers
with a small digest of the payload, so that the answer does not grow with
it: keep results small.

The child process and the thread are started once, before the repeats, and
kept: the times here are the transfers, not the start of a process (which
the parameter process_start_s reports).

Run it with python3 demos/ipc-py/main.py; -h lists the flags.
"""

import os
import queue
import sys
import threading
import time

sys.dont_write_bytecode = True  # keep the source tree free of __pycache__
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "internal", "py"))

import claims  # noqa: E402
import measure  # noqa: E402
import pools  # noqa: E402

# region digest


def digest(b):
    """digest is the receiver's answer: the length and 64 bytes sampled
    across the payload, hashed, as the Go twin computes it. It costs the
    same for every size, so that only the transfer grows."""
    h = len(b)
    for k in range(64):
        if b:
            h = ((h ^ b[k * len(b) // 64]) * 1099511628211) & 0xFFFFFFFFFFFFFFFF
    return h

# endregion


# SIZES are the payload sizes, smallest first.
SIZES = [1 << 10, 16 << 10, 256 << 10, 4 << 20, 16 << 20]
SMALLEST, LARGEST = SIZES[0], SIZES[-1]


def name(kind, size):
    """name writes a strategy's name: "thread-16MiB"."""
    if size >= 1 << 20:
        return "%s-%dMiB" % (kind, size >> 20)
    return "%s-%dKiB" % (kind, size >> 10)


def payload(size):
    """payload returns the bytes Go's twin sends: byte i is i*7 + i>>10,
    modulo 256. Within each KiB block k that is 7*j + k for j < 1024, since
    7 * 1024 * k is a multiple of 256, so the payload is 256 distinct blocks
    in turn."""
    first = bytes(7 * j % 256 for j in range(1024))
    blocks = [first.translate(bytes((v + k) % 256 for v in range(256))) for k in range(256)]
    return b"".join(blocks[k % 256] for k in range(size // 1024))


# region receivers


def thread_receiver(inbox, outbox):
    """thread_receiver digests every payload that arrives on inbox, until
    None: the payload is the sender's own object, no byte is copied."""
    for b in iter(inbox.get, None):
        outbox.put(digest(b))


def process_receiver(conn):
    """process_receiver is the child process: it unpickles every payload
    from the pipe and sends back its digest, until None."""
    pools.ignore_sigint()
    while True:
        b = conn.recv()
        if b is None:
            return
        h = digest(b)
        # Free the payload before answering: freeing 16 MiB takes
        # milliseconds, which would otherwise land on the next message.
        del b
        conn.send(h)

# endregion


class IpcDemo:
    """IpcDemo holds the payloads, the thread and the child process."""

    def __init__(self):
        self.messages, self.payloads = 0, {}
        self.inbox = self.outbox = self.thread = None
        self.conn = self.proc = None

    def demo(self):
        strategies = []
        for kind in ("thread", "process"):
            for size in SIZES:
                if kind == "thread":
                    run, label = self.to_thread(size), "%s to a thread over a queue.Queue"
                else:
                    run, label = self.to_process(size), "%s to a child process over a pipe (pickle)"
                # Both ways of sending a size must get the same digest back.
                group = name("", size)[1:]
                strategies.append(measure.Strategy(name(kind, size), label % group, run, group=group))
        return measure.Demo(
            name="ipc-py",
            title="share memory vs copy it in CPython: thread vs child process",
            expected="thread flat (16 MiB within 4× of 1 KiB); process grows with size "
                     "(16 MiB >= 50× 1 KiB); at 16 MiB process/thread >= 100×",
            # The strategies send different sizes: compare them by the time
            # per message, not by a speedup.
            no_speedup=True,
            setup=self.setup,
            teardown=self.stop,
            strategies=strategies,
            claims=[
                claims.metric_ratio("thread_largest_per_smallest_x", "per_message_s",
                                    name("thread", LARGEST), name("thread", SMALLEST), 0, 4),
                claims.metric_ratio("process_largest_per_smallest_x", "per_message_s",
                                    name("process", LARGEST), name("process", SMALLEST), 50, float("inf")),
                claims.metric_ratio("process_per_thread_largest_x", "per_message_s",
                                    name("process", LARGEST), name("thread", LARGEST), 100, float("inf")),
            ],
        )

    def setup(self, o):
        self.messages = 1 if o.quick else 8
        self.payloads = {size: payload(size) for size in SIZES}
        self.inbox, self.outbox = queue.Queue(), queue.Queue()
        self.thread = threading.Thread(target=thread_receiver, args=(self.inbox, self.outbox), name="receiver")
        self.thread.start()
        t0 = time.perf_counter()
        ctx = pools.context()
        self.conn, theirs = ctx.Pipe()
        self.proc = ctx.Process(target=process_receiver, args=(theirs,), name="receiver")
        self.proc.start()
        theirs.close()
        self.conn.send(b"")  # the first answer says the child is ready
        self.conn.recv()
        return {"messages": self.messages, "smallest_bytes": SMALLEST, "largest_bytes": LARGEST,
                "process_start_s": time.perf_counter() - t0}

    def stop(self):
        """stop ends the thread and the child process, also when a strategy
        failed."""
        if self.thread is not None:
            self.inbox.put(None)
            self.thread.join()
            self.thread = None
        if self.proc is not None:
            try:
                self.conn.send(None)
            except OSError:
                pass
            self.conn.close()
            self.proc.join(10)
            if self.proc.is_alive():
                self.proc.kill()
                self.proc.join()
            self.proc = None

    def exchange(self, r, size, send):
        """exchange sends the payload of size self.messages times through
        send, checks each answer, records the time per message and returns
        the digest: the two strategies of a size must agree."""
        b = self.payloads[size]
        want = digest(b)
        t0 = time.perf_counter()
        for i in range(self.messages):
            got = send(b)
            if got != want:
                raise measure.Failure("message %d of %d bytes: digest %x, want %x" % (i, size, got, want))
        r.metric("per_message_s", (time.perf_counter() - t0) / self.messages)
        return want

    # region thread
    def to_thread(self, size):
        def run(r):
            def send(b):
                self.inbox.put(b)  # a reference to the same bytes object
                return self.outbox.get()
            return self.exchange(r, size, send)
        return run

    # endregion

    # region process
    def to_process(self, size):
        def run(r):
            def send(b):
                # Pickle, write through a pipe, read, unpickle in the child;
                # the small digest comes back the same way.
                self.conn.send(b)
                return self.conn.recv()
            return self.exchange(r, size, send)
        return run

    # endregion


if __name__ == "__main__":
    IpcDemo().demo().main()
