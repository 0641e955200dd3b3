"""Reports as self-contained HTML: one file, inline CSS and SVG, laid out for A4 print."""

from __future__ import annotations

from dataclasses import dataclass

import templates
from bot.reports.chart import Chart, trend_chart
from store.reports.views import BoardPack, ScrutinyReport


@dataclass(frozen=True)
class HtmlBoard:
    pack: BoardPack
    chart: Chart


@dataclass(frozen=True)
class HtmlScrutiny:
    report: ScrutinyReport


def board_html(pack: BoardPack) -> str:
    view = HtmlBoard(pack, trend_chart(pack.trend, pack.statuses))
    return templates.render("report/board.html", view, "html") + "\n"


def scrutiny_html(report: ScrutinyReport) -> str:
    return templates.render("report/scrutiny.html", HtmlScrutiny(report), "html") + "\n"
