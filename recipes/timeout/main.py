"""Timeout per call: each call gets its own deadline, and the
coroutine is cancelled at the await where it waits when the
deadline passes."""
import asyncio


async def call(seconds):
    """Stands in for a request that takes this long."""
    await asyncio.sleep(seconds)
    return "ok"


async def main():
    for name, seconds in [("fast", 0), ("slow", 3600)]:
        try:
            # asyncio.timeout is new in 3.11; else wait_for.
            async with asyncio.timeout(0.2):
                result = await call(seconds)
        except TimeoutError:
            print(f"{name}: timed out")
        else:
            print(f"{name}: {result}")


if __name__ == "__main__":
    asyncio.run(main())
