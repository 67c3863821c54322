"""Fan-out, fan-in: one call per item, at most three at once;
the first error cancels the others."""
import asyncio


async def fetch(item_id):
    """Stands in for a call to a slow service."""
    await asyncio.sleep(0.01)
    return f"item-{item_id}"


async def main():
    limit = asyncio.Semaphore(3)  # three calls in flight

    async def limited(item_id):
        async with limit:
            return await fetch(item_id)

    # The TaskGroup waits for every task. When one fails, it
    # cancels the others and raises the failures together, as
    # an ExceptionGroup.
    async with asyncio.TaskGroup() as tg:
        tasks = [tg.create_task(limited(i))
                 for i in range(1, 9)]
    print(" ".join(t.result() for t in tasks))


if __name__ == "__main__":
    asyncio.run(main())
