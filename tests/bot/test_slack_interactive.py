"""Buttons, the update form and App Home, against the real server and a fake Slack."""

from __future__ import annotations

import json
import threading
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.slack import blocks
from bot.slack.blocks import ActionItem
from commands.views import line
from store import history
from store.domain import Status, ref_key
from store.models import Action, Person, Plan, Update
from tests.bot.slack_rig import SlackRig, wait_until
from tests.fakes.slack import FakeSlack, check_blocks


def _reminder(db: sessionmaker[Session], now: datetime, refs: list[str]) -> dict[str, object]:
    """A reminder message as the bot would have posted it."""
    with db() as s:
        plan = s.scalars(select(Plan)).one()
        entries = [
            ActionItem(line(a, plan, now.date()), plan.slug, "Due soon")
            for a in s.scalars(select(Action).where(Action.ref.in_(refs)).order_by(Action.ref_key))
        ]
    text, message_blocks = blocks.reminder("You have 2 actions to look at today.", entries)
    return {"ts": "1700000001.000100", "text": text, "blocks": message_blocks}


def _action(db: sessionmaker[Session], ref: str) -> Action:
    with db() as s:
        return s.scalars(select(Action).where(Action.ref == ref)).one()


def _press(
    rig: SlackRig, message: dict[str, object], kind: str, ref: str, user: str = "UJANE"
) -> None:
    value = json.dumps({"plan": "ilacs", "ref": ref})
    answer = rig.press(
        user, blocks.PREFIX + kind, blocks.block_id("ilacs", ref), value, message=message
    )
    assert answer.status == 200


def test_button_applies_change_and_rewrites_message(
    rig: SlackRig, fake: FakeSlack, db: sessionmaker[Session], now: datetime
) -> None:
    """Pressing Green on a reminder sets the status, then the message says what was done with no buttons left for it."""
    message = _reminder(db, now, ["4.2", "4.3"])
    _press(rig, message, "set_green", "4.2")
    (update,) = fake.wait_for("chat.update")
    assert _action(db, "4.2").status == "green"
    new_blocks = update.body["blocks"]
    assert not any(b.get("block_id") == "act|ilacs|4.2" for b in new_blocks)
    assert any(b.get("block_id") == "act|ilacs|4.3" for b in new_blocks), (
        "other actions keep their buttons"
    )
    receipt = json.dumps(new_blocks)
    assert "Set to green by Jane Smith, Mon 16 Nov 2026 10:00" in receipt
    assert update.body["channel"] == "D0DM" and update.body["ts"] == message["ts"]
    assert check_blocks(update) is None


def test_double_press_applies_once(
    rig: SlackRig, fake: FakeSlack, db: sessionmaker[Session], now: datetime
) -> None:
    """Two presses of the same button at once change the action once; the second is told it was already done."""
    message = _reminder(db, now, ["4.2"])
    presses = [
        threading.Thread(target=_press, args=(rig, message, "done", "4.2")) for _ in range(2)
    ]
    for t in presses:
        t.start()
    for t in presses:
        t.join()
    (told,) = fake.wait_for("response/press-UJANE")
    assert told.body["text"] == "That was already done: nothing changed this time."
    assert len(fake.wait_for("chat.update")) == 1
    with db() as s:
        action = s.scalars(select(Action).where(Action.ref == "4.2")).one()
        completions = [
            u
            for u in s.scalars(select(Update).where(Update.action_id == action.id))
            if any(c.field == "status" and c.new == "complete" for c in u.changes)
        ]
    assert action.status == "complete" and len(completions) == 1


def test_refused_press_explains_and_keeps_buttons(
    rig: SlackRig, fake: FakeSlack, db: sessionmaker[Session], now: datetime
) -> None:
    """A viewer pressing a button is told who can act; the message is not rewritten."""
    message = _reminder(db, now, ["4.2"])
    _press(rig, message, "set_red", "4.2", user="UVAL")
    (told,) = fake.wait_for("response/press-UVAL")
    assert told.body["text"].startswith("Only the owner (Jane Smith)")
    assert fake.calls("chat.update") == []
    assert _action(db, "4.2").status == "amber"


