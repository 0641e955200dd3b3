"""What a report covers: the meeting, the instant of its snapshot, and the board before it.

- The meeting is the one asked for, or else the next scheduled meeting after `now`, or none.
- The snapshot is taken at `now`, or at the meeting's start when the meeting is in the past
  (a past board's pack is reproduced as it stood when the board met).
- The previous board is the latest held meeting that started before the snapshot. A meeting
  counts as held when it is marked held, or when it is still marked scheduled but its start
  has passed (nobody has to remember to mark a meeting held). Cancelled meetings never count.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.boards import is_held
from store.errors import UserError
from store.models import BoardMeeting, Plan

TREND_BOARDS = 6


class ReportError(UserError):
    """The report cannot be made as asked; the message says what to do instead."""


@dataclass(frozen=True)
class Scope:
    plan: Plan
    meeting: BoardMeeting | None
    at: datetime  # the snapshot instant (aware UTC)
    previous: BoardMeeting | None  # the held board before the snapshot
    held: Sequence[BoardMeeting]  # held boards before the snapshot, oldest first
    now: datetime

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.plan.timezone)

    @property
    def today(self) -> date:
        """The plan's local date at the snapshot: what "overdue" is measured against."""
        return self.at.astimezone(self.tz).date()

    @property
    def since(self) -> datetime | None:
        """The start of "since the previous board"; None when there has been no board."""
        return self.previous.starts_at if self.previous else None


def meetings(session: Session, plan_id: int) -> Sequence[BoardMeeting]:
    return session.scalars(
        select(BoardMeeting)
        .where(BoardMeeting.plan_id == plan_id)
        .order_by(BoardMeeting.starts_at, BoardMeeting.id)
    ).all()


def board_scope(
    session: Session, plan: Plan, *, now: datetime, meeting_id: int | None = None
) -> Scope:
    """The scope of a board pack: the meeting asked for, or the next one, or none."""
    found = meetings(session, plan.id)
    if meeting_id is not None:
        meeting = next((m for m in found if m.id == meeting_id), None)
        if meeting is None:
            ids = ", ".join(str(m.id) for m in found if m.status != "cancelled")
            hint = f" This plan's meetings are {ids}." if ids else " This plan has no meetings."
            raise ReportError(f"There is no board meeting {meeting_id} in plan {plan.slug}.{hint}")
        if meeting.status == "cancelled":
            raise ReportError(f"Board meeting {meeting_id} was cancelled: choose another.")
    else:
        upcoming = [m for m in found if m.status == "scheduled" and m.starts_at > now]
        meeting = upcoming[0] if upcoming else None
    at = meeting.starts_at if meeting is not None and meeting.starts_at < now else now
    return scope_at(session, plan, at=at, now=now, meeting=meeting, found=found)


def scope_at(
    session: Session,
    plan: Plan,
    *,
    at: datetime,
    now: datetime,
    meeting: BoardMeeting | None = None,
    found: Sequence[BoardMeeting] | None = None,
) -> Scope:
    """A scope with its snapshot at `at`, and the held boards before it."""
    found = meetings(session, plan.id) if found is None else found
    held = [m for m in found if m.starts_at < at and m is not meeting and is_held(m, now)]
    return Scope(plan, meeting, at, held[-1] if held else None, held, now)
