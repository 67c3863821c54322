"""machine stamps the machine a Python demo runs on and times the noise
guard's calibration task: the twin of demos/internal/measure's env.go and
calibrate.go.

The stamp has the fields of a Go demo's (cpu, cores, os, arch, time, noisy,
load1) without go and gomaxprocs, and with python (the version, "3.11.7"),
implementation ("cpython") and gil ("enabled", or "disabled" in a
free-threaded build that runs without it).
"""

import datetime
import os
import platform
import resource
import subprocess
import sys
import time

# The names Go gives the architectures, so that a Python stamp and a Go
# stamp of the same machine say the same thing.
_ARCH = {"x86_64": "amd64", "amd64": "amd64", "aarch64": "arm64", "arm64": "arm64",
         "i386": "386", "i686": "386", "armv7l": "arm", "ppc64le": "ppc64le",
         "s390x": "s390x", "riscv64": "riscv64"}


def stamp():
    """stamp describes the machine and the moment of the run."""
    now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    return {
        "cpu": cpu_model(),
        "cores": os.cpu_count() or 1,
        "os": goos(),
        "arch": _ARCH.get(platform.machine().lower(), platform.machine().lower() or "unknown"),
        "time": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "noisy": False,
        "load1": load1(),
        "python": platform.python_version(),
        "implementation": sys.implementation.name,
        "gil": "enabled" if gil_enabled() else "disabled",
    }


def gil_enabled():
    """gil_enabled reports whether this interpreter runs with a global
    interpreter lock: always before 3.13, and in 3.13+ unless the build is
    free-threaded and the lock was not turned back on."""
    check = getattr(sys, "_is_gil_enabled", None)
    return True if check is None else bool(check())


def goos():
    """goos names the operating system as Go does: linux, darwin, windows."""
    for prefix, name in (("linux", "linux"), ("darwin", "darwin"), ("win", "windows"),
                         ("freebsd", "freebsd"), ("openbsd", "openbsd"), ("netbsd", "netbsd")):
        if sys.platform.startswith(prefix):
            return name
    return sys.platform


def cpu_model():
    """cpu_model names the processor: /proc/cpuinfo on Linux, sysctl on
    macOS and the BSDs, the architecture elsewhere."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as f:
            for line in f:
                key, sep, value = line.partition(":")
                # "model name" on x86, "Model" or "cpu model" elsewhere.
                if sep and key.strip() in ("model name", "Model", "cpu model") and value.strip():
                    return " ".join(value.split())
    except OSError:
        pass
    for name in ("machdep.cpu.brand_string", "hw.model"):
        try:
            out = subprocess.run(["sysctl", "-n", name], capture_output=True, text=True, timeout=5)
        except (OSError, subprocess.SubprocessError):
            break
        if out.returncode == 0 and out.stdout.strip():
            return out.stdout.strip()
    return "unknown " + (platform.machine() or "machine")


def load1():
    """load1 returns the one-minute load average, or 0 where there is none."""
    try:
        return os.getloadavg()[0]
    except (OSError, AttributeError):
        return 0.0


def cpu_time():
    """cpu_time returns the user and system CPU seconds of this process and
    of its children that have been waited for."""
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        ru = resource.getrusage(who)
        total += ru.ru_utime + ru.ru_stime
    return total


_MASK = (1 << 64) - 1


def spin(n):
    """spin is the noise guard's calibration task: a dependent chain of
    integer operations."""
    x = 88172645463325252
    for _ in range(n):
        x ^= (x << 13) & _MASK
        x ^= x >> 7
        x ^= (x << 17) & _MASK
    return x


def guard(n):
    """guard times the calibration task and returns its wall time and the
    cores it used (CPU time of this process / wall time)."""
    c0 = cpu_time()
    t0 = time.perf_counter()
    spin(n)
    wall = time.perf_counter() - t0
    cpu = cpu_time() - c0
    return wall, (cpu / wall if wall > 0 and cpu > 0 else 0.0)


def calibrate(target, work):
    """calibrate returns the size n for which work(n) takes about target
    seconds here: it doubles n until one call takes at least a quarter of
    target, then scales linearly, keeping the fastest of three timings so
    that a moment of interference does not shrink the work. work must take
    time proportional to n."""
    def time_it(n):
        t0 = time.perf_counter()
        work(n)
        return time.perf_counter() - t0

    n = 1
    while True:
        took = time_it(n)
        if took >= target / 4 or n >= 1 << 40:
            break
        n *= 2
    best = min(took, time_it(n), time_it(n))
    if best <= 0:
        return n
    return max(1, int(n * target / best))


def noisy(cores_before, cores_after, load, cores):
    """noisy is the noise guard's rule: the calibration task got less than
    0.9 of a core before or after the repeats (another program took the CPU
    from it), or the one-minute load average at the start exceeded the
    number of logical cores."""
    return cores_before < 0.9 or cores_after < 0.9 or load > cores
