"""Adaptive Card 1.5 JSON for Teams, built from plain values. Every text is escaped, so a card
has no Markdown at all: emphasis comes from weight, size and colour.

    card(
        text("Action 4.2 is due on Friday", weight="Bolder", size="Medium"),
        facts(("Owner", "Ann Smith"), ("RAG", "Amber")),
        actions=[
            execute("Mark done", "action.done", plan="north", ref="4.2"),
            show_card("Update", card(
                field(choice_set("rag", "RAG", [("Green", "green"), ("Amber", "amber")])),
                field(text_input("note", "Note", multiline=True), error=errors.get("note")),
                actions=[execute("Save", "action.update", plan="north", ref="4.2")],
            )),
        ],
    )
    message(card=that)          -> the activity for Connector.send / update
    invoke_response(new_card)   -> the HTTP answer to the adaptiveCard/action invoke

A button press arrives as the invoke "adaptiveCard/action" with value.action.verb and
value.action.data (the button's data merged with the card's input values). execute() puts
the verb in both places: the Teams SDK routes on data["action"], the Agents SDK on verb.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any, Literal

from bot.teams.text import escape

Element = dict[str, Any]
CARD_TYPE = "application/vnd.microsoft.card.adaptive"
VERSION = "1.5"  # Universal Actions (Action.Execute) need 1.4+; Teams supports 1.5
MAX_REFRESH_USERS = 60

Size = Literal["Small", "Default", "Medium", "Large", "ExtraLarge"]
Weight = Literal["Lighter", "Default", "Bolder"]
Colour = Literal["Default", "Dark", "Light", "Accent", "Good", "Warning", "Attention"]
Spacing = Literal["None", "Small", "Default", "Medium", "Large", "ExtraLarge", "Padding"]
Style = Literal["default", "emphasis", "good", "attention", "warning", "accent"]
ActionStyle = Literal["default", "positive", "destructive"]


def card(
    *body: Element,
    actions: Sequence[Element] = (),
    fallback_text: str | None = None,
    refresh: Element | None = None,
    refresh_for: Sequence[str] = (),
) -> Element:
    """A whole card. refresh: an execute() that Teams calls to get each viewer's own version
    when they open it; refresh_for: the user ids (at most 60) it is done for."""
    if len(refresh_for) > MAX_REFRESH_USERS:
        raise ValueError(f"Teams refreshes a card for at most {MAX_REFRESH_USERS} users")
    out: Element = {"type": "AdaptiveCard", "version": VERSION, "body": list(body)}
    if actions:
        out["actions"] = list(actions)
    if fallback_text:
        out["fallbackText"] = escape(fallback_text)
    if refresh is not None:
        out["refresh"] = {
            "action": refresh,
            **({"userIds": list(refresh_for)} if refresh_for else {}),
        }
    return out


def text(
    value: str,
    *,
    size: Size | None = None,
    weight: Weight | None = None,
    color: Colour | None = None,
    subtle: bool = False,
    spacing: Spacing | None = None,
    separator: bool = False,
    id: str | None = None,
) -> Element:
    """A TextBlock showing `value` exactly as written (escaped), wrapped, never cut off."""
    out: Element = {"type": "TextBlock", "text": escape(value), "wrap": True}
    for key, setting in (
        ("size", size),
        ("weight", weight),
        ("color", color),
        ("spacing", spacing),
        ("id", id),
    ):
        if setting is not None:
            out[key] = setting
    if subtle:
        out["isSubtle"] = True
    if separator:
        out["separator"] = True
    return out


def rendered(
    markdown: str,
    *,
    subtle: bool = False,
    spacing: Spacing | None = None,
    color: Colour | None = None,
    size: Size | None = None,
) -> Element:
    """A TextBlock of text a template rendered for the "teams" surface: every value in it was
    escaped there, and the bot's own **bold** is meant, so it is not escaped again."""
    out: Element = {"type": "TextBlock", "text": markdown, "wrap": True}
    for key, setting in (("spacing", spacing), ("color", color), ("size", size)):
        if setting is not None:
            out[key] = setting
    if subtle:
        out["isSubtle"] = True
    return out


def facts(*pairs: tuple[str, str]) -> Element:
    """Label and value rows (a FactSet); both sides escaped."""
    return {
        "type": "FactSet",
        "facts": [{"title": escape(title), "value": escape(value)} for title, value in pairs],
    }


def container(
    *items: Element,
    style: Style | None = None,
    spacing: Spacing | None = None,
    separator: bool = False,
    id: str | None = None,
) -> Element:
    out: Element = {"type": "Container", "items": list(items)}
    if style:
        out["style"] = style
    if spacing:
        out["spacing"] = spacing
    if separator:
        out["separator"] = True
    if id:
        out["id"] = id
    return out


def column(*items: Element, width: str | int = "stretch") -> Element:
    """One column: width "auto" (fits its content), "stretch" (shares the rest) or a weight."""
    return {"type": "Column", "width": width, "items": list(items)}


def columns(*cols: Element, spacing: Spacing | None = None) -> Element:
    out: Element = {"type": "ColumnSet", "columns": list(cols)}
    if spacing:
        out["spacing"] = spacing
    return out


