"""A sweep shared between processes queues exactly what one process would, once."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from bot import sweep_split
from bot.app import create_app
from bot.settings import Settings
from store.models import OutboxMessage
from store.models.reminders import ReminderLog
from tests.plan_builder import build_plan

DIGEST_MONDAY = datetime(2026, 11, 16, 9, 5, tzinfo=UTC)  # every plan's digest is due too


def _plans(db: sessionmaker[Session], now: datetime) -> None:
    """Five plans; the first four share their people, as councils' plans often do."""
    with db.begin() as s:
        for n in range(1, 5):
            build_plan(s, now, slug=f"plan{n}")
        build_plan(s, now, slug="other", domain="other.gov.uk")


def _outbox(db: sessionmaker[Session]) -> list[tuple[Any, ...]]:
    with db() as s:
        rows = s.scalars(select(OutboxMessage).order_by(OutboxMessage.key))
        return [
            (m.key, m.kind, m.platform, m.workspace, m.target, m.plan_id, m.payload, m.state)
            for m in rows
        ]


def _forget(db: sessionmaker[Session]) -> None:
    """Back to before the sweep: nothing queued, nobody reminded."""
    with db.begin() as s:
        s.execute(delete(OutboxMessage))
        s.execute(delete(ReminderLog))


def test_two_processes_queue_what_one_does(
    db: sessionmaker[Session], database_url: str, now: datetime
) -> None:
    """Split over two processes, the sweep queues the same messages, with the same contents,
    as one process: no plan is skipped and none is swept twice (SQLite and PostgreSQL)."""
    _plans(db, now)
    settings = Settings(database_url=database_url)
    app = create_app(settings)
    try:
        one = app.sweeper().run(DIGEST_MONDAY)
    finally:
        app.close()
    alone = _outbox(db)
    assert {row[5] for row in alone} == {1, 2, 3, 4, 5}  # every plan has messages
    assert len(alone) == len(one.queued) == 5 * 4  # a digest and three DMs per plan

    _forget(db)
    split = sweep_split.in_processes(settings, DIGEST_MONDAY, 2)
    assert _outbox(db) == alone
    assert sorted(q.key for q in split.queued) == sorted(q.key for q in one.queued)

    again = sweep_split.in_processes(settings, DIGEST_MONDAY, 2)
    assert again.queued == [] and _outbox(db) == alone


def test_sqlite_sweeps_in_one_process(database_url: str) -> None:
    """Configured for four processes, a sweep of SQLite still runs in one; PostgreSQL's in
    four."""
    app = create_app(Settings(database_url=database_url, sweep_processes=4))
    try:
        wanted = sweep_split.processes_for(app, app.settings.sweep_processes)
        assert wanted == (1 if database_url.startswith("sqlite") else 4)
    finally:
        app.close()
