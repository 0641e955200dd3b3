"""Reports as Markdown, for pasting into a wiki, an email or a council's report template."""

from __future__ import annotations

from dataclasses import dataclass

import templates
from store.reports.views import BoardPack, ScrutinyReport


@dataclass(frozen=True)
class MdBoard:
    pack: BoardPack


@dataclass(frozen=True)
class MdScrutiny:
    report: ScrutinyReport


def board_markdown(pack: BoardPack) -> str:
    return templates.render("report/board.md", MdBoard(pack), "markdown") + "\n"


def scrutiny_markdown(report: ScrutinyReport) -> str:
    return templates.render("report/scrutiny.md", MdScrutiny(report), "markdown") + "\n"
