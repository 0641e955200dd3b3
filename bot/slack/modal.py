"""The "Add update…" modal: status, note, evidence link, new due date and its reason."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from commands.args import ActionRef
from commands.forms import FormView, UpdateForm
from store.domain import STATUS_ORDER, Status

CALLBACK = "improvebot:update_form"


def _option(status: Status, label: str) -> dict[str, Any]:
    return {"text": {"type": "plain_text", "text": label}, "value": status.value}


def build(form: FormView, origin: dict[str, str]) -> dict[str, Any]:
    """The form for one action; `origin` says which message to update after it is saved."""
    line, plan, due, labels = form.line, form.plan, form.due, form.labels
    options = [_option(s, labels.get(s.value) or s.word.capitalize()) for s in STATUS_ORDER]
    current = next((o for o in options if o["value"] == line.status), None)
    status_select: dict[str, Any] = {
        "type": "static_select",
        "action_id": "value",
        "options": options,
    }
    if current:
        status_select["initial_option"] = current
    datepicker: dict[str, Any] = {"type": "datepicker", "action_id": "value"}
    if due:
        datepicker["initial_date"] = due.isoformat()
    title = f"Update {line.ref}"[:24]
    return {
        "type": "modal",
        "callback_id": CALLBACK,
        "private_metadata": json.dumps({"plan": plan, "ref": line.ref, **origin}),
        "title": {"type": "plain_text", "text": title},
        "submit": {"type": "plain_text", "text": "Save"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            {
                "type": "section",
                "text": {"type": "plain_text", "text": line.title[:3000] or line.ref},
            },
            _input("status", "Status", status_select),
            _input(
                "note",
                "Progress note",
                {
                    "type": "plain_text_input",
                    "action_id": "value",
                    "multiline": True,
                    "max_length": 3000,
                },
                optional=True,
            ),
            _input(
                "evidence",
                "Evidence (a link or a reference)",
                {"type": "plain_text_input", "action_id": "value", "max_length": 1000},
                optional=True,
            ),
            _input("due", "Due date", datepicker, optional=True),
            _input(
                "reason",
                "Reason for a new due date",
                {"type": "plain_text_input", "action_id": "value", "max_length": 1000},
                optional=True,
            ),
        ],
    }


def _input(
    block_id: str, label: str, element: dict[str, Any], *, optional: bool = False
) -> dict[str, Any]:
    return {
        "type": "input",
        "block_id": block_id,
        "optional": optional,
        "label": {"type": "plain_text", "text": label},
        "element": element,
    }


def read(view: dict[str, Any]) -> tuple[UpdateForm, dict[str, str]]:
    """The submitted form and the metadata saying where it came from."""
    meta = json.loads(view.get("private_metadata") or "{}")
    values = view["state"]["values"]

    def value(block: str) -> Any:
        element = values.get(block, {}).get("value", {})
        if element.get("type") == "static_select":
            selected = element.get("selected_option")
            return selected["value"] if selected else None
        if element.get("type") == "datepicker":
            return element.get("selected_date")
        return element.get("value")

    status = value("status")
    due = value("due")
    form = UpdateForm(
        target=ActionRef(meta["ref"], meta["plan"]),
        status=Status(status) if status else None,
        note=value("note"),
        evidence=value("evidence"),
        due=date.fromisoformat(due) if due else None,
        reason=value("reason"),
    )
    return form, meta
