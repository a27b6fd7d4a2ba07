"""Start and stop the two HTTP servers under test as child processes on free loopback ports.

Each server is our own child, started with an explicit argument list and stopped by its own pid
(terminate, then kill after a bounded wait); nothing else is touched.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from bench.measure import HOST, free_port, vm_hwm_mb, wait_for_http

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Server:
    name: str
    proc: subprocess.Popen
    port: int
    log: Path

    def memory_mb(self) -> tuple[float, float]:
        """(peak RSS, current RSS) of the server process."""
        return vm_hwm_mb(self.proc.pid)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)


def _start(name: str, args: list[str], port: int, ready_path: str, log: Path, timeout: float,
           env: dict[str, str] | None = None) -> Server:
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "wb") as out, open(os.devnull, "rb") as devnull:
        proc = subprocess.Popen(args, stdin=devnull, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT, env=env)
    server = Server(name, proc, port, log)
    try:
        wait_for_http(port, ready_path, proc, timeout=timeout)
    except Exception:
        server.stop()
        raise RuntimeError(f"{name} did not start; see {log}:\n{log.read_text()[-2000:]}") from None
    return server


def start_app(var_dir: Path, log: Path, timeout: float = 300) -> Server:
    """Our app (Dash + JSON API) over `var_dir`, ready when /api/health answers."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRAKTIJKBANK_")}
    return _start("praktijkbank", [sys.executable, "-m", "bench.serve", str(var_dir), str(port)], port,
                  "/api/health", log, timeout, env)


def datasette_binary() -> str | None:
    """The `datasette` next to this Python (bench/requirements.txt), else one on PATH, else None."""
    local = Path(sys.executable).with_name("datasette")
    return str(local) if local.exists() else shutil.which("datasette")


def start_datasette(db: Path, log: Path, timeout: float = 120) -> Server:
    """Datasette over the FTS copy; generous time limits so that facets are computed, not cut off."""
    binary = datasette_binary()
    if binary is None:
        raise RuntimeError("datasette is not installed (pip install -r bench/requirements.txt)")
    port = free_port()
    args = [binary, "serve", str(db), "-h", HOST, "-p", str(port),
            "--setting", "suggest_facets", "off",
            "--setting", "facet_time_limit_ms", "30000",
            "--setting", "sql_time_limit_ms", "30000"]
    return _start("datasette", args, port, f"/{db.stem}.json", log, timeout)
