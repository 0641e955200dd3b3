"""/board report asks the adapter for a file; /digest preview shows the next digest."""

from __future__ import annotations

import dataclasses

from commands import resolve
from commands.context import Context, FileRequest, Reply
from commands.errors import UserError
from commands.syntax_reports import BoardReport, DigestPreview
from commands.views import Notice
from store import boards
from store.dates import uk
from store.notify import digest


def board_report(cmd: BoardReport, ctx: Context) -> Reply:
    plan = resolve.plan(ctx, cmd.plan)
    meeting = None
    if cmd.day is not None:
        try:
            meeting = boards.meeting_on(ctx.session, plan, cmd.day, now=ctx.now)
        except boards.BoardError as error:
            raise UserError(str(error)) from None
    else:
        meeting = boards.next_meeting(ctx.session, plan.id, ctx.now)
    when = (
        f"the Improvement Board on {uk(boards.local_start(meeting, plan.timezone).date())}"
        if meeting is not None
        else "the plan as it stands today (no board meeting is scheduled)"
    )
    request = FileRequest("board", plan.id, meeting.id if meeting else None, cmd.fmt)
    text = f"Preparing the board pack ({cmd.fmt.upper()}) for {when}: it follows as a file."
    return Reply("chat/notice", Notice(text), files=(request,))


def digest_preview(cmd: DigestPreview, ctx: Context) -> Reply:
    plan = resolve.plan(ctx, cmd.plan)
    view = digest.build(ctx.session, plan, ctx.now, ctx.today(plan))
    channel = plan.channel or "the plan's channel (none set yet: /plan channel #name)"
    fields = {f.name: getattr(view, f.name) for f in dataclasses.fields(view)}
    return Reply("notify/digest_preview", {**fields, "channel": channel})
