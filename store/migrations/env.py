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
    """SQLite alters a table by copying it and dropping the old one; with foreign keys on,
    that drop would cascade to every row that refers to it (a plan's actions, themes and
    people). So they are off while migrating, set on the raw connection, outside any
    transaction, where SQLite honours the pragma."""
    if connection.dialect.name == "sqlite":
        connection.connection.driver_connection.execute(
            f"PRAGMA foreign_keys={'ON' if on else 'OFF'}"
        )


with engine.connect() as connection:
    _foreign_keys(connection, False)
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,  # SQLite can only ALTER by copying the table
        compare_type=True,
        render_item=render_item,
    )
    try:
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()
    finally:
        _foreign_keys(connection, True)
