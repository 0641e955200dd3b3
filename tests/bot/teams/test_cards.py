"""Adaptive Cards for Teams: valid by Microsoft's schema, safe with hostile text, buttons that
both SDKs' routers understand, and the invoke answer that swaps the card in place."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from microsoft_teams.api import ActivityTypeAdapter, AdaptiveCardInvokeActivity
from microsoft_teams.api.models import (
    AdaptiveCardActionCardResponse,
    AdaptiveCardActionMessageResponse,
)
from microsoft_teams.cards import AdaptiveCard

from bot.teams import cards
from bot.teams.cards import (
    card,
    choice_set,
    column,
    columns,
    container,
    date_input,
    execute,
    facts,
    field,
    show_card,
    text,
    text_input,
)
from tests.fakes.teams import card_action

SCHEMA = json.loads(
    (Path(__file__).parents[2] / "fixtures/teams/adaptive-card-1.5.schema.json").read_text()
)
VALIDATOR = jsonschema.Draft6Validator(SCHEMA)
HOSTILE = "**Approved** by <at>Everyone</at> - see [this](http://evil.example) <b>now</b>"


def assert_valid(built: dict[str, Any]) -> None:
    """Valid by the official Adaptive Card 1.5 schema, and readable by the Teams SDK's model."""
    problems = [f"{list(e.absolute_path)}: {e.message[:200]}" for e in VALIDATOR.iter_errors(built)]
    assert problems == []
    assert AdaptiveCard.model_validate(built).model_dump(by_alias=True, exclude_none=True) == built


def reminder(errors: dict[str, str] | None = None) -> dict[str, Any]:
    errors = errors or {}
    update = card(
        field(
            choice_set("rag", "RAG", [("Green", "green"), ("Amber", "amber"), ("Red", "red")]),
            error=errors.get("rag"),
        ),
        field(date_input("due", "Due", value=date(2026, 11, 20)), error=errors.get("due")),
        field(
            text_input("note", "Note", multiline=True, max_length=500, required=True),
            error=errors.get("note"),
        ),
        actions=[execute("Save", "action.update", plan="north", ref="4.2", style="positive")],
    )
    return card(
        text("Action 4.2 is due on Friday", size="Medium", weight="Bolder"),
        columns(
            column(text("Owner", subtle=True), width="auto"),
            column(text("Ann O'Brien & team")),
        ),
        facts(("RAG", "Amber"), ("Last note", HOSTILE)),
        container(text("Backlog cleared", color="Good"), style="emphasis"),
        actions=[
            execute("Mark done", "action.done", plan="north", ref="4.2"),
            show_card("Update", update),
            execute("Not me", "action.disown", plan="north", ref="4.2", inputs="none"),
        ],
        fallback_text="Action 4.2 is due on Friday",
    )


def test_reminder_card_is_valid() -> None:
    """A full reminder card (text, columns, facts, buttons, a form) passes Microsoft's schema."""
    assert_valid(reminder())


def test_card_with_field_errors_is_valid_and_shows_them() -> None:
    """A rejected form comes back with each field's message under it, in red."""
    built = reminder({"due": "The date must be after today", "note": "Say what changed"})
    assert_valid(built)
    form = built["actions"][1]["card"]
    due, note = form["body"][1]["items"], form["body"][2]["items"]
    assert due[1] == {
        "type": "TextBlock",
        "text": "The date must be after today",
        "wrap": True,
        "size": "Small",
        "color": "Attention",
        "id": "due-error",
    }
    assert note[1]["text"] == "Say what changed"
    assert len(form["body"][0]["items"]) == 1  # no error, no slot


def test_user_text_is_escaped_everywhere_it_is_rendered() -> None:
    """A hostile note is escaped in text blocks and facts, so Teams shows it as typed."""
    built = reminder()
    note = built["body"][2]["facts"][1]["value"]
    assert note == cards.escape(HOSTILE)
    assert "<at>" not in json.dumps(built)
    assert built["body"][1]["columns"][1]["items"][0]["text"] == "Ann O'Brien & team"


