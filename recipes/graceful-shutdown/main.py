"""Graceful shutdown: on SIGINT or SIGTERM, stop taking work, let the jobs
in flight finish, then exit normally."""
import asyncio
import signal


async def worker(jobs):
    while True:
        await jobs.get()
        await asyncio.sleep(0.005)  # a job, finished once started
        jobs.task_done()


async def main():
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        # The handler runs on the loop, as a callback: it may touch the
        # loop's objects, which a signal.signal handler may not.
        loop.add_signal_handler(sig, stop.set)

    jobs = asyncio.Queue(maxsize=2)
    workers = [asyncio.create_task(worker(jobs)) for _ in range(2)]
    print("ready", flush=True)

    n = 0
    while not stop.is_set():
        await jobs.put(n)  # waits while both workers are busy
        n += 1
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.remove_signal_handler(sig)  # a second Ctrl-C ends it at once
    print("shutting down")
    await jobs.join()  # every job taken is finished
    for w in workers:
        w.cancel()  # the workers wait on an empty queue: end them
    await asyncio.gather(*workers, return_exceptions=True)
    print("stopped cleanly")


if __name__ == "__main__":
    asyncio.run(main())
