"""App Home: the viewer's open actions with their buttons, and a plan overview for plan leads."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

import templates
from bot.slack import blocks
from bot.slack.blocks import ActionItem, Block
from commands import views
from store import plans
from store.dates import uk
from store.domain import STATUS_ORDER, Role, Status
from store.models import Action, BoardMeeting, Person, Plan


def view(session: Session, person: Person, now: datetime) -> dict[str, Any]:
    """The Home tab for `person`: theirs first (soonest due first), then overviews they lead."""
    mine = _my_actions(session, person)
    out: list[Block] = [blocks.header("My actions")]
    if not mine:
        out.append(blocks.mrkdwn("You have no open actions. Type `/action list` to see others."))
    overviews = [
        _overview(session, plan, now)
        for plan in plans.plans_of(session, person)
        if plans.role_of(session, plan, person) is Role.PLAN_LEAD
    ]
    room = blocks.VIEW_BLOCKS - len(out) - 2 * len(overviews)
    entries = [ActionItem(views.line(a, a.plan, _today(a.plan, now)), a.plan.slug) for a in mine]
    out += blocks.items(entries, room=room, more_hint="See them all with /action list mine.")
    for text in overviews:
        out += [blocks.header("Plan overview"), blocks.mrkdwn(text)]
    return {"type": "home", "blocks": out}


def _today(plan: Plan, now: datetime) -> date:
    return views.local(now, plan).date()


def _my_actions(session: Session, person: Person) -> list[Action]:
    found = session.scalars(
        select(Action)
        .where(Action.owner_id == person.id, Action.status != Status.COMPLETE.value)
        .options(selectinload(Action.plan), selectinload(Action.owner), selectinload(Action.theme))
    ).all()
    # Soonest due first; ongoing actions (no due date) last.
    return sorted(found, key=lambda a: (a.due_date is None, a.due_date or date.max, a.ref_key))


def _overview(session: Session, plan: Plan, now: datetime) -> str:
    today = _today(plan, now)
    counts: dict[str, Counter[str]] = {}
    overdue = awaiting = 0
    for action in plan.actions:
        key = action.theme.number if action.theme else "-"
        counts.setdefault(key, Counter())[action.status] += 1
        overdue += action.is_overdue(today)
        awaiting += action.signoff_pending
    themes = [
        {
            "number": theme.number,
            "name": theme.name,
            "counts": [
                (s.value, counts.get(theme.number, Counter())[s.value]) for s in STATUS_ORDER
            ],
        }
        for theme in plan.themes
    ]
    meeting = session.scalar(
        select(BoardMeeting)
        .where(
            BoardMeeting.plan_id == plan.id,
            BoardMeeting.starts_at > now,
            BoardMeeting.status == "scheduled",
        )
        .order_by(BoardMeeting.starts_at)
    )
    next_board = None
    if meeting is not None:
        local = views.local(meeting.starts_at, plan)
        next_board = f"{uk(local.date())} at {local:%H:%M}"
    model = {
        "plan": plan.name,
        "themes": themes,
        "overdue": overdue,
        "awaiting_signoff": awaiting,
        "next_board": next_board,
    }
    return templates.render("slack/home_overview", model, "slack")