def test_buttons_carry_the_verb_twice_and_our_data() -> None:
    """Action.Execute sets verb and data.action (each SDK routes on one) plus plan and ref."""
    done = execute("Mark done", "action.done", plan="north", ref="4.2")
    assert done["verb"] == "action.done"
    assert done["data"] == {"action": "action.done", "plan": "north", "ref": "4.2"}
    with pytest.raises(ValueError, match="action"):
        execute("Oops", "x", action="y")


def test_inputs_are_labelled_and_required_ones_explain_themselves() -> None:
    """Each input has a label; a required one says what is missing if left empty."""
    note = text_input("note", "Note", required=True)
    assert note["label"] == "Note"
    assert note["isRequired"] is True
    assert note["errorMessage"] == "Note is needed"
    due = date_input("due", "Due", value=date(2026, 11, 20), earliest=date(2026, 11, 16))
    assert (due["value"], due["min"]) == ("2026-11-20", "2026-11-16")


def test_invoke_response_replaces_the_card() -> None:
    """The answer to a button press is the envelope Teams expects, carrying the new card."""
    new = reminder()
    answer = cards.invoke_response(new)
    assert answer == {
        "statusCode": 200,
        "type": "application/vnd.microsoft.card.adaptive",
        "value": new,
    }
    parsed = AdaptiveCardActionCardResponse.model_validate(answer)
    assert parsed.model_dump(by_alias=True, exclude_none=True) == answer
    AdaptiveCardActionMessageResponse.model_validate(cards.invoke_message("Saved"))
    # The Teams SDK's model also demands innerHttpError; the Agents SDK's factory sends code+message.
    assert cards.invoke_error("This card is out of date") == {
        "statusCode": 400,
        "type": "application/vnd.microsoft.error",
        "value": {"code": "BadRequest", "message": "This card is out of date"},
    }


def test_button_press_is_read_back_with_inputs() -> None:
    """A press arrives as adaptiveCard/action: its verb, our data and the form's values."""
    button = execute("Save", "action.update", plan="north", ref="4.2")
    activity = card_action(
        button["verb"],
        button["data"],
        service_url="https://smba.trafficmanager.net/amer/",
        inputs={"rag": "green", "note": "Backlog cleared"},
    )
    assert isinstance(ActivityTypeAdapter.validate_python(activity), AdaptiveCardInvokeActivity)
    assert cards.card_action(activity) == (
        "action.update",
        {
            "action": "action.update",
            "plan": "north",
            "ref": "4.2",
            "rag": "green",
            "note": "Backlog cleared",
        },
    )
    assert cards.card_action({"type": "message", "text": "hi"}) is None


def test_message_wraps_a_card_as_an_attachment() -> None:
    """A card goes out as an Adaptive Card attachment, with optional text above it."""
    built = reminder()
    assert cards.message(text="Reminder", card=built) == {
        "type": "message",
        "text": "Reminder",
        "attachments": [
            {"contentType": "application/vnd.microsoft.card.adaptive", "content": built}
        ],
    }


def test_refresh_gives_each_owner_their_own_view() -> None:
    """A refresh action (for up to 60 named users) is valid and carries our data."""
    built = card(
        text("Your actions"),
        refresh=execute("Refresh", "plan.refresh", plan="north"),
        refresh_for=["29:1ann", "29:1sam"],
    )
    assert_valid(built)
    assert built["refresh"]["userIds"] == ["29:1ann", "29:1sam"]
    with pytest.raises(ValueError, match="at most 60 users"):
        card(
            text("x"),
            refresh=built["refresh"]["action"],
            refresh_for=[f"29:{n}" for n in range(61)],
        )


def test_schema_catches_a_broken_card() -> None:
    """The schema check is real: a misspelt element or a missing text fails it."""
    for broken in (
        {"type": "AdaptiveCard", "version": "1.5", "body": [{"type": "TextBlok", "text": "x"}]},
        {"type": "AdaptiveCard", "version": "1.5", "body": [{"type": "TextBlock"}]},
    ):
        assert list(VALIDATOR.iter_errors(broken))
