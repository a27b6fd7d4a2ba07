"""Settings from environment variables, with embedded defaults (see DESIGN.md).

Everything that varies between a laptop and a server is read here and nowhere else.
"""
from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    var_dir: Path
    database_url: str
    index_dir: Path
    host: str
    port: int

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    def secret_key(self) -> str:
        """The session secret: from the environment, else generated once into var/."""
        key = os.environ.get("PRAKTIJKBANK_SECRET_KEY")
        if key:
            return key
        path = self.var_dir / "secret_key"
        if not path.exists():
            self.var_dir.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_text(secrets.token_hex(32))
            os.chmod(tmp, 0o600)
            os.replace(tmp, path)
        return path.read_text().strip()


def load() -> Settings:
    # An empty variable counts as unset (a Makefile or unit file may pass VAR= through).
    var_dir = Path(os.environ.get("PRAKTIJKBANK_VAR_DIR") or ROOT / "var")
    url = os.environ.get("PRAKTIJKBANK_DATABASE_URL") or f"sqlite:///{var_dir / 'praktijkbank.db'}"
    index_dir = Path(os.environ.get("PRAKTIJKBANK_INDEX_DIR") or var_dir / "index")
    return Settings(
        var_dir=var_dir,
        database_url=url,
        index_dir=index_dir,
        host=os.environ.get("HOST") or "127.0.0.1",
        port=int(os.environ.get("PORT") or "8050"),
    )
