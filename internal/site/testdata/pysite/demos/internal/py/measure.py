"""The stamp the fixture's Python demos share."""

import sys


# region stamp
def stamp():
    """Return a fixed stamp, so that pages compare with golden files."""
    return {
        "cpu": "Fixture CPU", "cores": 2, "os": "linux", "arch": "x86_64",
        "time": "2026-11-26T03:10:00Z", "python": "3.11.7",
        "implementation": sys.implementation.name, "gil": "enabled",
    }
# endregion
