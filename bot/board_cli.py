"""`improvebot board …`: Improvement Board meetings from the command line.

Thin wrappers over store.boards, the same functions /board uses in chat. Dates are UK dates
(day first) and times are local to the plan.
"""

from __future__ import annotations

import click

import templates
from bot.cli_support import plan_transaction, read_date
from commands.boards import views as board_views
from store import boards
from store.dates import parse_time, uk

PLAN = click.option("--plan", "slug", help="The plan's short name (needed when there are several).")
ANYWAY = click.option(
    "--anyway", is_flag=True, help="Meet on a weekend, bank holiday or closure day all the same."
)


def _closed_day(error: boards.ClosedDay) -> boards.BoardError:
    """The store's refusal of a closed day, in this command line's words."""
    return boards.BoardError(
        f"{error.message} Give {error.instead:%d/%m/%Y} instead, or add --anyway to meet "
        f"on {uk(error.day)} all the same."
    )


@click.group()
def board() -> None:
    """Improvement Board meetings: schedule, move, cancel, list."""


@board.command("list")
@PLAN
def list_command(slug: str | None) -> None:
    """List the upcoming board meetings, moved and cancelled ones included."""
    with plan_transaction(slug) as (session, plan, now):
        view = board_views.list_view(session, plan, now, ids=True)
        click.echo(templates.render("chat/board_list", view, "console"))


@board.command("schedule")
@click.argument("rule", nargs=-1, required=True)
@PLAN
def schedule_command(rule: tuple[str, ...], slug: str | None) -> None:
    """Set the board's series, replacing the current one from its first meeting.

    For example: improvebot board schedule every 6 weeks on Thursday at 10:00 from 12/02/2027
    """
    with plan_transaction(slug) as (session, plan, now):
        parsed = boards.parse_rule(" ".join(rule), read_date("today", plan, now))
        previous = boards.current_series(session, plan.id)
        before = boards.describe_series(previous) if previous else None
        done = boards.schedule(session, plan, parsed, now=now)
        view = board_views.schedule_view(done, plan, before, ids=True)
        click.echo(templates.render("chat/board_list", view, "console"))


@board.command("add")
@click.argument("day", metavar="DATE")
@click.argument("at", metavar="TIME")
@click.option("--themes", help="Theme numbers in focus, such as 1,4.")
@ANYWAY
@PLAN
def add_command(day: str, at: str, themes: str | None, anyway: bool, slug: str | None) -> None:
    """Add a one-off meeting on DATE at TIME (local to the plan).

    A weekend, a bank holiday or one of the plan's closure days is refused unless --anyway.
    """
    with plan_transaction(slug) as (session, plan, now):
        numbers = [n for n in (themes or "").replace(" ", ",").split(",") if n]
        try:
            meeting = boards.add_meeting(
                session,
                plan,
                read_date(day, plan, now),
                parse_time(at),
                now=now,
                themes=numbers,
                anyway=anyway,
            )
        except boards.ClosedDay as error:
            raise _closed_day(error) from None
        click.echo(f"Added a board meeting on {board_views.when(meeting.starts_at, plan)}.")


@board.command("move")
@click.argument("day", metavar="DATE")
@click.option("--to", "to", required=True, metavar="DATE", help="The new date.")
@click.option("--at", "at", metavar="TIME", help="The new time (default: the same time).")
@ANYWAY
@PLAN
def move_command(day: str, to: str, at: str | None, anyway: bool, slug: str | None) -> None:
    """Move the meeting on DATE to another day (and time); a closed day needs --anyway."""
    with plan_transaction(slug) as (session, plan, now):
        try:
            meeting, old = boards.move_meeting(
                session,
                plan,
                read_date(day, plan, now),
                read_date(to, plan, now),
                parse_time(at) if at else None,
                now=now,
                anyway=anyway,
            )
        except boards.ClosedDay as error:
            raise _closed_day(error) from None
        click.echo(
            f"Moved the board meeting of {uk(old.date())} at {old:%H:%M} "
            f"to {board_views.when(meeting.starts_at, plan)}."
        )


@board.command("cancel")
@click.argument("day", metavar="DATE")
@PLAN
def cancel_command(day: str, slug: str | None) -> None:
    """Cancel the meeting on DATE (it is kept, as cancelled)."""
    with plan_transaction(slug) as (session, plan, now):
        meeting = boards.cancel_meeting(session, plan, read_date(day, plan, now), now=now)
        click.echo(f"Cancelled the board meeting on {board_views.when(meeting.starts_at, plan)}.")
