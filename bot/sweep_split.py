"""One sweep shared between worker processes, by plan.

Process i of n sweeps the plans whose id is i modulo n, so every plan is swept exactly once
and no two processes write the same plan's messages; each opens its own engine (processes
are spawned, never forked, so no connection or lock is inherited from the parent). The
outbox's unique keys still stop a duplicate should two whole sweeps race.

On SQLite a sweep stays in one process: writers to one file take turns on its lock, and a
plan's transaction holds that lock from its first statement, so a second process would only
wait for the first.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from datetime import datetime

from bot.app import App, create_app
from bot.settings import Settings
from store.notify.sweep import SweepResult


def processes_for(app: App, wanted: int) -> int:
    """How many processes a sweep of this database uses when `wanted` are configured."""
    if app.engine.dialect.name == "sqlite":
        return 1
    return max(wanted, 1)


def sweep(
    app: App, now: datetime, *, processes: int = 1, console_only: bool = False
) -> SweepResult:
    """Queue what is due at `now`, in `processes` processes (see processes_for)."""
    if processes <= 1:
        return app.sweeper(console_only=console_only).run(now)
    return in_processes(app.settings, now, processes, console_only=console_only)


def in_processes(
    settings: Settings, now: datetime, processes: int, *, console_only: bool = False
) -> SweepResult:
    """The sweep split over `processes` spawned processes, on any database. The result lists
    what was queued without the payloads, which stay in the outbox (a big sweep's would be
    hundreds of megabytes to send back)."""
    result = SweepResult()
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=processes, mp_context=context) as pool:
        parts = [(settings, now, (i, processes), console_only) for i in range(processes)]
        for part in pool.map(_sweep_part, parts):
            result.queued += part.queued
            result.notes += part.notes
    return result


def _sweep_part(job: tuple[Settings, datetime, tuple[int, int], bool]) -> SweepResult:
    settings, now, part, console_only = job
    app = create_app(settings, migrate=False)  # the parent has brought the schema up to date
    try:
        found = app.sweeper(console_only=console_only).run(now, part=part)
    finally:
        app.close()
    return SweepResult([replace(q, payload={}) for q in found.queued], found.notes)
