"""`improvebot report …`: the board pack and the scrutiny report, written to a file.

The library builds and writes the report; this turns its errors into messages (exit code 1).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import click
from sqlalchemy.orm import Session

from bot.cli_support import plan_transaction
from bot.reports import FORMATS, write_board_pack, write_scrutiny
from store import boards
from store.dates import DateError, parse_date
from store.models import Plan

FORMAT = click.Choice(FORMATS, case_sensitive=False)
F = TypeVar("F", bound=Callable[..., Any])
NOW_HELP = "Pretend it is this instant (ISO with a time zone), e.g. to reproduce a past pack."


def _guess_format(output: Path, fmt: str | None) -> str:
    if fmt:
        return fmt.lower()
    suffix = output.suffix.lower().lstrip(".")
    suffix = "md" if suffix == "markdown" else suffix
    if suffix in FORMATS:
        return suffix
    raise click.UsageError(f"Say which format with --format {'|'.join(FORMATS)}.")


def _write(output: Path, name: str, data: bytes) -> None:
    try:
        output.write_bytes(data)
    except OSError as exc:
        raise click.ClickException(
            f"Could not write {output}: {exc.strerror or exc}. Is it open in another program?"
        ) from None
    click.echo(f"Wrote {name.rsplit('.', 1)[-1].upper()} report to {output} ({len(data):,} bytes).")


def file_options(command: F) -> F:
    """--format, --output and --now, shared by every report."""
    for option in reversed(
        (
            click.option(
                "--format", "fmt", type=FORMAT, help="html, md, xlsx or pdf (default: from FILE)."
            ),
            click.option(
                "--output",
                "-o",
                required=True,
                help="The file to write.",
                type=click.Path(dir_okay=False, path_type=Path),
            ),
            click.option("--now", help=NOW_HELP),
        )
    ):
        command = option(command)
    return command


@click.group()
def report() -> None:
    """Reports for the Improvement Board and scrutiny."""


@report.command("board")
@click.option("--plan", "slug", help="The plan (needed when there are several).")
@click.option(
    "--meeting",
    metavar="DATE|ID",
    help="The board meeting: its date, such as 17/12/2026, or its id from `improvebot board "
    "list` (default: the next).",
)
@click.option("--themes", help="Themes in focus instead of the meeting's, e.g. 2,4.")
@file_options
def board_command(
    slug: str | None,
    meeting: str | None,
    themes: str | None,
    fmt: str | None,
    output: Path,
    now: str | None,
) -> None:
    """Write the board pack for the next board meeting (or --meeting DATE or ID).

    Exceptions by theme, RAG by theme with direction of travel since the previous board,
    completed actions with evidence, the themes in focus in full, the KPI table and the RAG
    trend. A past meeting's pack shows the plan as it stood when the board met; with no
    meeting scheduled, the pack is the plan as it stands now.
    """
    fmt = _guess_format(output, fmt)
    focus = [t.strip() for t in themes.split(",") if t.strip()] if themes else None
    with plan_transaction(slug, now=now, write=False) as (session, plan, moment):
        meeting_id = _meeting_id(session, plan, meeting, moment)
        name, data = write_board_pack(
            session, plan, meeting_id=meeting_id, fmt=fmt, now=moment, focus=focus
        )
    _write(output, name, data)


@report.command("scrutiny")
@click.option("--plan", "slug", help="The plan (needed when there are several).")
@click.option("--since", help="Start of the period, a UK date (default: a quarter ago).")
@click.option("--until", help="End of the period, a UK date (default: now).")
@file_options
def scrutiny_command(
    slug: str | None,
    since: str | None,
    until: str | None,
    fmt: str | None,
    output: Path,
    now: str | None,
) -> None:
    """Write the scrutiny report: going well, ones to watch, things to do better.

    The grouping rules are in the README (Reports) and a plan can tune them.
    """
    fmt = _guess_format(output, fmt)
    with plan_transaction(slug, now=now, write=False) as (session, plan, moment):
        start = _day_start(plan, since, moment, "--since")
        end = _day_start(plan, until, moment, "--until", next_day=True)
        name, data = write_scrutiny(session, plan, since=start, until=end, fmt=fmt, now=moment)
    _write(output, name, data)


def _meeting_id(session: Session, plan: Plan, text: str | None, now: datetime) -> int | None:
    """--meeting as an id (digits only) or a UK date naming the meeting held or to come."""
    if text is None or text.strip().isdigit():
        return int(text) if text else None
    try:
        day = parse_date(text, now.astimezone(ZoneInfo(plan.timezone)).date())
    except DateError as exc:
        raise click.BadParameter(
            f"{exc} Or give the meeting's id from `improvebot board list`.", param_hint="--meeting"
        ) from None
    return boards.meeting_for_pack(session, plan, day, now=now).id


def _day_start(
    plan: Plan, text: str | None, now: datetime, option: str, *, next_day: bool = False
) -> datetime | None:
    """The start of a local day (or of the day after, for an inclusive end), as aware UTC."""
    if not text:
        return None
    tz = ZoneInfo(plan.timezone)
    try:
        day: date = parse_date(text, now.astimezone(tz).date())
    except DateError as exc:
        raise click.BadParameter(str(exc), param_hint=option) from None
    if next_day:
        day += timedelta(days=1)
    return datetime.combine(day, time(0), tzinfo=tz).astimezone(UTC)
