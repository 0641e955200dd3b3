"""Readers for /board report and /digest preview."""

from __future__ import annotations

from commands.args import Args
from commands.errors import UsageError
from commands.grammar_boards import in_plan
from commands.syntax_reports import FORMATS, BoardReport, DigestPreview


def board_report(args: Args) -> BoardReport:
    plan = in_plan(args)
    words = args.text.split()
    fmt = "pdf"
    if words and words[-1].lower() in FORMATS:
        fmt = FORMATS[words.pop().lower()]
    elif words and len(words) == 1 and not any(c.isdigit() for c in words[0]):
        raise UsageError(f"'{words[0]}' is not a format. Use pdf, html, md or xlsx.")
    text = " ".join(words)
    return BoardReport(args.date(text, "The meeting's date") if text else None, fmt, plan)


def digest_preview(args: Args) -> DigestPreview:
    plan = in_plan(args)
    args.end()
    return DigestPreview(plan)
