"""Serve the real app from a thread on a free port, against its own var/ directory."""
from __future__ import annotations

import os
import socket
import threading
from pathlib import Path

from werkzeug.serving import make_server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    def __init__(self, var_dir: Path, database_url: str | None = None):
        self.var_dir = var_dir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        os.environ["PRAKTIJKBANK_VAR_DIR"] = str(var_dir)
        os.environ.pop("PRAKTIJKBANK_INDEX_DIR", None)
        if database_url:
            os.environ["PRAKTIJKBANK_DATABASE_URL"] = database_url
        else:
            os.environ.pop("PRAKTIJKBANK_DATABASE_URL", None)

    def start(self, seed_dir: Path | None = None) -> "LiveServer":
        from app import create_app
        from kb import content, initdb

        initdb.init()
        if seed_dir is not None:
            report = content.import_dir(seed_dir)
            assert report.ok, report.errors
        self.app = create_app()
        self._server = make_server("127.0.0.1", self.port, self.app.server, threaded=True)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._thread.join(timeout=5)
