"""Small measuring tools: percentiles, child processes with their own peak memory, HTTP on loopback.

Why `os.wait4` for a child's peak memory: `getrusage(RUSAGE_CHILDREN)` reports the largest of *all*
children reaped so far, so a big earlier child would hide a smaller later one; `wait4` gives the
resource usage of exactly the child it reaps, so the peaks of the index build, the FTS build and the
servers never mix.
"""
from __future__ import annotations

import http.client
import os
import platform
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Sequence

HOST = "127.0.0.1"  # every request of the benchmarks goes to loopback, nowhere else


def percentile(values: Sequence[float], p: float) -> float:
    """The p-th percentile (0..100) by linear interpolation; NaN for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo = int(k)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


@dataclass
class ChildResult:
    returncode: int
    seconds: float
    peak_rss_mb: float
    stdout: str
    stderr: str


def run_child(args: list[str], env: dict[str, str] | None = None, timeout: float = 3600) -> ChildResult:
    """Run a Python child process to its end; its wall time and its own peak RSS (ru_maxrss, in kB)."""
    started = time.perf_counter()
    with open(os.devnull, "rb") as devnull, _tmpfile() as out, _tmpfile() as err:
        proc = subprocess.Popen(args, stdin=devnull, stdout=out, stderr=err, env=env)
        deadline = time.monotonic() + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.05)
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        seconds = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        return ChildResult(proc.returncode, seconds, usage.ru_maxrss / 1024, out.read().decode(errors="replace"),
                           err.read().decode(errors="replace"))


def _tmpfile():
    import tempfile

    return tempfile.TemporaryFile()


def vm_hwm_mb(pid: int) -> tuple[float, float]:
    """(peak RSS, current RSS) of a running process in MB, from /proc/<pid>/status."""
    values = {}
    with open(f"/proc/{pid}/status") as fh:
        for line in fh:
            if line.startswith(("VmHWM:", "VmRSS:")):
                key, kb, _unit = line.split()
                values[key[:-1]] = int(kb) / 1024
    return values.get("VmHWM", float("nan")), values.get("VmRSS", float("nan"))


def dir_size_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1024 / 1024


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def http_get(port: int, path: str, timeout: float = 60) -> tuple[int, bytes, float]:
    """One GET on a fresh connection (as a browser's first request would be): status, body, seconds."""
    started = time.perf_counter()
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        body = response.read()
    finally:
        conn.close()
    return response.status, body, time.perf_counter() - started


def wait_for_http(port: int, path: str, proc: subprocess.Popen | None = None, timeout: float = 120) -> None:
    """Poll until the server answers 200 (bounded in time); fail early when its process died."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server process ended with code {proc.returncode}")
        try:
            status, _, _ = http_get(port, path, timeout=10)
            if status == 200:
                return
            last = status
        except OSError as exc:
            last = exc
        time.sleep(0.2)
    raise TimeoutError(f"no answer on 127.0.0.1:{port}{path} within {timeout}s (last: {last})")


def bounded_rounds(rounds: int, budget_s: float, step: Callable[[int], None]) -> int:
    """Call step(0), step(1), … at most `rounds` times and stop starting new ones after `budget_s`."""
    started = time.monotonic()
    done = 0
    for n in range(rounds):
        if time.monotonic() - started > budget_s:
            break
        step(n)
        done += 1
    return done


def machine() -> dict[str, str]:
    """What the numbers were measured on."""
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    import sqlite3

    return {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": cpu,
        "nproc": str(len(os.sched_getaffinity(0))),
        "memory": mem,
        "load": "{:.1f} {:.1f} {:.1f}".format(*os.getloadavg()),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "platform": platform.platform(),
        "executable": sys.executable,
    }