def test_snooze_button(
    rig: SlackRig, fake: FakeSlack, db: sessionmaker[Session], now: datetime
) -> None:
    """Snooze a week stops reminders about that action for seven days."""
    _press(rig, _reminder(db, now, ["4.2"]), "snooze", "4.2")
    fake.wait_for("chat.update")
    assert _action(db, "4.2").snoozed_until == now.date() + timedelta(days=7)


def test_form_error_on_field_then_success(
    rig: SlackRig, fake: FakeSlack, db: sessionmaker[Session], now: datetime
) -> None:
    """Add update… opens a form; a new date without a reason is shown on the field; with a reason it saves."""
    message = _reminder(db, now, ["4.2"])
    _press(rig, message, "form", "4.2")
    (opened,) = fake.wait_for("views.open")
    view = opened.body["view"]
    assert opened.body["trigger_id"] == rig.last_trigger
    assert json.loads(view["private_metadata"])["ts"] == message["ts"]
    values = {
        "status": {"type": "static_select", "selected_option": {"value": "green"}},
        "note": {"type": "plain_text_input", "value": "Backlog cleared <!channel>"},
        "evidence": {"type": "plain_text_input", "value": "EV-QA-011"},
        "due": {"type": "datepicker", "selected_date": "2027-03-31"},
        "reason": {"type": "plain_text_input", "value": None},
    }
    refused = rig.submit("UJANE", view, values)
    assert refused.json() == {
        "response_action": "errors",
        "errors": {"reason": "Say why the due date moves: the reason is kept in the history."},
    }
    assert _action(db, "4.2").status == "amber"
    fake.on("conversations.history", lambda call: {"ok": True, "messages": [message]})
    values["reason"] = {"type": "plain_text_input", "value": "Recruitment delayed"}
    saved = rig.submit("UJANE", view, values)
    assert saved.status == 200 and saved.body in ("", "{}")
    action = _action(db, "4.2")
    assert (action.status, action.due_date, action.latest_note) == (
        "green",
        date(2027, 3, 31),
        "Backlog cleared <!channel>",
    )
    with db() as s:
        assert (
            s.scalars(select(Update.reason).where(Update.reason.is_not(None))).one()
            == "Recruitment delayed"
        )
    (update,) = fake.wait_for("chat.update")
    text = json.dumps(update.body["blocks"])
    assert "Updated: evidence added; due date" in text and "status amber \\u2192 green" in text
    assert "act|ilacs|4.2" not in text


def test_form_refusal_shows_on_status_field(
    rig: SlackRig, fake: FakeSlack, db: sessionmaker[Session], now: datetime
) -> None:
    """A viewer submitting the form sees the refusal on the form, not a crash."""
    _press(rig, _reminder(db, now, ["4.2"]), "form", "4.2", user="UVAL")
    view = fake.wait_for("views.open")[0].body["view"]
    answer = rig.submit(
        "UVAL", view, {"status": {"type": "static_select", "selected_option": {"value": "red"}}}
    )
    assert answer.json()["errors"]["status"].startswith("Only the owner (Jane Smith)")


