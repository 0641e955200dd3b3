"""Handlers for /board: next, list, schedule, add, move, cancel, themes.

Everyone reads; only plan leads change the calendar. Store errors (BoardError) carry text
safe to show and become UserErrors here.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from commands import board_views as bv
from commands import permissions, resolve
from commands.context import Context, Reply
from commands.errors import NeedPlan, UserError
from commands.syntax_boards import (
    BoardAdd,
    BoardCancel,
    BoardList,
    BoardMove,
    BoardNext,
    BoardSchedule,
    BoardThemes,
)
from commands.views import Notice
from store import boards, plans
from store.dates import uk
from store.models import BoardMeeting, Plan

SCHEDULE_HINT = "/board schedule every 6 weeks on Thursday at 10:00 from <date>"


def plan_for(ctx: Context, slug: str | None, example: str) -> Plan:
    """The plan a /board or /plan command acts on; if unclear, say how to name it."""
    try:
        return resolve.plan(ctx, slug)
    except NeedPlan:
        mine = [p.slug for p in plans.plans_of(ctx.session, ctx.person)]
        every = mine or [p.slug for p in plans.all_plans(ctx.session)]
        raise NeedPlan(
            f"Which plan? Add 'in' and its short name, such as {example} in {every[0]}, "
            f"or type it in the plan's channel. Plans: {', '.join(every)}."
        ) from None


@contextmanager
def shown_errors() -> Iterator[None]:
    try:
        yield
    except boards.BoardError as error:
        raise UserError(str(error)) from None


def _deadlines(meeting: BoardMeeting, plan: Plan) -> str:
    due = boards.deadlines(meeting, plan)
    return f"Updates are due {uk(due.updates)} and papers {uk(due.papers)}."


def _themes(plan: Plan, meeting: BoardMeeting) -> str:
    names = bv.theme_names(plan, [str(n) for n in meeting.themes])
    return f"themes in focus {'; '.join(names)}" if names else "no themes in focus yet"


def next_meeting(cmd: BoardNext, ctx: Context) -> Reply:
    plan = plan_for(ctx, cmd.plan, "/board next")
    boards.ensure_upcoming(ctx.session, plan, now=ctx.now)
    meeting = boards.next_meeting(ctx.session, plan.id, ctx.now)
    if meeting is None:
        return Reply(
            "chat/notice",
            Notice(
                f"No board meeting is scheduled for {plan.name}. "
                f"A plan lead can set the series with {SCHEDULE_HINT}."
            ),
        )
    return Reply("chat/board_next", bv.next_view(meeting, plan, ctx.today(plan)))


def listing(cmd: BoardList, ctx: Context) -> Reply:
    plan = plan_for(ctx, cmd.plan, "/board list")
    return Reply("chat/board_list", bv.list_view(ctx.session, plan, ctx.now))


def schedule(cmd: BoardSchedule, ctx: Context) -> Reply:
    plan = plan_for(ctx, cmd.plan, "/board schedule")
    permissions.require_plan_lead(ctx.session, plan, ctx.person, "change the board's schedule")
    previous = boards.current_series(ctx.session, plan.id)
    before = boards.describe_series(previous) if previous else None
    with shown_errors():
        done = boards.schedule(ctx.session, plan, cmd.rule, now=ctx.now)
    notes = []
    if done.first != cmd.rule.start:
        notes.append(
            f"{uk(cmd.rule.start)} is not a day the rule gives, "
            f"so the first meeting is {uk(done.first)}."
        )
    if before is not None:
        kept = "; ".join(bv.when(m.starts_at, plan) for m in done.kept)
        notes.append(
            f"This replaces the series that met {before}, from {uk(done.first)} on: "
            f"{done.removed} of its meetings removed"
            + (f"; moved meetings kept: {kept}." if kept else ".")
        )
    if not done.created:
        notes.append("None of its meetings falls in the next 12 months.")
    view = bv.BoardListView(
        heading=f"Scheduled {done.series.title}: {cmd.rule.describe()}",
        series=None,
        lines=[bv.meeting_line(m, plan) for m in done.created],
        notes=notes,
    )
    return Reply("chat/board_list", view)


def add(cmd: BoardAdd, ctx: Context) -> Reply:
    plan = plan_for(ctx, cmd.plan, "/board add")
    permissions.require_plan_lead(ctx.session, plan, ctx.person, "add board meetings")
    with shown_errors():
        meeting = boards.add_meeting(
            ctx.session, plan, cmd.day, cmd.at, now=ctx.now, themes=cmd.themes
        )
    text = (
        f"Added a board meeting on {bv.when(meeting.starts_at, plan)}, "
        f"{_themes(plan, meeting)}. {_deadlines(meeting, plan)}"
    )
    return Reply("chat/notice", Notice(text))


def move(cmd: BoardMove, ctx: Context) -> Reply:
    plan = plan_for(ctx, cmd.plan, "/board move")
    permissions.require_plan_lead(ctx.session, plan, ctx.person, "move board meetings")
    with shown_errors():
        meeting, old = boards.move_meeting(ctx.session, plan, cmd.day, cmd.to, cmd.at, now=ctx.now)
    text = (
        f"Moved the board meeting of {uk(old.date())} at {old:%H:%M} "
        f"to {bv.when(meeting.starts_at, plan)}. {_deadlines(meeting, plan)}"
    )
    return Reply("chat/notice", Notice(text))


def cancel(cmd: BoardCancel, ctx: Context) -> Reply:
    plan = plan_for(ctx, cmd.plan, "/board cancel")
    permissions.require_plan_lead(ctx.session, plan, ctx.person, "cancel board meetings")
    with shown_errors():
        meeting = boards.cancel_meeting(ctx.session, plan, cmd.day, now=ctx.now)
    ctx.session.flush()
    following = boards.next_meeting(ctx.session, plan.id, ctx.now)
    after = (
        f" The next is on {bv.when(following.starts_at, plan)}."
        if following
        else " No other meeting is scheduled."
    )
    text = f"Cancelled the board meeting on {bv.when(meeting.starts_at, plan)}.{after}"
    return Reply("chat/notice", Notice(text))


def themes(cmd: BoardThemes, ctx: Context) -> Reply:
    plan = plan_for(ctx, cmd.plan, "/board themes")
    permissions.require_plan_lead(ctx.session, plan, ctx.person, "choose the board's themes")
    with shown_errors():
        meeting = boards.set_themes(ctx.session, plan, cmd.day, cmd.themes, now=ctx.now)
    text = f"The board on {bv.when(meeting.starts_at, plan)} has {_themes(plan, meeting)}."
    return Reply("chat/notice", Notice(text))
