"""Serve the real app for the benchmarks: `python -m bench.serve VAR_DIR PORT` (run as a child process).

Why a child process: its peak memory (VmHWM) is then the serving process's own, not mixed with the
benchmark client's. Like tests/live_server.py it uses werkzeug's threaded server on 127.0.0.1 with the
app's own settings read from PRAKTIJKBANK_VAR_DIR; no debug mode, no reloader.
"""
from __future__ import annotations

import logging
import os
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    var_dir, port = Path(argv[0]), int(argv[1])
    os.environ["PRAKTIJKBANK_VAR_DIR"] = str(var_dir)
    os.environ.pop("PRAKTIJKBANK_INDEX_DIR", None)
    os.environ.pop("PRAKTIJKBANK_DATABASE_URL", None)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no access log line per request

    from werkzeug.serving import make_server

    from app import create_app

    app = create_app()
    server = make_server("127.0.0.1", port, app.server, threaded=True)
    print(f"serving on 127.0.0.1:{port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
