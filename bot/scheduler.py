"""APScheduler only triggers work; the work itself (sweeps, delivery) is idempotent in the
database, so a second scheduler on another replica does no harm."""

from __future__ import annotations

import logging
from datetime import UTC
from typing import TYPE_CHECKING, Any

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler

from bot.delivery.sender import Sender

if TYPE_CHECKING:
    from bot.app import App

log = logging.getLogger(__name__)

SWEEP_MINUTES = 5
DELIVER_SECONDS = 5


def sweep_job(app: App) -> None:
    from bot import sweep_split

    processes = sweep_split.processes_for(app, app.settings.sweep_processes)
    result = sweep_split.sweep(app, app.clock.now(), processes=processes)
    if result.queued:
        log.info("sweep queued %d messages", len(result.queued))


def deliver_job(sender: Sender) -> None:
    stats = sender.deliver_due()
    if stats.sent or stats.failed:
        log.info("delivered %d, retrying %d, failed %d", stats.sent, stats.retried, stats.failed)


def build(app: App, sender: Sender, kind: type[BaseScheduler] | None = None) -> BaseScheduler:
    # Coalesce and a long misfire grace: a sweep that is late (a busy or sleeping host) still
    # runs once, instead of being skipped with a warning after one second.
    defaults: dict[str, Any] = {"coalesce": True, "max_instances": 1, "misfire_grace_time": 3600}
    scheduler = (kind or BackgroundScheduler)(timezone=UTC, job_defaults=defaults)
    now = app.clock.now()
    scheduler.add_job(
        sweep_job,
        "interval",
        minutes=SWEEP_MINUTES,
        args=[app],
        id="sweep",
        replace_existing=True,
        next_run_time=now,
    )
    scheduler.add_job(
        deliver_job,
        "interval",
        seconds=DELIVER_SECONDS,
        args=[sender],
        id="deliver",
        replace_existing=True,
        next_run_time=now,
    )
    return scheduler
