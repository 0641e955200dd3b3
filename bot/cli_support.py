"""What `improvebot board …` and `improvebot plan configure` share: one transaction on one
plan, and library errors turned into messages at the edge (exit code 1)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from zoneinfo import ZoneInfo

import click
from sqlalchemy.orm import Session

from bot import settings as settings_module
from bot.app import create_app
from store import plan_choice
from store.boards import BoardError
from store.boards.rules import RuleError
from store.dates import DateError, TimeError, parse_date
from store.models import Plan
from store.plan_settings import SettingError
from store.policy import PolicyError
from store.workdays import RegionError

# Errors whose text is written for the person typing: shown as they are.
SHOWN = (BoardError, DateError, PolicyError, RegionError, RuleError, SettingError, TimeError)


@contextmanager
def plan_transaction(
    slug: str | None, *, now: str | None = None, write: bool = True
) -> Iterator[tuple[Session, Plan, datetime]]:
    """The plan named by --plan (or the only plan), in one transaction (read-only with
    write=False), with the time now (or --now); library errors become messages."""
    from bot.run import fixed_clock

    app = create_app(settings_module.load(), clock=fixed_clock(now) if now else None)
    try:
        with app.sessions.begin() if write else app.sessions() as session:
            yield session, choose_plan(session, slug), app.clock.now()
    except SHOWN as error:
        raise click.ClickException(str(error)) from None
    finally:
        app.close()


def choose_plan(session: Session, slug: str | None) -> Plan:
    try:
        return plan_choice.choose_plan(session, slug)
    except plan_choice.PlanChoiceError as error:
        raise click.ClickException(error.message) from None


def today(plan: Plan, now: datetime) -> date:
    return now.astimezone(ZoneInfo(plan.timezone)).date()


def read_date(text: str, plan: Plan, now: datetime) -> date:
    return parse_date(text, today(plan, now))
