"""/board next, list, schedule, add, move, cancel and themes: the Improvement Board's calendar.

Everyone reads; only plan leads change the calendar.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time

from commands import permissions, resolve
from commands.args import Args
from commands.boards import views as bv
from commands.boards.words import (
    THEME_SEPARATORS,
    date_and_time,
    in_plan,
    plan_and_anyway,
    theme_list,
)
from commands.context import Context, Reply
from commands.errors import UsageError
from commands.spec import Spec
from store import boards
from store.boards.rules import SeriesRule, parse_rule
from store.dates import uk
from store.models import BoardMeeting, Plan


@dataclass(frozen=True)
class BoardNext:
    plan: str | None = None


@dataclass(frozen=True)
class BoardList:
    plan: str | None = None


@dataclass(frozen=True)
class BoardSchedule:
    rule: SeriesRule
    plan: str | None = None


@dataclass(frozen=True)
class BoardAdd:
    day: date
    at: time
    themes: tuple[str, ...] = ()
    plan: str | None = None
    anyway: bool = False  # confirmed on a weekend, bank holiday or closure day


@dataclass(frozen=True)
class BoardMove:
    day: date
    to: date
    at: time | None = None
    plan: str | None = None
    anyway: bool = False


@dataclass(frozen=True)
class BoardCancel:
    day: date
    plan: str | None = None


@dataclass(frozen=True)
class BoardThemes:
    day: date
    themes: tuple[str, ...]
    plan: str | None = None


# -- readers -------------------------------------------------------------------------------------
def read_next(args: Args) -> BoardNext:
    plan = in_plan(args)
    args.end()
    return BoardNext(plan)


def read_list(args: Args) -> BoardList:
    plan = in_plan(args)
    args.end()
    return BoardList(plan)


def read_schedule(args: Args) -> BoardSchedule:
    plan = in_plan(args)
    return BoardSchedule(parse_rule(args.rest(), args.today), plan)


def read_add(args: Args) -> BoardAdd:
    plan, anyway = plan_and_anyway(args)
    body = args.until("themes", "theme")
    chosen: tuple[str, ...] = ()
    if args.take() is not None:
        chosen = theme_list(args.rest())
    when, at = date_and_time(body)
    if at is None:
        raise UsageError("Say what time the meeting starts, such as 10:00, after the date.")
    return BoardAdd(args.date(when, "The meeting's date"), at, chosen, plan, anyway)


def read_move(args: Args) -> BoardMove:
    plan, anyway = plan_and_anyway(args)
    when = args.until("to")
    if args.take() is None:
        raise UsageError("Say where to: the meeting's date, then 'to' and the new date.")
    to_text, at = date_and_time(args.rest())
    day = args.date(when, "The meeting's current date")
    return BoardMove(day, args.date(to_text, "The new date"), at, plan, anyway)


def read_cancel(args: Args) -> BoardCancel:
    plan = in_plan(args)
    return BoardCancel(args.date(args.rest(), "The meeting's date"), plan)


def read_themes(args: Args) -> BoardThemes:
    plan = in_plan(args)
    text = THEME_SEPARATORS.sub(",", args.rest())
    when, _, last = text.rpartition(" ")
    if not when:
        raise UsageError("Give the meeting's date, then the theme numbers, such as 1,4.")
    return BoardThemes(args.date(when, "The meeting's date"), theme_list(last), plan)


# -- handlers ------------------------------------------------------------------------------------


def _changed(
    change: str, meeting: BoardMeeting, plan: Plan, *, deadlines: bool = True, **view: str | None
) -> Reply:
    """The reply to a change of the calendar: what changed, and the deadlines it now has."""
    due = boards.deadlines(meeting, plan) if deadlines else None
    return Reply(
        "chat/board_changed",
        {
            "change": change,
            "when": bv.when(meeting.starts_at, plan),
            "updates": uk(due.updates) if due else None,
            "papers": uk(due.papers) if due else None,
            **view,
        },
    )


def _themes(plan: Plan, meeting: BoardMeeting) -> str:
    names = bv.theme_names(plan, [str(n) for n in meeting.themes])
    return f"themes in focus {'; '.join(names)}" if names else "no themes in focus yet"


def next_meeting(cmd: BoardNext, ctx: Context) -> Reply:
    plan = resolve.plan_for(ctx, cmd.plan, "/board next")
    boards.ensure_upcoming(ctx.session, plan, now=ctx.now)
    meeting = boards.next_meeting(ctx.session, plan.id, ctx.now)
    if meeting is None:
        return Reply("chat/no_board", {"plan": plan.name})
    return Reply("chat/board_next", bv.next_view(meeting, plan, ctx.today(plan)))


def listing(cmd: BoardList, ctx: Context) -> Reply:
    plan = resolve.plan_for(ctx, cmd.plan, "/board list")
    return Reply("chat/board_list", bv.list_view(ctx.session, plan, ctx.now))


def schedule(cmd: BoardSchedule, ctx: Context) -> Reply:
    plan = ctx.hold(resolve.plan_for(ctx, cmd.plan, "/board schedule"))
    permissions.require_plan_lead(ctx.session, plan, ctx.person, "change the board's schedule")
    previous = boards.current_series(ctx.session, plan.id)
    before = boards.describe_series(previous) if previous else None
    done = boards.schedule(ctx.session, plan, cmd.rule, now=ctx.now)
    return Reply("chat/board_list", bv.schedule_view(done, plan, before))


def _closed_day(error: boards.ClosedDay, retype: Callable[[date, str], str]) -> boards.BoardError:
    """The store's refusal of a closed day, with the two commands to type instead."""
    return boards.BoardError(
        f"{error.message} Type {retype(error.instead, '')} for that day, or "
        f"{retype(error.day, ' anyway')} to meet on {uk(error.day)} all the same."
    )


