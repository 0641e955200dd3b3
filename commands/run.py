"""The one boundary every adapter calls: text in, Reply out, one transaction per command.

Expected failures (UserError) roll the transaction back and become a reply that says what to
do. Anything else is a bug: it is logged with a short reference and the user sees only that.
"""

from __future__ import annotations

import logging
import secrets
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from commands import resolve
from commands.context import Context, Directory, Reply, Who
from commands.errors import UserError
from commands.parse import parse, plan_hint
from commands.table import handle
from commands.views import ErrorView
from store import plans
from store.models import SeenEvent

log = logging.getLogger(__name__)


def run(
    text: str,
    who: Who,
    *,
    sessions: sessionmaker[Session],
    now: datetime,
    directory: Directory | None = None,
    once: str | None = None,
) -> Reply:
    """Run one command. With `once`, a second run with the same key (a double-pressed
    button, a retried request) does nothing and says so."""
    try:
        with sessions.begin() as session:
            if once is not None:
                claim(session, once, now)
            return _run(text, who, session=session, now=now, directory=directory)
    except UserError as error:
        return error_reply(error)
    except Exception:
        ref = secrets.token_hex(2)
        log.exception("command failed (ref %s): %r from %s", ref, text, who)
        return Reply(
            "chat/error",
            ErrorView(f"Something went wrong (ref {ref}). Please try again."),
            ok=False,
        )


class AlreadyDone(UserError):
    pass


def claim(session: Session, key: str, now: datetime) -> None:
    """Record `key` in this transaction, or raise AlreadyDone if another run recorded it.

    The primary key does the work, so it holds across threads, processes and replicas.
    """
    session.add(SeenEvent(key=key[:200], seen_at=now))
    try:
        session.flush()
    except IntegrityError:
        raise AlreadyDone("That was already done: nothing changed this time.") from None


def error_reply(error: UserError) -> Reply:
    return Reply(
        "chat/error", ErrorView(error.message, error.usage), ok=False, error=type(error).__name__
    )


def _run(
    text: str, who: Who, *, session: Session, now: datetime, directory: Directory | None
) -> Reply:
    person = resolve.identify(session, who, now)
    default = resolve.default_plan(session, person, who)
    ctx = Context(session, now, who, person, default, directory)
    named = plan_hint(text)
    labelled = (plans.plan_by_slug(session, named) if named else None) or default
    labels = {k: str(v) for k, v in (labelled.status_labels if labelled else {}).items()}
    command = parse(text, today=ctx.today(labelled), labels=labels)
    return handle(command, ctx)
