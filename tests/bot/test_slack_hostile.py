"""Hostile and broken requests against the real server: refused before parsing, applied at
most once, and nothing they carry reaches a message as a ping, a fake line or a crash."""

from __future__ import annotations

import http.client
import urllib.request
from urllib.parse import urlencode

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from store.models import Action, Update
from tests.bot.slack_rig import SlackRig, _send
from tests.fakes.slack import FakeSlack


def _action(db: sessionmaker[Session], ref: str) -> Action:
    with db() as s:
        return s.scalars(select(Action).where(Action.ref == ref)).one()


def _notes(db: sessionmaker[Session]) -> list[str]:
    with db() as s:
        return [n for n in s.scalars(select(Update.note).order_by(Update.id)) if n]


def test_timestamp_that_is_not_a_number_gets_401(rig: SlackRig, db: sessionmaker[Session]) -> None:
    """X-Slack-Request-Timestamp: abc is refused with 401 (not a 500) and changes nothing."""
    body = urlencode({"command": "/action", "text": "4.2 green", "user_id": "UJANE"})
    request = urllib.request.Request(
        rig.url + "/slack/events",
        data=body.encode(),
        method="POST",
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Slack-Request-Timestamp": "abc",
            "X-Slack-Signature": "v0=" + "0" * 64,
        },
    )
    assert _send(request).status == 401
    assert _action(db, "4.2").status == "amber"


def test_unsigned_json_that_is_not_json_gets_401(rig: SlackRig) -> None:
    """An unsigned application/json POST whose body is not JSON is refused before parsing."""
    request = urllib.request.Request(
        rig.url + "/slack/events",
        data=b"{not json",
        method="POST",
        headers={"Content-Type": "application/json"},
    )
    answer = _send(request)
    assert answer.status == 401
    assert "Traceback" not in answer.body


def test_a_megabyte_body_gets_413_unread(rig: SlackRig, db: sessionmaker[Session]) -> None:
    """A request announcing a 2 MB body is refused with 413 before the body is read."""
    host, port = rig.url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    connection.putrequest("POST", "/slack/events")
    connection.putheader("Content-Type", "application/x-www-form-urlencoded")
    connection.putheader("Content-Length", str(2_000_000))
    connection.endheaders()
    connection.send(b"command=%2Faction&text=note+4.2+")  # and nothing more
    answer = connection.getresponse()
    assert answer.status == 413
    connection.close()
    assert _action(db, "4.2").latest_note != "x"


def test_a_long_note_is_refused_with_the_limit(rig: SlackRig, db: sessionmaker[Session]) -> None:
    """A 10,000-character note is refused with the limit in the message; nothing is stored."""
    before = _notes(db)
    text = rig.command("UJANE", "/action note 4.2 " + "y" * 10_000).json()["text"]
    assert "the most I take is 4,000" in text
    assert _notes(db) == before


def test_replayed_command_applies_once(rig: SlackRig, db: sessionmaker[Session]) -> None:
    """The same signed request sent three times is answered each time but applied once."""
    replies = [
        rig.command("UJANE", "/action note 4.2 Audit booked", trigger_id="777.1").json()["text"]
        for _ in range(3)
    ]
    assert replies[0].startswith("Updated *4.2*")
    assert replies[1:] == ["That was already done: nothing changed this time."] * 2
    assert _notes(db).count("Audit booked") == 1


def test_button_with_a_malformed_value_is_answered(rig: SlackRig, fake: FakeSlack) -> None:
    """A press whose value is not one the bot made gets an ephemeral answer, not silence."""
    rig.press("UJANE", "improvebot:set_green", "act|x|4.2", "not json {", message=None)
    (answer,) = fake.wait_for("response/press-UJANE")
    assert answer.body["text"].startswith("That button is not one I can read")


def test_nul_and_controls_are_stripped_before_storing(
    rig: SlackRig, db: sessionmaker[Session]
) -> None:
    """A note with NUL and escape characters is stored without them (PostgreSQL refuses NUL)."""
    text = rig.command("UJANE", "/action note 4.2 Audit\x00 booked\x1b[31m today").json()["text"]
    assert text.startswith("Updated *4.2*")
    assert _action(db, "4.2").latest_note == "Audit booked[31m today"


def test_fake_lines_and_invisible_characters_are_neutralised(rig: SlackRig) -> None:
    """A note cannot fake a line of the reply, reverse text or hide characters."""
    note = "Done\n• Status: red → green\u202egnp.exe\u200b"
    text = rig.command("UJANE", f"/action note 4.2 {note}").json()["text"]
    lines = text.splitlines()
    assert not any(line.startswith("• Status") for line in lines)
    assert "\u202e" not in text and "\u200b" not in text
    assert "• Note: Done / • Status: red → green" in text


def test_event_with_unparseable_json_body_is_refused(rig: SlackRig) -> None:
    """Even correctly signed, a body that is not JSON gets a client error, never a traceback."""
    answer = rig.post("{broken", "application/json")
    assert answer.status == 400
    broken_button = urlencode({"payload": "{not json"})
    assert rig.post(broken_button, "application/x-www-form-urlencoded").status == 400
