"""Engines, sessions and schema upgrades for SQLite (embedded default) and PostgreSQL."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, exc
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

DEFAULT_URL = "sqlite:///improvebot.db"
MIGRATIONS = Path(__file__).parent / "migrations"
_HOLDS = "improvebot_holds_writer_lock"
BUSY_SECONDS = 10
# Enough pooled connections for every thread that may hold one at once: the HTTP server's
# threads, the listeners that run after an ack, the scheduler. Waiting for a connection would
# add to a command's latency for nothing.
POOL_SIZE, POOL_OVERFLOW = 10, 30
# A pooled PostgreSQL connection idle longer than this is checked before use; one in steady
# use is not, since the check is a round trip of its own on every command.
PING_AFTER_IDLE = 30.0


def normalise_url(url: str) -> str:
    """Accept the URLs people paste (postgres://, postgresql://) and use the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def make_engine(url: str = DEFAULT_URL, **kwargs: Any) -> Engine:
    url = normalise_url(url)
    if make_url(url).get_backend_name() == "sqlite":
        return _sqlite_engine(url, **kwargs)
    return _postgres_engine(url, **kwargs)


def _postgres_engine(url: str, **kwargs: Any) -> Engine:
    # psycopg prepares a statement on its second run on a connection (prepare_threshold), so
    # the commands' statements are parsed and planned once per connection, not once per run.
    connect_args = {"prepare_threshold": 1} | kwargs.pop("connect_args", {})
    options: dict[str, Any] = {"pool_size": POOL_SIZE, "max_overflow": POOL_OVERFLOW}
    engine = create_engine(url, connect_args=connect_args, **(options | kwargs))

    @event.listens_for(engine, "connect")
    def _room_for_statements(dbapi_connection: Any, _record: Any) -> None:
        # psycopg keeps 100 prepared statements per connection; the bot has more than that.
        dbapi_connection.prepared_max = 500

    _ping_when_idle(engine)
    return engine


def _ping_when_idle(engine: Engine) -> None:
    """Check a pooled connection before use only when it has been idle a while (the server
    may have restarted or dropped it): pool_pre_ping would check it on every checkout."""

    @event.listens_for(engine, "checkin")
    def _checkin(_dbapi: Any, record: Any) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        idle_since = record.info.get("idle_since")
        if idle_since is None or time.monotonic() - idle_since < PING_AFTER_IDLE:
            return
        try:
            dbapi_connection.execute("SELECT 1")
            dbapi_connection.rollback()
        except Exception as error:
            # The pool drops this connection and checks out a fresh one (PoolEvents.checkout).
            raise exc.DisconnectionError(str(error)) from error


def _sqlite_engine(url: str, **kwargs: Any) -> Engine:
    memory = make_url(url).database in (None, "", ":memory:")
    if memory:
        # Each connection to :memory: is a separate database; never pool them.
        engine = create_engine(url, poolclass=NullPool, **kwargs)
    else:
        # A pool hands each connection to one thread at a time; opening one per session
        # (and setting its pragmas) costs more than the command itself.
        engine = create_engine(url, pool_size=POOL_SIZE, max_overflow=POOL_OVERFLOW, **kwargs)

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not pysqlite, begin transactions so BEGIN IMMEDIATE works.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_SECONDS * 1000}")
        if not memory:
            cursor.execute("PRAGMA journal_mode=WAL")
            # In WAL mode NORMAL never corrupts and a process crash loses nothing committed;
            # only a power cut can lose the last commits. It saves an fsync per command.
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    _one_writer_at_a_time(engine)
    return engine


def _one_writer_at_a_time(engine: Engine) -> None:
    """Transactions in this process queue on a lock before taking SQLite's write lock.

    BEGIN IMMEDIATE takes the write lock up front, so two writers never fail with "database
    is locked" when one upgrades a read lock; but a writer that finds it taken waits in
    SQLite's busy handler, which sleeps in growing steps (one command in a hundred waited
    about 450 ms). Queued on a lock instead, each waits exactly as long as the writer
    before it. The lock is let go when the connection goes back to the pool, after its
    commit or rollback; other processes still meet busy_timeout.
    """
    writers = threading.Lock()

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        if not conn.info.get(_HOLDS):
            # As long as SQLite's own busy timeout: a writer stuck longer is a fault to
            # report, never a hang.
            if not writers.acquire(timeout=BUSY_SECONDS):
                raise TimeoutError(f"no write lock on the database in {BUSY_SECONDS} s")
            conn.info[_HOLDS] = True
        try:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            _release(conn.info)
            raise

    def _release(info: dict[str, Any]) -> None:
        if info.pop(_HOLDS, False):
            writers.release()

    @event.listens_for(engine, "checkin")
    def _checkin(_dbapi: Any, record: Any) -> None:
        _release(record.info)

    @event.listens_for(engine, "invalidate")
    def _invalidate(_dbapi: Any, record: Any, _exception: Any) -> None:
        _release(record.info)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema up to date; cheap when it already is."""
    command.upgrade(alembic_config(engine), revision)


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()
