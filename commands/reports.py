"""/board report asks the adapter for a file (the board pack); /digest preview shows the next
weekly digest exactly as it would post."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date

from commands import resolve, views
from commands.args import Args
from commands.boards.words import in_plan
from commands.context import Context, FileRequest, Reply
from commands.errors import UsageError
from commands.spec import Spec
from store import boards
from store.dates import uk
from store.notify import digest

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


# -- readers -------------------------------------------------------------------------------------
def read_board_report(args: Args) -> BoardReport:
    plan = in_plan(args)
    words = args.text.split()
    fmt = "pdf"
    if words and words[-1].lower() in FORMATS:
        fmt = FORMATS[words.pop().lower()]
    elif words and len(words) == 1 and not any(c.isdigit() for c in words[0]):
        raise UsageError(f"'{words[0]}' is not a format. Use pdf, html, md or xlsx.")
    text = " ".join(words)
    return BoardReport(args.date(text, "The meeting's date") if text else None, fmt, plan)


def read_digest_preview(args: Args) -> DigestPreview:
    plan = in_plan(args)
    args.end()
    return DigestPreview(plan)


# -- handlers ------------------------------------------------------------------------------------
def board_report(cmd: BoardReport, ctx: Context) -> Reply:
    plan = resolve.plan(ctx, cmd.plan)
    meeting = None
    if cmd.day is not None:
        # A held board too: its pack is the plan as it stood when the board met.
        meeting = boards.meeting_for_pack(ctx.session, plan, cmd.day, now=ctx.now)
    else:
        meeting = boards.next_meeting(ctx.session, plan.id, ctx.now)
    day = uk(boards.local_start(meeting, plan.timezone).date()) if meeting else None
    request = FileRequest("board", plan.id, meeting.id if meeting else None, cmd.fmt)
    past = meeting is not None and boards.is_held(meeting, ctx.now)
    view = {"fmt": cmd.fmt.upper(), "meeting": day, "past": past}
    return Reply("chat/pack_coming", view, files=(request,))


def digest_preview(cmd: DigestPreview, ctx: Context) -> Reply:
    plan = resolve.plan(ctx, cmd.plan)
    # The very digest the next sweep posts: built as at that instant, for that week.
    at = digest.next_post(ctx.session, plan, ctx.now)
    view = digest.build(ctx.session, plan, at, views.local(at, plan).date())
    channel = plan.channel or "the plan's channel (none set yet: /plan channel #name)"
    fields = {f.name: getattr(view, f.name) for f in dataclasses.fields(view)}
    when = "at the next sweep" if at == ctx.now else f"on {views.when(at, plan)}"
    return Reply("notify/digest_preview", {**fields, "channel": channel, "when": when})


ROWS = (
    Spec(
        "board", "report", "/board report [<date>] [pdf | html | md | xlsx]",
        "The board pack for the next meeting, or for the one on that date (a past board's as "
        "it stood when it met), sent to you as a file.",
        ("/board report", "/board report 17/12/2026 html"),
        BoardReport, read_board_report, board_report,
    ),
    Spec(
        "digest", "preview", "/digest preview",
        "Exactly what the next weekly digest would post in the plan's channel.",
        ("/digest preview",),
        DigestPreview, read_digest_preview, digest_preview,
    ),
)  # fmt: skip
