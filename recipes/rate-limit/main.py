"""Rate limit: at most one call per interval, however fast the
calls return."""
import asyncio


async def call(i):
    """Stands in for a request to a service that allows 50
    calls a second."""
    return i


async def main():
    interval = 0.02  # 50 calls a second
    loop = asyncio.get_running_loop()
    start = loop.time()
    # The slots are fixed times from the start: no drift.
    slots = [start + i * interval for i in range(1, 6)]
    started = []
    for i, slot in enumerate(slots, 1):
        # sleep may wake a hair early: wait until the slot.
        while (wait := slot - loop.time()) > 0:
            await asyncio.sleep(wait)
        started.append(loop.time())
        await call(i)

    early = sum(at < s for at, s in zip(started, slots))
    print(f"{len(started)} calls, {early} before its slot")


if __name__ == "__main__":
    asyncio.run(main())
