"""Making the files a command asked for (board packs), for whichever adapter hands them over."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from bot.reports import PdfUnavailable, ReportError, write_board_pack
from commands.context import FileRequest
from store.errors import UserError
from store.models import Plan


class FileProblem(UserError):
    """A file could not be made; the text is safe to show."""


def make(sessions: sessionmaker[Session], request: FileRequest, now: datetime) -> tuple[str, bytes]:
    with sessions() as session:
        plan = session.get_one(Plan, request.plan_id)
        try:
            return write_board_pack(
                session, plan, meeting_id=request.meeting_id, fmt=request.fmt, now=now
            )
        except (ReportError, PdfUnavailable) as error:
            raise FileProblem(str(error)) from None
