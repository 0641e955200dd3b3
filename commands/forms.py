"""The "Add update…" form: status, note, evidence and a new due date in one transaction.

Platform-blind like every handler: an adapter asks for the form's contents (`prefill`), shows
them its own way, fills an UpdateForm from what was submitted and runs `submit` through the
boundary. A mistake comes back as a failed Reply whose `field` says where to show it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from commands import resolve
from commands.actions.changes import AddEvidence, MoveDue, NoteAction, UpdateAction
from commands.args import ActionRef
from commands.context import Context, Reply
from commands.errors import UserError
from commands.table import handle
from commands.text import check_length, clean
from commands.views import ActionLine, Changed, line
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


@dataclass(frozen=True)
class FormView:
    """What the form shows before anything is typed: the action and its current values."""

    line: ActionLine
    plan: str
    due: date | None
    labels: dict[str, str]


@dataclass(frozen=True)
class Saved:
    """What a submitted form changed: 'status amber → green; evidence added'."""

    summary: str
    changed: list[Reply] = field(default_factory=list)


class FieldError(UserError):
    def __init__(self, where: str, message: str) -> None:
        super().__init__(message)
        self.field = where


def prefill(target: ActionRef, ctx: Context) -> Reply:
    plan, action = resolve.action(ctx, target)
    labels = {k: str(v) for k, v in plan.status_labels.items()}
    view = FormView(line(action, plan, ctx.today(plan)), plan.slug, action.due_date, labels)
    return Reply("form", view)


def submit(form: UpdateForm, ctx: Context) -> Reply:
    form = _cleaned(form)
    plan, action = resolve.action(ctx, form.target, lock=True)
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
    replies = []
    for where, command in steps:
        try:
            replies.append(handle(command, ctx))
        except UserError as error:
            # Text refused for what it says belongs on the field it was typed in.
            said = getattr(error, "what", None)
            raise FieldError(said if said in FIELDS else where, error.message) from None
    touched = tuple(sorted({p for r in replies for p in r.touched}))
    posts = tuple(p for r in replies for p in r.posts)
    return Reply("form_saved", Saved(_summary(replies), replies), touched=touched, posts=posts)


def _cleaned(form: UpdateForm) -> UpdateForm:
    """The typed fields without control characters, each within the length we take."""
    fields = {}
    for name in ("note", "evidence", "reason"):
        text = getattr(form, name)
        if text is not None:
            text = clean(text)
            try:
                check_length(text, f"The {name}")
            except UserError as error:
                raise FieldError(name, error.message) from None
        fields[name] = text
    return replace(form, **fields)


def _summary(replies: list[Reply]) -> str:
    """'status amber → green; due date … → …' for the receipt on the message."""
    parts = []
    for reply in replies:
        if isinstance(reply.view, Changed):
            parts += [f"{c.field} {c.old} → {c.new}" for c in reply.view.changes]
            if reply.view.note and not reply.view.changes:
                parts.append("note added")
        else:
            parts.append("evidence added")
    return "; ".join(parts) or "no change"
