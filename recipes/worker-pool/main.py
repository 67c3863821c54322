"""Worker pool: a fixed number of threads take jobs from one
queue."""
from concurrent.futures import ThreadPoolExecutor


def square(n):
    """Stands in for the work one job does."""
    return n * n


def main():
    with ThreadPoolExecutor(max_workers=4) as pool:
        # map hands the jobs to the pool's threads and yields
        # the results in the order of the jobs; a job's
        # exception is raised here, when its result comes.
        total = sum(pool.map(square, range(1, 101)))
    print("sum of the squares of 1..100:", total)


if __name__ == "__main__":
    main()
