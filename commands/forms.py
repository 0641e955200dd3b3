"""The "Add update…" form: status, note, evidence and a new due date in one transaction.

Platform-blind like every handler: an adapter fills an UpdateForm from its form payload and
gets back either the changes made or an error per field, to show on the form itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy.orm import Session, sessionmaker

from commands import resolve
from commands.actions.changes import AddEvidence, MoveDue, NoteAction, UpdateAction
from commands.args import ActionRef
from commands.context import Context, Reply, Who
from commands.errors import UserError
from commands.table import handle
from commands.views import Changed
from store.domain import Status

FIELDS = ("status", "note", "evidence", "due", "reason")


@dataclass(frozen=True)
class UpdateForm:
    target: ActionRef
    status: Status | None = None
    note: str | None = None
    evidence: str | None = None
    due: date | None = None
    reason: str | None = None


@dataclass
class FormResult:
    errors: dict[str, str] = field(default_factory=dict)
    replies: list[Reply] = field(default_factory=list)
    who: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def summary(self) -> str:
        """'status amber → green; due date … → …' for the receipt on the message."""
        parts = []
        for reply in self.replies:
            if isinstance(reply.view, Changed):
                parts += [f"{c.field} {c.old} → {c.new}" for c in reply.view.changes]
                if reply.view.note and not reply.view.changes:
                    parts.append("note added")
            else:
                parts.append("evidence added")
        return "; ".join(parts) or "no change"


class FieldError(UserError):
    def __init__(self, where: str, message: str) -> None:
        super().__init__(message)
        self.where = where


def submit(
    form: UpdateForm, who: Who, *, sessions: sessionmaker[Session], now: datetime
) -> FormResult:
    result = FormResult()
    try:
        with sessions.begin() as session:
            _apply(form, who, session, now, result)
    except FieldError as error:
        return FormResult(errors={error.where: error.message})
    except UserError as error:
        return FormResult(errors={"status": error.message})
    return result


def _apply(form: UpdateForm, who: Who, session: Session, now: datetime, result: FormResult) -> None:
    person = resolve.identify(session, who, now)
    ctx = Context(session, now, who, person, resolve.default_plan(session, person, who))
    plan, action = resolve.action(ctx, form.target)
    result.who = person.display
    moved = form.due is not None and form.due != action.due_date
    if moved and not (form.reason or "").strip():
        raise FieldError("reason", "Say why the due date moves: the reason is kept in the history.")
    if moved and form.due is not None and form.due < ctx.today(plan):
        raise FieldError("due", "The new due date has passed. Choose a date from today on.")
    # Evidence first, so a plan that needs evidence before completion sees it.
    steps: list[tuple[str, object]] = []
    if form.evidence and form.evidence.strip():
        steps.append(("evidence", AddEvidence(form.target, form.evidence.strip())))
    if moved:
        steps.append(("due", MoveDue(form.target, form.due, (form.reason or "").strip())))
    note = (form.note or "").strip() or None
    if form.status is not None and form.status.value != action.status:
        steps.append(("status", UpdateAction(form.target, form.status, note)))
    elif note:
        steps.append(("note", NoteAction(form.target, note)))
    if not steps:
        raise FieldError(
            "note", "Nothing to save: change the status, or add a note, evidence or a date."
        )
    for where, command in steps:
        try:
            result.replies.append(handle(command, ctx))
        except UserError as error:
            raise FieldError(where, error.message) from None
