"""The "Add update…" form as an Adaptive Card: status, note, evidence, a new due date and its
reason. It replaces the reminder (or dashboard) card in place; Save and Cancel bring the card
back, with a receipt for the action when something was saved. A mistake is shown on its field
and what was typed stays typed."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from bot.teams import cards
from bot.teams.action_card import VERB
from bot.teams.cards import Element
from commands.args import ActionRef
from commands.forms import FormView, UpdateForm
from store.domain import STATUS_ORDER, Status

SAVE = VERB + "save"
CANCEL = VERB + "cancel"
FIELDS = ("status", "note", "evidence", "due", "reason")


class Unreadable(Exception):
    """A submitted value the form cannot use (a date or status not from the card's inputs)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def build(
    card_id: str,
    form: FormView,
    *,
    typed: Mapping[str, Any] | None = None,
    errors: Mapping[str, str] | None = None,
) -> Element:
    typed, errors = typed or {}, errors or {}
    line, labels = form.line, form.labels

    def value(name: str, default: str | None = None) -> str | None:
        found = typed.get(name)
        return str(found) if isinstance(found, str) and found else default

    choices = [(labels.get(s.value) or s.word.capitalize(), s.value) for s in STATUS_ORDER]
    due = value("due")
    return cards.card(
        cards.text(f"Update {line.ref}", weight="Bolder", size="Medium"),
        cards.text(line.title or line.ref, subtle=True),
        cards.field(
            cards.choice_set("status", "Status", choices, value=value("status", line.status)),
            errors.get("status"),
        ),
        cards.field(
            cards.text_input(
                "note", "Progress note", value=value("note"), multiline=True, max_length=3000
            ),
            errors.get("note"),
        ),
        cards.field(
            cards.text_input(
                "evidence",
                "Evidence (a link or a reference)",
                value=value("evidence"),
                max_length=1000,
            ),
            errors.get("evidence"),
        ),
        cards.field(
            cards.date_input("due", "Due date", value=_date(due) if due else form.due),
            errors.get("due"),
        ),
        cards.field(
            cards.text_input(
                "reason", "Reason for a new due date", value=value("reason"), max_length=1000
            ),
            errors.get("reason"),
        ),
        actions=[
            cards.execute(
                "Save", SAVE, style="positive", card=card_id, plan=form.plan, ref=line.ref
            ),
            cards.execute(
                "Cancel", CANCEL, inputs="none", card=card_id, plan=form.plan, ref=line.ref
            ),
        ],
    )


def read(data: Mapping[str, Any], plan: str, ref: str) -> UpdateForm:
    """The submitted inputs as an UpdateForm; Unreadable names the field that is wrong."""

    def text(name: str) -> str | None:
        found = data.get(name)
        return found if isinstance(found, str) and found.strip() else None

    status = text("status")
    try:
        chosen = Status(status) if status else None
    except ValueError:
        raise Unreadable("status", "Choose a status from the list.") from None
    due = text("due")
    day = _date(due) if due else None
    if due and day is None:
        raise Unreadable("due", "Choose the date from the calendar (day, month and year).")
    return UpdateForm(
        target=ActionRef(ref, plan),
        status=chosen,
        note=text("note"),
        evidence=text("evidence"),
        due=day,
        reason=text("reason"),
    )


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip()[:10])
    except ValueError:
        return None
