"""CPU-bound work on every core: a pool of processes, fed in
chunks."""
from concurrent.futures import ProcessPoolExecutor


def collatz_steps(n):
    """At the top of the module: the workers find it by name."""
    steps = 0
    while n != 1:
        n = n // 2 if n % 2 == 0 else 3 * n + 1
        steps += 1
    return steps


def main():
    numbers = range(1, 10_001)
    # One worker per core by default. chunksize sends 500
    # numbers per message instead of one, so pickling and the
    # pipe cost once per chunk, not once per number.
    with ProcessPoolExecutor() as pool:
        steps = list(
            pool.map(collatz_steps, numbers, chunksize=500))
    longest = max(numbers, key=lambda n: steps[n - 1])
    print(f"longest chain up to 10000: {longest},",
          f"{steps[longest - 1]} steps")


# The spawn and forkserver start methods import this file again
# in each worker: without the guard, each worker would call
# main() and fail with a RuntimeError, and the pool with
# BrokenProcessPool.
if __name__ == "__main__":
    main()
