"""xorshift is the CPU-bound work of cpu-py and subinterp-py: the same
chain of dependent integer operations as demos/cpu's, in pure Python, so
that only one core can do one task. A sub-interpreter imports it too,
which is why it is a module of its own with no other imports."""

# region workload

MASK = (1 << 64) - 1  # Python's integers are unbounded: keep 64 bits, as Go's uint64
CHUNK = 256  # rounds between two calls of tick


def work(seed, rounds, tick):
    """work does one task: rounds of a xorshift generator, a chain of
    dependent operations that no core can share. Every CHUNK rounds it
    calls tick."""
    x = seed | 1
    done = 0
    while done < rounds:
        for _ in range(min(CHUNK, rounds - done)):
            x ^= (x << 13) & MASK
            x ^= x >> 7
            x ^= (x << 17) & MASK
        done += CHUNK
        tick()
    return x

# endregion


def nop():
    """nop is the tick of a task nobody watches."""
