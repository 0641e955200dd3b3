"""The one boundary every entry point goes through, on every platform.

    slash command, typed message, console line   run(text, who)     -> Reply
    button press                                 run(text, who, once=key)
    form submit, form prefill, home/dashboard    serve(who, work)   -> Reply
    command line (the operator, who may do anything)   transaction()

`serve` opens the transaction, identifies the person, builds the Context and runs the work;
a UserError rolls it back and becomes a reply that says what to do, and anything else is a
bug: logged with a short reference, which is all the user sees. `transaction` is the only
place a command's transaction opens; `once` makes a second run with the same key (a double
press, a retried request) do nothing and say so.

The boundary takes a clock, not an instant: a handler that changes a row locks it with
`Context.hold`, which reads the clock again, so a command that waited for another's lock is
stamped after it.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime

from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from commands import resolve
from commands.context import Context, Directory, Reply, Who
from commands.errors import UserError
from commands.parse import parse, plan_hint
from commands.table import handle
from commands.text import MAX_COMMAND, check_length, clean
from commands.views import ErrorView
from store import plans
from store.models import SeenEvent

log = logging.getLogger(__name__)

Work = Callable[[Context], Reply]
# The time now, read when the command starts and again once it holds a lock.
Clock = Callable[[], datetime]


class AlreadyDone(UserError):
    pass


@contextmanager
def transaction(sessions: sessionmaker[Session], *, write: bool = True) -> Iterator[Session]:
    """One transaction, committed when the block ends well and rolled back otherwise; a
    read-only one (write=False) never commits."""
    if write:
        with sessions.begin() as session:
            yield session
    else:
        with sessions() as session:
            yield session


def serve(
    who: Who,
    work: Work,
    *,
    sessions: sessionmaker[Session],
    clock: Clock,
    directory: Directory | None = None,
    once: str | None = None,
    write: bool = True,
) -> Reply:
    """Run `work` for the person behind `who`, in one transaction; always returns a Reply."""
    try:
        with transaction(sessions, write=write) as session:
            now = clock()
            if once is not None:
                mark_once(session, once, now)
            person, plan = resolve.sender(session, who, now)
            ctx = Context(session, now, who, person, plan, clock, directory)
            reply = work(ctx)
            return replace(reply, by=person.display)
    except UserError as error:
        return error_reply(error)
    except Exception:
        ref = secrets.token_hex(2)
        log.exception("command failed (ref %s) for %s", ref, who)
        return Reply(
            "chat/error",
            ErrorView(f"Something went wrong (ref {ref}). Please try again."),
            ok=False,
        )


def run(
    text: str,
    who: Who,
    *,
    sessions: sessionmaker[Session],
    clock: Clock,
    directory: Directory | None = None,
    once: str | None = None,
) -> Reply:
    """Run one typed command."""
    text = clean(text)
    return serve(
        who,
        lambda ctx: dispatch(text, ctx),
        sessions=sessions,
        clock=clock,
        directory=directory,
        once=once,
    )


def dispatch(text: str, ctx: Context) -> Reply:
    """Parse with the words of the plan the text names (or the default plan), then handle."""
    check_length(text, "That command", MAX_COMMAND)
    named = plan_hint(text)
    labelled = (plans.plan_by_slug(ctx.session, named) if named else None) or ctx.default_plan
    labels = {k: str(v) for k, v in (labelled.status_labels if labelled else {}).items()}
    return handle(parse(text, today=ctx.today(labelled), labels=labels), ctx)


def mark_once(session: Session, key: str, now: datetime) -> None:
    """Record `key` in this transaction, or raise AlreadyDone if another run recorded it.

    The primary key does the work, so it holds across threads, processes and replicas.
    """
    # A plain INSERT, not the unit of work: it runs on every command's path.
    try:
        session.execute(insert(SeenEvent).values(key=key[:200], seen_at=now))
    except IntegrityError:
        raise AlreadyDone("That was already done: nothing changed this time.") from None


def first_time(sessions: sessionmaker[Session], key: str, now: datetime) -> bool:
    """True the first time `key` is seen (an event id); False for a retry of it."""
    try:
        with transaction(sessions) as session:
            mark_once(session, key, now)
    except AlreadyDone:
        return False
    return True


def error_reply(error: UserError) -> Reply:
    return Reply(
        "chat/error",
        ErrorView(error.message, error.usage),
        ok=False,
        error=type(error).__name__,
        field=getattr(error, "field", None),
    )
