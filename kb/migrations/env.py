"""Alembic environment: runs on the connection handed over by kb.db.upgrade."""
from alembic import context
from sqlmodel import SQLModel

import kb.models  # noqa: F401  (registers the tables)

target_metadata = SQLModel.metadata


def run() -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:
        from kb.db import get_engine

        with get_engine().begin() as connection:
            _configure(connection)
        return
    _configure(connection)


def _configure(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


run()
