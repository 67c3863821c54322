"""Blocking code from async, and async code from a thread."""
import asyncio
import time
from concurrent.futures import ThreadPoolExecutor


def blocking_read(n):
    """Stands in for a blocking call: a file, a database driver, requests."""
    time.sleep(0.01)
    return n * 10


async def async_double(n):
    await asyncio.sleep(0.01)
    return n * 2


async def main():
    # Blocking code from async: run it on a thread so the loop keeps
    # serving its other tasks meanwhile.
    a = await asyncio.to_thread(blocking_read, 1)  # the default executor
    loop = asyncio.get_running_loop()
    with ThreadPoolExecutor(max_workers=2) as pool:  # a pool of your own
        b = await loop.run_in_executor(pool, blocking_read, 2)
    print("blocking calls from the loop:", a, b)

    # Async code from a thread: hand the coroutine to the loop, which runs
    # it on its own thread, and wait for the result in this one.
    def in_a_thread():
        future = asyncio.run_coroutine_threadsafe(async_double(21), loop)
        return future.result(timeout=5)  # a concurrent.futures.Future

    c = await asyncio.to_thread(in_a_thread)
    print("a coroutine from a thread:", c)


if __name__ == "__main__":
    asyncio.run(main())
