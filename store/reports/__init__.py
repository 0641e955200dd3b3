"""Reports built from the store as plain view-models: the board pack and the scrutiny report.

Builders only query; writers in bot/reports turn the view-models into HTML, Markdown, XLSX
and PDF through templates/report.
"""

from store.reports.board_pack import build_board_pack
from store.reports.scope import ReportError
from store.reports.scrutiny import ScrutinyRules, build_scrutiny

__all__ = ["ReportError", "ScrutinyRules", "build_board_pack", "build_scrutiny"]
