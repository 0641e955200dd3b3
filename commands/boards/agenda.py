"""/board agenda: the next meeting's themes in focus, then the exceptions across the plan."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from commands import resolve, views
from commands.args import Args
from commands.boards import views as bv
from commands.boards.words import in_plan
from commands.context import Context, Reply
from commands.spec import Spec
from commands.views import ActionLine
from store import actions, boards, plans
from store.boards import agenda
from store.dates import uk
from store.domain import Status
from store.models import Action, BoardMeeting, Plan

# With no previous board, "moved since the last board" looks back one board cycle.
NO_BOARD_LOOKBACK = timedelta(weeks=6)
# Each exception list is cut here; the board pack has the full lists.
LIMIT = 15


@dataclass(frozen=True)
class BoardAgenda:
    plan: str | None = None


def read_agenda(args: Args) -> BoardAgenda:
    plan = in_plan(args)
    args.end()
    return BoardAgenda(plan)


def show(cmd: BoardAgenda, ctx: Context) -> Reply:
    plan = resolve.plan_for(ctx, cmd.plan, "/board agenda")
    session, today = ctx.session, ctx.today(plan)
    boards.ensure_upcoming(session, plan, now=ctx.now)
    meeting = boards.next_meeting(session, plan.id, ctx.now)
    blocks = []
    for number in [str(n) for n in meeting.themes] if meeting else []:
        theme = plans.theme(session, plan, number)
        if theme is None:
            continue
        found = actions.in_theme(session, plan.id, number)
        blocks.append(
            bv.ThemeBlock(
                title=f"{theme.number} {theme.name}".strip(),
                lead=theme.lead.display if theme.lead else None,
                lines=[views.line(a, plan, today) for a in found],
            )
        )
    previous = boards.previous_meeting(session, plan.id, ctx.now)
    since = previous.starts_at if previous else ctx.now - NO_BOARD_LOOKBACK
    moves = agenda.due_date_moves(session, plan.id, since, ctx.now)
    red = _lines(actions.with_status(session, plan.id, Status.RED), plan, today)
    overdue = _lines(actions.overdue(session, plan.id, today), plan, today)
    cut = [name for name, lines in (("red", red), ("overdue", overdue)) if len(lines) > LIMIT]
    view = bv.AgendaView(
        heading=f"Agenda: {meeting.title if meeting else plan.name}",
        meeting=_meeting(meeting, plan) if meeting else None,
        themes=blocks,
        red=red[:LIMIT],
        overdue=overdue[:LIMIT],
        moved=[_move(m, plan) for m in moves],
        since=(
            f"since the last board on {bv.when(previous.starts_at, plan)}"
            if previous
            else f"in the last {NO_BOARD_LOOKBACK.days // 7} weeks (no board has met yet)"
        ),
        more=(
            f"Only the first {LIMIT} {' and '.join(cut)} actions are shown: "
            f"/action list {cut[0]} has them all."
            if cut
            else None
        ),
    )
    return Reply("chat/board_agenda", view)


def _lines(found: Sequence[Action], plan: Plan, today: date) -> list[ActionLine]:
    return [views.line(a, plan, today) for a in found]


def _meeting(meeting: BoardMeeting, plan: Plan) -> str:
    due = boards.deadlines(meeting, plan)
    return (
        f"{bv.when(meeting.starts_at, plan)} · updates due {uk(due.updates)} · "
        f"papers due {uk(due.papers)}"
    )


def _move(move: agenda.DueMove, plan: Plan) -> bv.MoveLine:
    return bv.MoveLine(
        ref=move.ref,
        title=move.title,
        old=uk(move.old, empty="ongoing"),
        new=uk(move.new, empty="ongoing"),
        reason=move.reason or "no reason given",
        who=move.by or move.via,
        when=uk(move.at.astimezone(ZoneInfo(plan.timezone)).date()),
    )


ROW = Spec(
    "board", "agenda", "/board agenda",
    "The next meeting's themes with their actions, then red, overdue and moved actions.",
    ("/board agenda",),
    BoardAgenda, read_agenda, show,
)  # fmt: skip
