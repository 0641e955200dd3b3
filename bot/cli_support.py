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
from store.board_rules import RuleError
from store.boards import BoardError
from store.dates import DateError, TimeError, parse_date
from store.models import Plan
from store.plan_settings import SettingError
from store.plans import all_plans, plan_by_slug
from store.policy import PolicyError
from store.workdays import RegionError

# Errors whose text is written for the person typing: shown as they are.
SHOWN = (BoardError, DateError, PolicyError, RegionError, RuleError, SettingError, TimeError)


@contextmanager
def plan_transaction(slug: str | None) -> Iterator[tuple[Session, Plan, datetime]]:
    """The plan named by --plan (or the only plan) in one transaction, with the time now."""
    app = create_app(settings_module.load())
    try:
        with app.sessions.begin() as session:
            yield session, choose_plan(session, slug), app.clock.now()
    except SHOWN as error:
        raise click.ClickException(str(error)) from None
    finally:
        app.engine.dispose()


def choose_plan(session: Session, slug: str | None) -> Plan:
    slugs = [plan.slug for plan in all_plans(session)]
    if slug:
        found = plan_by_slug(session, slug)
        if found is None:
            raise click.ClickException(
                f"There is no plan '{slug}'. Plans: {', '.join(slugs) or 'none yet'}."
            )
        return found
    if len(slugs) == 1:
        return all_plans(session)[0]
    if not slugs:
        raise click.ClickException(
            "There are no plans yet. Import one with: improvebot plan import FILE"
        )
    raise click.ClickException(
        f"There are {len(slugs)} plans: {', '.join(slugs)}. "
        f"Say which with --plan, such as --plan {slugs[0]}."
    )


def today(plan: Plan, now: datetime) -> date:
    return now.astimezone(ZoneInfo(plan.timezone)).date()


def read_date(text: str, plan: Plan, now: datetime) -> date:
    return parse_date(text, today(plan, now))
