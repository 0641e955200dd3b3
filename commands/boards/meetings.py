"""/board next, list, schedule, add, move, cancel and themes: the Improvement Board's calendar.

Everyone reads; only plan leads change the calendar.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from commands import permissions, resolve
from commands.args import Args
from commands.boards import views as bv
from commands.boards.words import THEME_SEPARATORS, date_and_time, in_plan, theme_list
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


@dataclass(frozen=True)
class BoardMove:
    day: date
    to: date
    at: time | None = None
    plan: str | None = None


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
    plan = in_plan(args)
    body = args.until("themes", "theme")
    chosen: tuple[str, ...] = ()
    if args.take() is not None:
        chosen = theme_list(args.rest())
    when, at = date_and_time(body)
    if at is None:
        raise UsageError("Say what time the meeting starts, such as 10:00, after the date.")
    return BoardAdd(args.date(when, "The meeting's date"), at, chosen, plan)


def read_move(args: Args) -> BoardMove:
    plan = in_plan(args)
    when = args.until("to")
    if args.take() is None:
        raise UsageError("Say where to: the meeting's date, then 'to' and the new date.")
    to_text, at = date_and_time(args.rest())
    day = args.date(when, "The meeting's current date")
    return BoardMove(day, args.date(to_text, "The new date"), at, plan)


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
    plan = ctx.hold(resolve.plan_for(ctx, cmd.plan, "/board add"))
    permissions.require_plan_lead(ctx.session, plan, ctx.person, "add board meetings")
    meeting = boards.add_meeting(ctx.session, plan, cmd.day, cmd.at, now=ctx.now, themes=cmd.themes)
    return _changed("added", meeting, plan, themes=_themes(plan, meeting))


def move(cmd: BoardMove, ctx: Context) -> Reply:
    plan = ctx.hold(resolve.plan_for(ctx, cmd.plan, "/board move"))
    permissions.require_plan_lead(ctx.session, plan, ctx.person, "move board meetings")
    meeting, old = boards.move_meeting(ctx.session, plan, cmd.day, cmd.to, cmd.at, now=ctx.now)
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
        "board", "add", "/board add <date> <time> [themes 1,4]",
        "Plan leads: add a one-off meeting.",
        ("/board add 25/03/2027 10:00 themes 1,4", "/board add 9 Apr 2027 2pm"),
        BoardAdd, read_add, add,
    ),
    Spec(
        "board", "move", "/board move <date> to <date> [time]",
        "Plan leads: move one meeting, named by its current date.",
        ("/board move 18/02/2027 to 25/02/2027", "/board move 18/02/2027 to 19/02/2027 14:00"),
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
