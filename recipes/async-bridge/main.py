"""Blocking code from async, and async code from a thread."""
import asyncio
import time
from concurrent.futures import ThreadPoolExecutor


def blocking_read(n):
    """Stands in for a blocking call: a file, a database
    driver, an HTTP client that is not async."""
    time.sleep(0.01)
    return n * 10


async def async_double(n):
    await asyncio.sleep(0.01)
    return n * 2


async def main():
    # Blocking code from async: run it on a thread, so that
    # the loop serves its other tasks meanwhile.
    a = await asyncio.to_thread(blocking_read, 1)
    loop = asyncio.get_running_loop()
    with ThreadPoolExecutor(max_workers=2) as pool:
        b = await loop.run_in_executor(pool, blocking_read, 2)
    print("blocking calls from the loop:", a, b)

    # Async code from a thread: hand the coroutine to the
    # loop, which runs it on its own thread, and wait for
    # the result (a concurrent.futures.Future) in this one.
    def in_a_thread():
        coro = async_double(21)
        future = asyncio.run_coroutine_threadsafe(coro, loop)
        return future.result(timeout=5)

    c = await asyncio.to_thread(in_a_thread)
    print("a coroutine from a thread:", c)


if __name__ == "__main__":
    asyncio.run(main())