def test_app_home_lists_my_actions_and_overview(rig: SlackRig, fake: FakeSlack) -> None:
    """Opening App Home shows my open actions soonest first with buttons; a plan lead also sees the overview."""
    rig.event({"type": "app_home_opened", "user": "USAM", "tab": "home"}, event_id="Ev1")
    rig.event({"type": "app_home_opened", "user": "UAMIRA", "tab": "home"}, event_id="Ev2")
    calls = wait_until(
        lambda: len(fake.calls("views.publish")) >= 2 and fake.calls("views.publish")
    )
    by_user = {c.body["user_id"]: c.body["view"] for c in calls}
    sam = json.dumps(by_user["USAM"])
    # Soonest due first: 1.9 (ten days overdue), 4.3 (three days overdue), then 1.10.
    assert sam.index("*1.9*") < sam.index("*4.3*") < sam.index("*1.10*")
    assert "act|ilacs|4.3" in sam and "Plan overview" not in sam
    amira = json.dumps(by_user["UAMIRA"])
    assert "Plan overview" in amira and "*Overdue:* 2" in amira
    for call in calls:
        assert check_blocks(call) is None


def test_retried_event_is_handled_once(rig: SlackRig, fake: FakeSlack) -> None:
    """Slack re-sending an event (same event_id) does not publish App Home twice."""
    for _ in range(3):
        assert (
            rig.event(
                {"type": "app_home_opened", "user": "UJANE", "tab": "home"}, event_id="EvSame"
            ).status
            == 200
        )
    fake.wait_for("views.publish")
    rig.event({"type": "app_home_opened", "user": "UJANE", "tab": "home"}, event_id="EvOther")
    assert len(fake.wait_for("views.publish", 2)) == 2


def test_long_lists_stay_within_block_kit_limits(
    rig: SlackRig, fake: FakeSlack, db: sessionmaker[Session], now: datetime
) -> None:
    """With 150 actions, App Home and a reminder stay within Slack's block limits and say how many more."""
    with db.begin() as s:
        plan = s.scalars(select(Plan)).one()
        jane = s.scalars(select(Person).where(Person.name == "Jane Smith")).one()
        for n in range(1, 151):
            ref = f"9.{n}"
            history.create_action(
                s,
                Action(
                    plan_id=plan.id,
                    ref=ref,
                    ref_key=ref_key(ref),
                    title=f"Action {n} " + "x" * 200,
                    owner_id=jane.id,
                    status=Status.GREEN.value,
                    due_date=now.date() + timedelta(days=n),
                ),
                at=now,
                via="import",
            )
    rig.event({"type": "app_home_opened", "user": "UJANE", "tab": "home"}, event_id="EvBig")
    (call,) = fake.wait_for("views.publish")
    assert check_blocks(call) is None
    assert len(call.body["view"]["blocks"]) <= 100
    assert "more. See them all with /action list mine." in json.dumps(call.body["view"])
    message = _reminder(db, now, [f"9.{n}" for n in range(1, 151)])
    assert len(message["blocks"]) <= 50  # type: ignore[arg-type]
    assert "…and" in json.dumps(message["blocks"], ensure_ascii=False)


def test_rate_limited_publish_is_retried(rig: SlackRig, fake: FakeSlack) -> None:
    """A 429 from Slack is waited out (Retry-After) and the call made again."""
    fake.fail("views.publish", 429, headers={"Retry-After": "1"})
    rig.event({"type": "app_home_opened", "user": "UJANE", "tab": "home"}, event_id="Ev429")
    first, second = fake.wait_for("views.publish", 2, timeout=10)
    assert second.at - first.at >= 0.9


def test_escaping_in_blocks(
    rig: SlackRig, fake: FakeSlack, db: sessionmaker[Session], now: datetime
) -> None:
    """Titles and notes with mentions or links are escaped inside reminder and Home blocks too."""
    with db.begin() as s:
        action = s.scalars(select(Action).where(Action.ref == "4.2")).one()
        action.title = "<!channel> look <https://evil.example|here>"
    message = _reminder(db, now, ["4.2"])
    dumped = json.dumps(message["blocks"])
    assert "<!channel>" not in dumped and "&lt;!channel&gt;" in dumped and "<https://" not in dumped
    rig.event({"type": "app_home_opened", "user": "UJANE", "tab": "home"}, event_id="EvEsc")
    (call,) = fake.wait_for("views.publish")
    assert "<!channel>" not in json.dumps(call.body["view"])
