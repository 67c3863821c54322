"""Graceful shutdown: on SIGINT or SIGTERM, stop taking work,
let the jobs in flight finish, then exit normally."""
import asyncio
import signal

SIGNALS = (signal.SIGINT, signal.SIGTERM)


async def worker(jobs):
    while True:
        await jobs.get()
        # A job: once started, it is finished.
        await asyncio.sleep(0.005)
        jobs.task_done()


async def main():
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in SIGNALS:
        # The handler runs on the loop, as a callback, so it
        # may touch the loop's objects; a handler installed
        # with signal.signal may not.
        loop.add_signal_handler(sig, stop.set)

    jobs = asyncio.Queue(maxsize=2)
    workers = [asyncio.create_task(worker(jobs))
               for _ in range(2)]
    print("ready", flush=True)

    n = 0
    while not stop.is_set():
        await jobs.put(n)  # waits while the workers are busy
        n += 1
    for sig in SIGNALS:
        # From here, a second Ctrl-C ends it at once.
        loop.remove_signal_handler(sig)
    print("shutting down")
    await jobs.join()  # every job taken is finished
    for w in workers:
        w.cancel()  # they wait on an empty queue: end them
    await asyncio.gather(*workers, return_exceptions=True)
    print("stopped cleanly")


if __name__ == "__main__":
    asyncio.run(main())