# -- buttons ---------------------------------------------------------------------------------
def execute(
    title: str,
    verb: str,
    *,
    style: ActionStyle | None = None,
    inputs: Literal["auto", "none"] = "auto",
    **data: str | int | bool | None,
) -> Element:
    """An Action.Execute button. Its verb is also data["action"], beside our own data (plan
    slug, ref …); inputs="none" sends no input values (a Cancel button)."""
    if "action" in data:
        raise ValueError('"action" is the verb\'s place in the data; pick another key')
    out: Element = {
        "type": "Action.Execute",
        "title": title,
        "verb": verb,
        "data": {"action": verb, **{k: v for k, v in data.items() if v is not None}},
    }
    if style:
        out["style"] = style
    if inputs != "auto":
        out["associatedInputs"] = inputs
    return out


def open_url(title: str, url: str) -> Element:
    """A button that opens a link in the browser (a download, say)."""
    return {"type": "Action.OpenUrl", "title": title, "url": url}


def show_card(title: str, inner: Element) -> Element:
    """A button that unfolds a card below (a small form, say) without a round trip."""
    return {"type": "Action.ShowCard", "title": title, "card": inner}


def action_set(*actions: Element) -> Element:
    """Buttons in the body (between elements) rather than at the card's foot."""
    return {"type": "ActionSet", "actions": list(actions)}


# -- form fields -----------------------------------------------------------------------------
def choice_set(
    id: str,
    label: str,
    choices: Iterable[tuple[str, str]],
    *,
    value: str | None = None,
    required: bool = False,
    error_message: str | None = None,
    expanded: bool = False,
) -> Element:
    """A drop-down (or radio buttons when expanded) of (title, value) choices."""
    out = _input("Input.ChoiceSet", id, label, required, error_message)
    out["choices"] = [{"title": title, "value": choice} for title, choice in choices]
    out["style"] = "expanded" if expanded else "compact"
    if value is not None:
        out["value"] = value
    return out


def text_input(
    id: str,
    label: str,
    *,
    value: str | None = None,
    placeholder: str | None = None,
    multiline: bool = False,
    max_length: int | None = None,
    required: bool = False,
    error_message: str | None = None,
) -> Element:
    out = _input("Input.Text", id, label, required, error_message)
    if value is not None:
        out["value"] = value  # an input's value is shown as typed: no Markdown there
    if placeholder:
        out["placeholder"] = placeholder
    if multiline:
        out["isMultiline"] = True
    if max_length:
        out["maxLength"] = max_length
    return out


def date_input(
    id: str,
    label: str,
    *,
    value: date | None = None,
    earliest: date | None = None,
    latest: date | None = None,
    required: bool = False,
    error_message: str | None = None,
) -> Element:
    out = _input("Input.Date", id, label, required, error_message)
    for key, day in (("value", value), ("min", earliest), ("max", latest)):
        if day is not None:
            out[key] = day.isoformat()
    return out


def field(element: Element, error: str | None = None) -> Element:
    """An input with its error slot: after a rejected submit, the bot's message for this field
    ("The date must be after today") shows under it in red. isRequired and errorMessage cover
    what Teams checks itself before sending."""
    items = [element]
    if error:
        items.append(text(error, color="Attention", size="Small", id=f"{element['id']}-error"))
    return container(*items, id=f"{element['id']}-field")


def _input(kind: str, id: str, label: str, required: bool, error_message: str | None) -> Element:
    out: Element = {"type": kind, "id": id, "label": label}
    if required:
        out["isRequired"] = True
        out["errorMessage"] = error_message or f"{label} is needed"
    elif error_message:
        out["errorMessage"] = error_message
    return out


# -- messages and invoke answers -------------------------------------------------------------
def message(
    *, text: str | None = None, card: Element | None = None, summary: str | None = None
) -> Element:
    """A message activity for the connector. `text` goes out as given: build it from escaped
    values (text.escape) as the Teams templates do."""
    out: Element = {"type": "message"}
    if text:
        out["text"] = text
    if card is not None:
        out["attachments"] = [{"contentType": CARD_TYPE, "content": card}]
    if summary:
        out["summary"] = summary
    return out


def invoke_response(new_card: Element) -> Element:
    """The answer to an adaptiveCard/action invoke that replaces the card in place."""
    return {"statusCode": 200, "type": CARD_TYPE, "value": new_card}


def invoke_message(said: str) -> Element:
    """The answer that leaves the card as it is and shows a short message instead."""
    return {"statusCode": 200, "type": "application/vnd.microsoft.activity.message", "value": said}


def invoke_error(said: str, *, status: Literal[400, 500] = 400) -> Element:
    """The answer for a press that cannot be handled (a stale card, say)."""
    code = "BadRequest" if status == 400 else "InternalServerError"
    return {
        "statusCode": status,
        "type": "application/vnd.microsoft.error",
        "value": {"code": code, "message": said},
    }


def card_action(activity: Mapping[str, Any]) -> tuple[str, dict[str, Any]] | None:
    """The verb and data of an adaptiveCard/action invoke (inputs merged in), else None."""
    if activity.get("type") != "invoke" or activity.get("name") != "adaptiveCard/action":
        return None
    value = activity.get("value")
    action = value.get("action") if isinstance(value, Mapping) else None
    if not isinstance(action, Mapping):
        return None
    data = action.get("data")
    data = dict(data) if isinstance(data, Mapping) else {}
    verb = action.get("verb") or data.get("action")
    return (str(verb), data) if verb else None