def _in(plan: str | None) -> str:
    return f" in {plan}" if plan else ""


def add(cmd: BoardAdd, ctx: Context) -> Reply:
    plan = ctx.hold(resolve.plan_for(ctx, cmd.plan, "/board add"))
    permissions.require_plan_lead(ctx.session, plan, ctx.person, "add board meetings")
    themes = f" themes {','.join(cmd.themes)}" if cmd.themes else ""
    try:
        meeting = boards.add_meeting(
            ctx.session, plan, cmd.day, cmd.at, now=ctx.now, themes=cmd.themes, anyway=cmd.anyway
        )
    except boards.ClosedDay as error:
        raise _closed_day(
            error,
            lambda day, anyway: (
                f"/board add {day:%d/%m/%Y} {cmd.at:%H:%M}{themes}{anyway}{_in(cmd.plan)}"
            ),
        ) from None
    return _changed("added", meeting, plan, themes=_themes(plan, meeting))


def move(cmd: BoardMove, ctx: Context) -> Reply:
    plan = ctx.hold(resolve.plan_for(ctx, cmd.plan, "/board move"))
    permissions.require_plan_lead(ctx.session, plan, ctx.person, "move board meetings")
    at = f" {cmd.at:%H:%M}" if cmd.at else ""
    try:
        meeting, old = boards.move_meeting(
            ctx.session, plan, cmd.day, cmd.to, cmd.at, now=ctx.now, anyway=cmd.anyway
        )
    except boards.ClosedDay as error:
        raise _closed_day(
            error,
            lambda day, anyway: (
                f"/board move {cmd.day:%d/%m/%Y} to {day:%d/%m/%Y}{at}{anyway}{_in(cmd.plan)}"
            ),
        ) from None
    return _changed("moved", meeting, plan, old=f"{uk(old.date())} at {old:%H:%M}")


def cancel(cmd: BoardCancel, ctx: Context) -> Reply:
    plan = ctx.hold(resolve.plan_for(ctx, cmd.plan, "/board cancel"))
    permissions.require_plan_lead(ctx.session, plan, ctx.person, "cancel board meetings")
    meeting = boards.cancel_meeting(ctx.session, plan, cmd.day, now=ctx.now)
    ctx.session.flush()
    following = boards.next_meeting(ctx.session, plan.id, ctx.now)
    after = bv.when(following.starts_at, plan) if following else None
    return _changed("cancelled", meeting, plan, deadlines=False, following=after)


def themes(cmd: BoardThemes, ctx: Context) -> Reply:
    plan = ctx.hold(resolve.plan_for(ctx, cmd.plan, "/board themes"))
    permissions.require_plan_lead(ctx.session, plan, ctx.person, "choose the board's themes")
    meeting = boards.set_themes(ctx.session, plan, cmd.day, cmd.themes, now=ctx.now)
    return _changed("themes", meeting, plan, deadlines=False, themes=_themes(plan, meeting))


ROWS = (
    Spec(
        "board", "next", "/board next",
        "The next board meeting: when, themes in focus, updates and papers deadlines.",
        ("/board next",),
        BoardNext, read_next, next_meeting,
    ),
    Spec(
        "board", "list", "/board list",
        "Upcoming board meetings, moved and cancelled ones included.",
        ("/board list",),
        BoardList, read_list, listing,
    ),
    Spec(
        "board", "schedule", "/board schedule <rule>",
        "Plan leads: set the board's series; it replaces the current one from its first meeting.",
        (
            "/board schedule every 6 weeks on Thursday at 10:00 from 12/02/2027",
            "/board schedule monthly on the first Tuesday at 14:00 from 02/03/2027",
        ),
        BoardSchedule, read_schedule, schedule,
    ),
    Spec(
        "board", "add", "/board add <date> <time> [themes 1,4] [anyway]",
        "Plan leads: add a one-off meeting; 'anyway' confirms a weekend, bank holiday or "
        "closure day.",
        (
            "/board add 25/03/2027 10:00 themes 1,4",
            "/board add 9 Apr 2027 2pm",
            "/board add 28/12/2026 10:00 anyway",
        ),
        BoardAdd, read_add, add,
    ),
    Spec(
        "board", "move", "/board move <date> to <date> [time] [anyway]",
        "Plan leads: move one meeting, named by its current date; 'anyway' confirms a "
        "closed day.",
        (
            "/board move 18/02/2027 to 25/02/2027",
            "/board move 18/02/2027 to 19/02/2027 14:00",
            "/board move 18/02/2027 to 27/02/2027 anyway",
        ),
        BoardMove, read_move, move,
    ),
    Spec(
        "board", "cancel", "/board cancel <date>",
        "Plan leads: cancel one meeting; it stays in the list as cancelled.",
        ("/board cancel 18/02/2027",),
        BoardCancel, read_cancel, cancel,
    ),
    Spec(
        "board", "themes", "/board themes <date> <n,n>",
        "Plan leads: choose a meeting's themes in focus ('none' for none).",
        ("/board themes 18/02/2027 1,4", "/board themes 18/02/2027 none"),
        BoardThemes, read_themes, themes,
    ),
)  # fmt: skip
