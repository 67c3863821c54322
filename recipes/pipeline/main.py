"""Pipeline: stages joined by bounded queues. A stage that runs
ahead waits when the queue to the next one is full."""
import asyncio

DONE = object()  # sent down the pipeline after the last item


async def generate(n, out):
    for i in range(1, n + 1):
        await out.put(i)  # waits while the queue is full
    await out.put(DONE)


async def square(inbox, out):
    while (item := await inbox.get()) is not DONE:
        await out.put(item * item)
    await out.put(DONE)


async def main():
    numbers = asyncio.Queue(maxsize=4)  # the bound
    squares = asyncio.Queue(maxsize=4)
    total = 0
    # If a stage fails, the TaskGroup cancels the others.
    async with asyncio.TaskGroup() as tg:
        tg.create_task(generate(10, numbers))
        tg.create_task(square(numbers, squares))
        while (item := await squares.get()) is not DONE:
            total += item
    print("sum of the squares of 1..10:", total)


if __name__ == "__main__":
    asyncio.run(main())
