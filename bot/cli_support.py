"""What the CLI commands share: the app from the one factory, one transaction on one plan.

Library errors (store.errors.UserError) are not caught here: bot.cli turns them into
messages (exit code 1) in one place.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from zoneinfo import ZoneInfo

import click
from sqlalchemy.orm import Session

from bot import settings as settings_module
from bot.app import App, create_app
from bot.clock import Clock, clock_at
from commands import boundary
from store import locks, plan_choice
from store.dates import parse_date
from store.models import Plan


def make_app(now: str | None = None, *, clock: Clock | None = None) -> App:
    """The app for one command: the configured database, and the clock (--now, or real time)."""
    if clock is None and now:
        try:
            clock = clock_at(now)
        except ValueError as error:
            raise click.BadParameter(str(error), param_hint="--now") from None
    return create_app(settings_module.load(), clock=clock)


@contextmanager
def plan_transaction(
    slug: str | None, *, now: str | None = None, write: bool = True
) -> Iterator[tuple[Session, Plan, datetime]]:
    """The plan named by --plan (or the only plan), in one transaction (read-only with
    write=False), with the time now (or --now).

    A writing command holds the plan's row first and reads the clock after, so it applies
    after, and is stamped after, any change to the plan it had to wait for."""
    app = make_app(now)
    try:
        with boundary.transaction(app.sessions, write=write) as session:
            plan = plan_choice.choose_plan(session, slug)
            if write:
                locks.lock(session, plan)
            yield session, plan, app.clock.now()
    finally:
        app.close()


def today(plan: Plan, now: datetime) -> date:
    return now.astimezone(ZoneInfo(plan.timezone)).date()


def read_date(text: str, plan: Plan, now: datetime) -> date:
    return parse_date(text, today(plan, now))
