"""The database layer: safe SQLite settings, aware times, URLs people paste."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import Engine
from sqlalchemy.exc import StatementError
from sqlalchemy.orm import Session, sessionmaker

from store.db import normalise_url
from store.models import Plan
from store.plans import create_plan
from tests.conftest import POSTGRES_URL


@pytest.mark.skipif(bool(POSTGRES_URL), reason="SQLite pragmas; this run uses PostgreSQL")
def test_sqlite_runs_in_wal_with_foreign_keys(engine: Engine) -> None:
    """The embedded SQLite file uses WAL, enforces foreign keys and waits on locks."""
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10000


def test_times_come_back_aware_utc(db: sessionmaker[Session]) -> None:
    """A time stored in any zone reads back as the same instant, aware, in UTC."""
    bst = timezone(timedelta(hours=1))
    with db.begin() as s:
        create_plan(s, slug="x", name="X", at=datetime(2026, 7, 1, 10, 0, tzinfo=bst))
    with db() as s:
        plan = s.query(Plan).one()
        assert plan.created_at == datetime(2026, 7, 1, 9, 0, tzinfo=UTC)
        assert plan.created_at.tzinfo is UTC


def test_naive_time_is_refused(db: sessionmaker[Session]) -> None:
    """Storing a naive time is a bug, refused rather than guessed."""
    with pytest.raises(StatementError, match="naive datetime"), db.begin() as s:
        create_plan(s, slug="x", name="X", at=datetime(2026, 7, 1, 10, 0))  # noqa: DTZ001


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:///improvebot.db", "sqlite:///improvebot.db"),
    ],
)
def test_database_urls_people_paste(url: str, expected: str) -> None:
    """Heroku-style and plain PostgreSQL URLs use the installed psycopg 3 driver."""
    assert normalise_url(url) == expected


def test_migrations_match_the_models(engine: Engine) -> None:
    """The migrated schema is exactly what the models describe (no model without a migration)."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from store.models import Base

    def ours(name: str | None, type_: str, parent: object) -> bool:
        # slack_sdk's installation tables are created by slack_sdk itself, when OAuth is on.
        return type_ != "table" or not (name or "").startswith("slack_")

    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_name": ours})
        assert compare_metadata(context, Base.metadata) == []


@pytest.mark.skipif(bool(POSTGRES_URL), reason="SQLite's writer queue; PostgreSQL locks rows")
def test_concurrent_writers_all_land(db: sessionmaker[Session], now: datetime) -> None:
    """Twenty threads writing at once on SQLite each commit every change, queued in turn."""
    with db.begin() as s:
        plan = create_plan(s, slug="p", name="P", at=now)
        plan_id = plan.id

    def write(n: int) -> None:
        for k in range(10):
            with db.begin() as s:
                found = s.get_one(Plan, plan_id)
                found.settings = {**found.settings, f"t{n}-{k}": k}

    with ThreadPoolExecutor(max_workers=20) as pool:
        list(pool.map(write, range(20)))
    with db() as s:
        assert len(s.get_one(Plan, plan_id).settings) == 200


def test_one_connection_can_begin_again(engine: Engine) -> None:
    """A connection that commits and begins again does not wait on itself."""
    with engine.connect() as conn:
        with conn.begin():
            conn.exec_driver_sql("SELECT 1")
        with conn.begin():
            conn.exec_driver_sql("SELECT 1")


@pytest.mark.skipif(bool(POSTGRES_URL), reason="SQLite pragmas; this run uses PostgreSQL")
def test_foreign_keys_are_back_on_after_an_upgrade(engine: Engine) -> None:
    """Migrations turn SQLite's foreign keys off while they copy tables; the pooled
    connection they used has them on again afterwards."""
    from store.db import upgrade

    upgrade(engine, "0004")
    upgrade(engine)
    for _ in range(3):
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


@pytest.mark.skipif(not POSTGRES_URL, reason="PostgreSQL connections; this run uses SQLite")
def test_connection_dropped_while_idle_is_replaced(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pooled connection the server dropped while it sat idle (a restart, an idle timeout)
    is checked and replaced before use: the next command works, on a new connection."""
    from sqlalchemy import text

    from store import db as store_db

    with engine.connect() as conn:
        dropped = conn.execute(text("SELECT pg_backend_pid()")).scalar()
    killer = store_db.make_engine(str(POSTGRES_URL))
    with killer.begin() as conn:
        conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": dropped})
    killer.dispose()
    monkeypatch.setattr(store_db, "PING_AFTER_IDLE", 0.0)  # as if idle for long enough
    with engine.connect() as conn:
        assert conn.execute(text("SELECT pg_backend_pid()")).scalar() != dropped
