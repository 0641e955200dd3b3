"""The typed report commands: /board report and /digest preview."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

FORMATS = {
    "pdf": "pdf",
    "html": "html",
    "md": "md",
    "markdown": "md",
    "xlsx": "xlsx",
    "excel": "xlsx",
}


@dataclass(frozen=True)
class BoardReport:
    day: date | None = None  # the meeting's day; None for the next meeting
    fmt: str = "pdf"
    plan: str | None = None


@dataclass(frozen=True)
class DigestPreview:
    plan: str | None = None


ReportCommand = BoardReport | DigestPreview
