"""work-py is the fixture's Python twin of the work demo: it prints a
report and writes fixed results to DEMO_RESULTS."""

import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "internal", "py"))
import measure  # noqa: E402


def main():
    # region workload
    total = sum(i * i for i in range(1000))
    print(f"work-py: {total} <done>")
    # endregion
    results = {
        "demo": "work-py",
        "env": measure.stamp(),
        "strategies": [
            {"name": "sequential", "runs_s": [1.6, 1.61, 1.63], "median_s": 1.61, "min_s": 1.6, "max_s": 1.63,
             "speedup": 1, "speedup_min": 1, "speedup_max": 1},
            {"name": "threads", "runs_s": [1.64, 1.66, 1.7], "median_s": 1.66, "min_s": 1.64, "max_s": 1.7,
             "speedup": 0.97, "speedup_min": 0.94, "speedup_max": 0.99},
            {"name": "processes", "runs_s": [0.85, 0.86, 0.88], "median_s": 0.86, "min_s": 0.85, "max_s": 0.88,
             "speedup": 1.87, "speedup_min": 1.83, "speedup_max": 1.9},
        ],
        "check": {"ok": True, "noisy": False, "expected": "threads 0.8-1.2x"},
    }
    path = os.environ.get("DEMO_RESULTS")
    if path:
        with open(path, "w") as f:
            json.dump(results, f)


if __name__ == "__main__":
    main()
