"""Writing reports as files: HTML, Markdown, XLSX or PDF, from the store's view-models.

`write_board_pack` and `write_scrutiny` are what the CLI and the chat adapters call: each
returns a file name and the file's bytes, and writes nothing to disk.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.reports.html import board_html, scrutiny_html
from bot.reports.markdown import board_markdown, scrutiny_markdown
from bot.reports.pdf import PdfUnavailable, html_to_pdf
from bot.reports.xlsx import board_xlsx, scrutiny_xlsx
from store.models import Plan
from store.reports import ReportError, build_board_pack, build_scrutiny
from store.reports.views import BoardPack, ScrutinyReport

FORMATS = ("html", "md", "xlsx", "pdf")
MEDIA_TYPES = {
    "html": "text/html; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}

__all__ = [
    "FORMATS",
    "MEDIA_TYPES",
    "PdfUnavailable",
    "ReportError",
    "board_bytes",
    "scrutiny_bytes",
    "write_board_pack",
    "write_scrutiny",
]

_BOARD: dict[str, Callable[[BoardPack], bytes]] = {
    "html": lambda pack: board_html(pack).encode(),
    "md": lambda pack: board_markdown(pack).encode(),
    "xlsx": board_xlsx,
    "pdf": lambda pack: html_to_pdf(board_html(pack)),
}
_SCRUTINY: dict[str, Callable[[ScrutinyReport], bytes]] = {
    "html": lambda report: scrutiny_html(report).encode(),
    "md": lambda report: scrutiny_markdown(report).encode(),
    "xlsx": scrutiny_xlsx,
    "pdf": lambda report: html_to_pdf(scrutiny_html(report)),
}


def _check(fmt: str) -> str:
    fmt = fmt.lower().lstrip(".")
    fmt = "md" if fmt == "markdown" else fmt
    if fmt not in FORMATS:
        raise ReportError(f"'{fmt}' is not a report format. Use {', '.join(FORMATS)}.")
    return fmt


def board_bytes(pack: BoardPack, fmt: str) -> bytes:
    return _BOARD[_check(fmt)](pack)


def scrutiny_bytes(report: ScrutinyReport, fmt: str) -> bytes:
    return _SCRUTINY[_check(fmt)](report)


def write_board_pack(
    session: Session,
    plan: Plan,
    *,
    meeting_id: int | None = None,
    fmt: str = "pdf",
    now: datetime,
    focus: Sequence[str] | None = None,
) -> tuple[str, bytes]:
    """The board pack for a meeting (the next one by default) as (file name, bytes).

    Raises ReportError (no such meeting, unknown format) and PdfUnavailable, both with text
    safe to show.
    """
    fmt = _check(fmt)
    pack = build_board_pack(session, plan, now=now, meeting_id=meeting_id, focus=focus)
    day = pack.meeting.day if pack.meeting is not None else _local_day(plan, now)
    return f"board-pack-{plan.slug}-{day}.{fmt}", board_bytes(pack, fmt)


def write_scrutiny(
    session: Session,
    plan: Plan,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    fmt: str = "pdf",
    now: datetime,
) -> tuple[str, bytes]:
    """The scrutiny report (the last quarter by default) as (file name, bytes)."""
    fmt = _check(fmt)
    report = build_scrutiny(session, plan, now=now, since=since, until=until)
    day = _local_day(plan, min(until or now, now))
    return f"scrutiny-{plan.slug}-{day}.{fmt}", scrutiny_bytes(report, fmt)


def _local_day(plan: Plan, at: datetime) -> str:
    return at.astimezone(ZoneInfo(plan.timezone)).date().isoformat()
