"""The scheduler only triggers sweeps and delivery, with settings that survive a late host."""

from __future__ import annotations

from datetime import UTC, datetime

from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.app import create_app
from bot.clock import FixedClock
from bot.scheduler import build, deliver_job, sweep_job
from bot.settings import Settings
from store.models import OutboxMessage
from tests.plan_builder import build_plan


def test_jobs_are_late_tolerant_and_single(db: sessionmaker[Session], now: datetime) -> None:
    """A sweep late by minutes still runs once (coalesced, long misfire grace, one at a time)."""
    app = create_app(Settings(), sessions=db, clock=FixedClock(now))
    scheduler = build(app, app.sender(), BackgroundScheduler)
    scheduler.start(paused=True)  # job defaults are applied when the scheduler starts
    jobs = {job.id: job for job in scheduler.get_jobs()}
    scheduler.shutdown(wait=False)
    assert set(jobs) == {"sweep", "deliver"}
    for job in jobs.values():
        assert job.coalesce and job.max_instances == 1 and job.misfire_grace_time >= 3600
    assert str(scheduler.timezone) == "UTC"


def test_jobs_sweep_and_deliver(db: sessionmaker[Session], now: datetime) -> None:
    """The sweep job queues the morning's reminders; the delivery job sends them (console)."""
    with db.begin() as s:
        build_plan(s, now)
    monday_0905 = datetime(2026, 11, 16, 9, 5, tzinfo=UTC)
    app = create_app(Settings(), sessions=db, clock=FixedClock(monday_0905))
    post = app.sender()
    sweep_job(app)
    deliver_job(post)
    with db() as s:
        states = s.scalars(select(OutboxMessage.state)).all()
    assert len(states) == 4 and set(states) == {"sent"}
