"""Buttons on Teams cards (Action.Execute): the press applies the command with its permissions
and history, and the invoke answer carries the card with a receipt; a double press applies
once; Add update… swaps in a form whose mistakes show on their field."""

from __future__ import annotations

import threading
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from store.models import Action, Update
from tests.bot.teams.rig import PEOPLE, Response, TeamsRig, buttons, card_of, seen, texts
from tests.fakes.teams import TEAM_ID, FakeTeams


@pytest.fixture
def reminders(rig: TeamsRig, teams: FakeTeams) -> dict[str, dict[str, Any]]:
    """Each person's reminder card, as the morning's sweep sent it, by first name."""
    teams.add_member(TEAM_ID, *PEOPLE.values())
    rig.install("team")
    teams.wait_for(1, "send")
    assert rig.app is not None
    rig.app.sweeper().run(rig.now)
    rig.app.sender(backoff=0.0).drain(deadline=20)
    found = {}
    for call in teams.calls("send"):
        if seen(call).startswith("Good morning"):
            found[seen(call).split()[2].rstrip(".")] = call.body
    return found


@pytest.fixture
def card(reminders: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Jane's reminder card (4.2 is hers)."""
    return reminders["Jane"]


def _action(db: sessionmaker[Session], ref: str) -> Action:
    with db() as s:
        return s.scalars(select(Action).where(Action.ref == ref)).one()


def _press(
    rig: TeamsRig,
    handle: str,
    card: dict[str, Any],
    title: str,
    ref: str = "4.2",
    inputs: dict[str, Any] | None = None,
) -> Response:
    answer = rig.press(handle, buttons(card, ref)[title], inputs)
    assert answer.status == 200 and answer.seconds < 5
    return answer


def test_press_applies_and_answers_with_the_new_card(
    rig: TeamsRig, card: dict[str, Any], db: sessionmaker[Session]
) -> None:
    """Green on 4.2: the action is green (history via teams), and the card shows who did it, with 4.2's buttons gone."""
    answer = _press(rig, "jane.smith", card, "Green")
    new = answer.body
    assert new["statusCode"] == 200 and new["type"] == "application/vnd.microsoft.card.adaptive"
    assert "✅ Set to green by Jane Smith, Mon 16 Nov 2026 10:00" in seen(new)
    assert buttons(new, "4.2") == {}
    assert _action(db, "4.2").status == "green"
    with db() as s:
        assert s.scalars(select(Update.via).order_by(Update.id.desc())).first() == "teams"
    # The rest of the card is as it was.
    assert seen(new).startswith("Good morning Jane.")


def test_double_press_applies_once(
    rig: TeamsRig, card: dict[str, Any], db: sessionmaker[Session]
) -> None:
    """Two presses of Complete at once complete 4.2 once; both answers show the card with it done."""
    answers: list[Response] = []
    presses = [
        threading.Thread(target=lambda: answers.append(_press(rig, "jane.smith", card, "Complete")))
        for _ in range(2)
    ]
    for t in presses:
        t.start()
    for t in presses:
        t.join()
    assert all(buttons(a.body, "4.2") == {} for a in answers)
    assert any("✅ Marked complete by Jane Smith" in seen(a.body) for a in answers)
    with db() as s:
        action = s.scalars(select(Action).where(Action.ref == "4.2")).one()
        completions = [
            u
            for u in s.scalars(select(Update).where(Update.action_id == action.id))
            if any(c.field == "status" and c.new == "complete" for c in u.changes)
        ]
    assert action.status == "complete" and len(completions) == 1
    # A later press of another button of 4.2 (a stale copy of the card) changes nothing.
    again = _press(rig, "jane.smith", card, "Red")
    assert _action(db, "4.2").status == "complete"
    assert "✅ Marked complete by Jane Smith" in seen(again.body)


def test_presses_on_one_card_keep_each_receipt(
    rig: TeamsRig, reminders: dict[str, dict[str, Any]], db: sessionmaker[Session]
) -> None:
    """Sam snoozes 1.10, then sets 4.3 to amber: the second card keeps the first receipt too, and 1.9 its buttons."""
    sam = reminders["Sam"]
    _press(rig, "sam.patel", sam, "Snooze a week", ref="1.10")
    second = _press(rig, "sam.patel", sam, "Amber", ref="4.3").body
    assert "✅ Snoozed for a week by Sam Patel" in seen(second)
    assert "✅ Set to amber by Sam Patel" in seen(second)
    assert buttons(second, "1.10") == {} and buttons(second, "4.3") == {}
    assert len(buttons(second, "1.9")) == 6
    assert _action(db, "1.10").snoozed_until == rig.now.date() + timedelta(days=7)
    assert _action(db, "4.3").status == "amber"


def test_refused_press_keeps_the_buttons_and_says_why(
    rig: TeamsRig, card: dict[str, Any], db: sessionmaker[Session]
) -> None:
    """Someone who may not update 4.2 is told who can, under the action, and its buttons stay."""
    answer = _press(rig, "val.jones", card, "Red")
    assert "Only the owner (Jane Smith)" in seen(answer.body)
    assert len(buttons(answer.body, "4.2")) == 6
    assert _action(db, "4.2").status == "amber"


def test_form_shows_a_mistake_on_its_field_then_saves(
    rig: TeamsRig, card: dict[str, Any], db: sessionmaker[Session]
) -> None:
    """Add update… opens the form; a new date without a reason is refused on the reason field, what was typed kept; with a reason it saves."""
    form = _press(rig, "jane.smith", card, "Add update…").body
    inputs = {n["id"]: n for n in _inputs(form)}
    assert inputs["status"]["value"] == "amber"
    assert inputs["due"]["value"] == _action(db, "4.2").due_date.isoformat()  # type: ignore[union-attr]
    typed = {
        "status": "green",
        "note": "Backlog cleared <at>Everyone</at>",
        "evidence": "EV-QA-011",
        "due": "2027-03-31",
        "reason": "",
    }
    refused = rig.press("jane.smith", card_of(form)["actions"][0], typed).body
    reason = next(n for n in _walk(card_of(refused)) if n.get("id") == "reason-field")
    assert "Say why the due date moves: the reason is kept in the history." in texts(
        {
            "type": "application/vnd.microsoft.card.adaptive",
            "value": {"type": "AdaptiveCard", "version": "1.5", "body": [reason]},
        }
    )
    assert {n["id"]: n.get("value") for n in _inputs(refused)}["note"] == typed["note"]
    assert _action(db, "4.2").status == "amber"
    saved = rig.press(
        "jane.smith", card_of(refused)["actions"][0], {**typed, "reason": "Recruitment delayed"}
    ).body
    action = _action(db, "4.2")
    assert (action.status, action.due_date, action.latest_note) == (
        "green",
        date(2027, 3, 31),
        "Backlog cleared <at>Everyone</at>",
    )
    assert "✅ Updated: evidence added; due date" in seen(saved)
    assert "status amber → green by Jane Smith" in seen(saved)
    assert buttons(saved, "4.2") == {}


def test_cancel_brings_the_card_back(
    rig: TeamsRig, card: dict[str, Any], db: sessionmaker[Session]
) -> None:
    """Cancel on the form puts the reminder back as it was, nothing changed."""
    form = _press(rig, "jane.smith", card, "Add update…").body
    back = rig.press("jane.smith", card_of(form)["actions"][1]).body
    assert seen(back) == seen(card) and len(buttons(back, "4.2")) == 6


def test_a_button_that_is_not_ours_is_explained(rig: TeamsRig, card: dict[str, Any]) -> None:
    """A press whose data we did not make (an old card, a forgery) is answered with what to type."""
    answer = rig.press(
        "jane.smith",
        {
            "verb": "improvebot.green",
            "data": {"action": "improvebot.green", "card": "nope", "plan": "ilacs", "ref": "4.2"},
        },
    )
    assert answer.body["type"] == "application/vnd.microsoft.activity.message"
    assert "Type the command instead" in answer.body["value"]


def test_dashboard_lists_my_actions_with_buttons(
    rig: TeamsRig, teams: FakeTeams, db: sessionmaker[Session]
) -> None:
    """`dashboard` shows my open actions soonest first, with buttons that work; a plan lead also sees the overview."""
    rig.link("sam.patel", "amira.khan")
    rig.say("sam.patel", "dashboard")
    [sam] = teams.wait_for(1, "send")
    shown = seen(sam)
    assert shown.startswith("My actions")
    assert shown.index("1.9") < shown.index("4.3") < shown.index("1.10")
    assert "Plan overview" not in shown
    pressed = _press(rig, "sam.patel", sam.body, "Complete", ref="4.3").body
    assert "✅ Marked complete by Sam Patel" in seen(pressed)
    assert _action(db, "4.3").status == "complete"
    rig.say("amira.khan", "dashboard")
    amira = teams.wait_for(2, "send")[1]
    assert "Plan overview: ILACS improvement plan" in seen(amira) and "Overdue: 1" in seen(amira)


def _walk(node: Any) -> list[dict[str, Any]]:
    found = []
    if isinstance(node, dict):
        found.append(node)
        for value in node.values():
            found += _walk(value)
    elif isinstance(node, list):
        for value in node:
            found += _walk(value)
    return found


def _inputs(message: dict[str, Any]) -> list[dict[str, Any]]:
    return [n for n in _walk(card_of(message)) if str(n.get("type", "")).startswith("Input.")]
