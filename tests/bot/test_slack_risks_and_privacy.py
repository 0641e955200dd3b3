"""Over Slack: the update form refuses a note that identifies a child, on the note field; /risk
routes like any other command."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.slack import blocks
from store.models import Action
from tests.bot.slack_rig import SlackRig
from tests.fakes.slack import FakeSlack


def test_the_slack_form_refuses_on_the_note_field(
    rig: SlackRig, fake: FakeSlack, db: sessionmaker[Session], now: datetime
) -> None:
    """Over Slack, the refusal is shown on the form's note field and nothing changes."""
    value = json.dumps({"plan": "ilacs", "ref": "4.2"})
    rig.press("UJANE", blocks.PREFIX + "form", blocks.block_id("ilacs", "4.2"), value, message=None)
    view = fake.wait_for("views.open")[0].body["view"]
    answer = rig.submit("UJANE", view, {
        "status": {"type": "static_select", "selected_option": {"value": "green"}},
        "note": {"type": "plain_text_input", "value": "Tyler Brown born 21/11/2012 visited"},
    })  # fmt: skip
    assert "note" in answer.json()["errors"], answer.body
    assert answer.json()["errors"]["note"].startswith("I did not save the note")
    with db() as s:
        assert s.scalars(select(Action.status).where(Action.ref == "4.2")).one() == "amber"


def test_slash_risk_routes_and_shows_the_heat_map(rig: SlackRig) -> None:
    """/risk is one of the app's slash commands: the heat map comes back in a code block."""
    added = rig.command("UAMIRA", '/risk add "Recruitment" owner @sam.patel rating 4x4')
    assert added.json()["text"].startswith("Added *R1* Recruitment")
    text = rig.command("UJANE", "/risk list").json()["text"]
    assert text.splitlines()[1] == "```" and ":red_circle: *R1* Recruitment" in text
