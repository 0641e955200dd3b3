"""Shared fixtures: a fresh, migrated database per test (SQLite, or PostgreSQL when
IMPROVEBOT_TEST_POSTGRES_URL is set), a fixed clock, and no real chat credentials."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker

from store.db import make_engine, session_factory, upgrade
from store.models import Base

POSTGRES_URL = os.environ.get("IMPROVEBOT_TEST_POSTGRES_URL")


@pytest.fixture(autouse=True, scope="session")
def _no_real_credentials() -> None:
    """A developer's real Slack or Teams token must never reach a test."""
    for name in list(os.environ):
        if (
            name.startswith(("SLACK_", "TEAMS_", "MICROSOFT_APP_"))
            or name == "IMPROVEBOT_DATABASE_URL"
        ):
            del os.environ[name]


@pytest.fixture(scope="session")
def _template_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Migrate once per run; each test gets a copy (SQLite) or truncated tables (PostgreSQL)."""
    if POSTGRES_URL:
        schema = f"improvebot_test_{uuid.uuid4().hex[:10]}"
        admin = make_engine(POSTGRES_URL)
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = _with_schema(POSTGRES_URL, schema)
        engine = make_engine(url)
        upgrade(engine)
        engine.dispose()
        yield url
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
    else:
        path = tmp_path_factory.mktemp("template") / "template.db"
        engine = make_engine(f"sqlite:///{path}")
        upgrade(engine)
        engine.dispose()
        yield str(path)


def empty(url: str) -> None:
    """Every table of the test schema emptied, for the next test (PostgreSQL)."""
    engine = make_engine(url)
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()


def _with_schema(url: str, schema: str) -> str:
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options=-csearch_path%3D{schema}"


@pytest.fixture
def database_url(_template_db: str, tmp_path: Path) -> Iterator[str]:
    """The URL of a migrated, empty database for this test alone."""
    if POSTGRES_URL:
        yield _template_db
        empty(_template_db)
    else:
        path = tmp_path / "improvebot.db"
        shutil.copyfile(_template_db, path)
        yield f"sqlite:///{path}"


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def db(engine: Engine) -> sessionmaker[Session]:
    """The session factory; tests open transactions with `with db.begin() as s:`."""
    return session_factory(engine)


@pytest.fixture
def now() -> datetime:
    """A fixed instant: Monday 16 November 2026, 10:00 UTC (10:00 in London)."""
    return datetime(2026, 11, 16, 10, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def pdf_available() -> None:
    """PDF needs WeasyPrint's system libraries (Pango, HarfBuzz): .ci/run installs them, so CI
    always runs the PDF tests; elsewhere they are skipped with what is missing. WeasyPrint's
    warnings about missing libraries are reasons here, not errors (bot.reports.pdf)."""
    from bot.reports.pdf import problems
    from tests.pdf_check import verdict

    action, reason = verdict(problems(), os.environ)
    if action == "fail":
        pytest.fail(reason)
    if action == "skip":
        pytest.skip(reason)
