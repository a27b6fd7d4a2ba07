"""The app (and helpers) as real child processes on loopback, for the production and fault tests.

Every child is started with an explicit argument list and a clean PRAKTIJKBANK_* environment, and
is stopped by its own pid (terminate, then kill after a bounded wait); nothing else is touched.
"""
from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from live_server import free_port

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
VENV_BIN = Path(sys.executable).parent
HOST = "127.0.0.1"


def clean_env(**extra: str) -> dict[str, str]:
    """This process's environment without any PRAKTIJKBANK_ setting, plus `extra`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRAKTIJKBANK_") and k not in ("HOST", "PORT")}
    env["PYTHONUNBUFFERED"] = "1"
    env.update(extra)
    return env


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def json(self) -> Any:
        return json.loads(self.body)


def request(port: int, path: str, method: str = "GET", body: bytes | None = None,
            headers: dict[str, str] | None = None, timeout: float = 20) -> Response:
    """One request on a fresh connection (so that several gunicorn workers get a chance to answer)."""
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        r = conn.getresponse()
        return Response(r.status, {k.lower(): v for k, v in r.getheaders()}, r.read())
    finally:
        conn.close()


def wait_until(check: Callable[[], Any], timeout: float, interval: float = 0.2, what: str = "condition") -> Any:
    """Call `check` until it returns something truthy (returned); AssertionError after `timeout` s."""
    deadline = time.monotonic() + timeout
    last: Any = None
    while True:
        try:
            last = check()
            if last:
                return last
        except (OSError, http.client.HTTPException, ValueError) as exc:
            last = exc
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} not reached within {timeout}s (last: {last!r})")
        time.sleep(interval)


@dataclass
class Child:
    """A child process with its output in a log file."""

    args: list[str]
    env: dict[str, str]
    log: Path
    port: int | None = None
    proc: subprocess.Popen | None = field(default=None, repr=False)

    def start(self) -> "Child":
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log, "ab") as out, open(os.devnull, "rb") as devnull:
            self.proc = subprocess.Popen(self.args, stdin=devnull, stdout=out, stderr=subprocess.STDOUT,
                                         cwd=ROOT, env=self.env)
        return self

    @property
    def pid(self) -> int:
        return self.proc.pid

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def output(self, tail: int = 4000) -> str:
        try:
            return self.log.read_text(errors="replace")[-tail:]
        except OSError:
            return ""

    def kill(self) -> None:
        """SIGKILL, no chance to clean up (a crash, an OOM kill, a power cut of the process)."""
        if self.alive():
            os.kill(self.proc.pid, signal.SIGKILL)
        if self.proc is not None:
            self.proc.wait(timeout=10)

    def stop(self, timeout: float = 15) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)

    def wait_ready(self, path: str = "/api/health", timeout: float = 60) -> None:
        def ready():
            if not self.alive():
                raise AssertionError(f"{self.args[:3]} ended with {self.proc.returncode}:\n{self.output()}")
            return request(self.port, path, timeout=10).status == 200

        try:
            wait_until(ready, timeout, what=f"{path} answering 200")
        except AssertionError as exc:
            raise AssertionError(f"{exc}\n--- log ---\n{self.output()}") from None


def app_process(var_dir: Path, log: Path, database_url: str | None = None, port: int | None = None,
                **env: str) -> Child:
    """`python app.py` (the development server, one process) over `var_dir`."""
    port = port or free_port()
    extra = {"PRAKTIJKBANK_VAR_DIR": str(var_dir), "HOST": HOST, "PORT": str(port), **env}
    if database_url:
        extra["PRAKTIJKBANK_DATABASE_URL"] = database_url
    return Child([PYTHON, str(ROOT / "app.py")], clean_env(**extra), log, port)


def gunicorn_process(var_dir: Path, log: Path, workers: int, database_url: str, threads: int = 2,
                     port: int | None = None, **env: str) -> Child:
    """The production command of `make serve` (docs/deploy.md), with its own port and no control socket."""
    port = port or free_port()
    extra = {"PRAKTIJKBANK_VAR_DIR": str(var_dir), "PRAKTIJKBANK_DATABASE_URL": database_url, **env}
    args = [str(VENV_BIN / "gunicorn"), "--workers", str(workers), "--threads", str(threads),
            "--bind", f"{HOST}:{port}", "--graceful-timeout", "5", "--no-control-socket", "app:create_server()"]
    return Child(args, clean_env(**extra), log, port)


def kb_command(args: list[str], var_dir: Path, log: Path, database_url: str | None = None, **env: str) -> Child:
    """`python -m kb …` against `var_dir` (not started)."""
    extra = {"PRAKTIJKBANK_VAR_DIR": str(var_dir), **env}
    if database_url:
        extra["PRAKTIJKBANK_DATABASE_URL"] = database_url
    return Child([PYTHON, "-m", "kb", *args], clean_env(**extra), log)


def health(port: int) -> dict[str, Any]:
    r = request(port, "/api/health")
    assert r.status == 200, (r.status, r.text[:500])
    return r.json()


def healthy(port: int) -> dict[str, Any] | None:
    """The health answer when the index holds exactly what the database publishes, else None."""
    h = health(port)
    return h if h["status"] == "ok" and h["initiatives"] == h["indexed"] else None
