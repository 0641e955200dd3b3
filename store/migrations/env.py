"""Alembic environment: the engine comes from store.db, never from an ini file."""

from __future__ import annotations

from typing import Any, Literal

from alembic import context

from store.models import Base
from store.timeutil import UTCDateTime

engine = context.config.attributes["engine"]


def render_item(type_: str, obj: Any, autogen_context: Any) -> str | Literal[False]:
    """Write our UTCDateTime as a plain timezone-aware DateTime: migrations stay frozen."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _foreign_keys(connection: Any, on: bool) -> None:
    """SQLite's batch mode copies a table and drops the old one; with foreign keys on, that
    drop deletes every row that refers to it (ON DELETE CASCADE). They are switched off for
    the migration, outside any transaction (SQLite ignores the pragma inside one), and back
    on before the connection returns to the pool."""
    if connection.dialect.name == "sqlite":
        connection.connection.dbapi_connection.execute(
            f"PRAGMA foreign_keys={'ON' if on else 'OFF'}"
        )


with engine.connect() as connection:
    _foreign_keys(connection, on=False)
    try:
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            render_as_batch=True,  # SQLite can only ALTER by copying the table
            compare_type=True,
            render_item=render_item,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()
    finally:
        if connection.in_transaction():  # a failed migration: end it, or the pragma is ignored
            connection.rollback()
        _foreign_keys(connection, on=True)
