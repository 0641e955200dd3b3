"""Telling plan leads about messages that could not be delivered.

The sweep gathers a plan's failed messages that nobody has been told about and queues one
direct message to each plan lead listing them, marking them reported in the same
transaction, so each failure is reported once. A report that fails in its turn is never
reported (that would loop); `improvebot outbox` still lists it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from store.dates import uk
from store.models import OutboxMessage, Person, Plan
from store.models.outbox import OutboxState
from store.notify.views import FailedItem, FailureReport

KIND = "failures"
# A report lists this many; the rest are counted (and all are in `improvebot outbox`).
SHOWN = 20
WHAT = {"reminder": "reminder", "digest": "weekly digest", "board": "board reminder"}


def unreported(session: Session, plan_id: int) -> Sequence[OutboxMessage]:
    """The plan's failed messages that no report has mentioned, oldest first."""
    return session.scalars(
        select(OutboxMessage)
        .where(
            OutboxMessage.plan_id == plan_id,
            OutboxMessage.state == OutboxState.FAILED,
            OutboxMessage.reported_at.is_(None),
            OutboxMessage.kind != KIND,
        )
        .order_by(OutboxMessage.id)
    ).all()


def report(session: Session, plan: Plan, failed: Sequence[OutboxMessage]) -> FailureReport:
    zone = ZoneInfo(plan.timezone)
    ids = {int(m.target.partition(":")[2]) for m in failed[:SHOWN] if _is_person(m.target)}
    names = {p.id: p.display for p in session.scalars(select(Person).where(Person.id.in_(ids)))}
    items = [
        FailedItem(
            what=WHAT.get(m.kind, m.kind),
            to=_recipient(m.target, names),
            queued=_when(m.created_at.astimezone(zone)),
            reason=m.last_error or "no reason given",
        )
        for m in failed[:SHOWN]
    ]
    return FailureReport(plan.name, plan.slug, items, more=max(len(failed) - SHOWN, 0))


def mark_reported(session: Session, failed: Sequence[OutboxMessage], now: datetime) -> None:
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_([m.id for m in failed]))
        .values(reported_at=now)
        .execution_options(synchronize_session=False)
    )


def _is_person(target: str) -> bool:
    kind, _, value = target.partition(":")
    return kind == "person" and value.isdigit()


def _recipient(target: str, names: dict[int, str]) -> str:
    kind, _, value = target.partition(":")
    if kind == "person" and value.isdigit():
        return names.get(int(value), f"person {value}")
    return value


def _when(local: datetime) -> str:
    return f"{uk(local.date())} {local:%H:%M}"
