"""Slash commands over real HTTP: the reply comes back in the ack, signed requests only."""

from __future__ import annotations

import time

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from store import people
from store.models import Action, Plan, Update
from tests.bot.slack_rig import TEAM, SlackRig, wait_until
from tests.fakes.slack import FakeSlack


def _status(db: sessionmaker[Session], ref: str) -> str:
    with db() as s:
        return s.scalars(select(Action.status).where(Action.ref == ref)).one()


def test_owner_update_is_acknowledged_with_reply(rig: SlackRig, db: sessionmaker[Session]) -> None:
    """/action update by the owner answers at once, ephemerally, and the change is stored with via slack."""
    answer = rig.command("UJANE", "/action update 4.2 green Backlog cleared")
    assert answer.status == 200
    body = answer.json()
    assert body["text"].splitlines() == [
        "Updated *4.2* Clear the assessment backlog",
        "• Status: amber → green",
        "• Note: Backlog cleared",
    ]
    assert body["response_type"] == "ephemeral"
    assert _status(db, "4.2") == "green"
    with db() as s:
        update = s.scalars(select(Update).order_by(Update.id.desc())).first()
        assert update is not None and update.via == "slack"


def test_typo_gets_suggestion(rig: SlackRig) -> None:
    """A mistyped status is answered with the nearest word and the usage line."""
    text = rig.command("UJANE", "/action update 4.2 gren").json()["text"]
    assert text.startswith("'gren' is not a status. Did you mean green?")
    # Slack shows &lt;ref&gt; as <ref>; a raw < would start a Slack link.
    assert "Usage: `/action update &lt;ref&gt; &lt;status&gt; [note]`" in text


def test_viewer_refused_with_who_can(rig: SlackRig, db: sessionmaker[Session]) -> None:
    """A viewer's update is refused, names who can act, and changes nothing."""
    text = rig.command("UVAL", "/action 4.2 red").json()["text"]
    assert (
        text
        == "Only the owner (Jane Smith), the theme lead (Tom Lee) or a plan lead (Amira Khan) can update 4.2."
    )
    assert _status(db, "4.2") == "amber"


def test_unknown_slack_user_is_matched_by_email(
    rig: SlackRig, fake: FakeSlack, db: sessionmaker[Session]
) -> None:
    """Someone Slack has not introduced is looked up (users.info), matched by email, and answered."""
    first = rig.command("USAM", "/action 4.3 green Plans reviewed")
    assert first.json()["text"] == "One moment: finding you in the plan…"
    (reply,) = fake.wait_for("response/USAM")
    assert reply.body["text"].startswith("Updated *4.3*")
    assert fake.calls("users.info")[0].body["user"] == "USAM"
    assert _status(db, "4.3") == "green"
    with db() as s:
        assert people.by_identity(s, "slack", TEAM, "USAM") is not None
    # Known from now on: the next command is answered in the ack itself.
    assert (
        rig.command("USAM", "/action show 4.3")
        .json()["text"]
        .startswith(":large_green_circle: *4.3*")
    )


def test_stranger_told_to_ask_plan_lead(rig: SlackRig, fake: FakeSlack) -> None:
    """A Slack user whose email is not in any plan is told who can add them."""
    fake.add_user("UNEW", "New Person", "new.person@elsewhere.gov.uk")
    rig.command("UNEW", "/action list")
    (reply,) = fake.wait_for("response/UNEW")
    assert reply.body["text"] == (
        "I don't know you yet: ask a plan lead (Amira Khan) to add your email "
        "(new.person@elsewhere.gov.uk) to the plan."
    )


def test_forged_signature_is_refused(rig: SlackRig, db: sessionmaker[Session]) -> None:
    """A request signed with the wrong secret gets 401 and changes nothing."""
    answer = rig.command("UJANE", "/action 4.2 green", signature="v0=" + "0" * 64)
    assert answer.status == 401
    assert _status(db, "4.2") == "amber"


def test_stale_request_is_refused(rig: SlackRig, db: sessionmaker[Session]) -> None:
    """A correctly signed request older than five minutes gets 401 (a replay) and changes nothing."""
    answer = rig.command("UJANE", "/action 4.2 green", timestamp=int(time.time()) - 6 * 60)
    assert answer.status == 401
    assert _status(db, "4.2") == "amber"


def test_mentions_and_links_in_notes_are_escaped(rig: SlackRig) -> None:
    """A note with <!channel>, <@U…> or a disguised link comes back as text, never as a ping or link."""
    note = "<!channel> <!here> <@UAMIRA> <https://evil.example|intranet> & more"
    text = rig.command("UJANE", f"/action update 4.2 green {note}").json()["text"]
    assert (
        "• Note: &lt;!channel&gt; &lt;!here&gt; &lt;@UAMIRA&gt; &lt;https://evil.example|intranet&gt; &amp; more"
        in text
    )
    shown = rig.command("UVAL", "/action show 4.2").json()["text"]
    assert "<!channel>" not in shown and "<https://" not in shown and "<@UAMIRA>" not in shown


def test_mention_of_new_person_is_matched_by_email(
    rig: SlackRig, fake: FakeSlack, db: sessionmaker[Session]
) -> None:
    """Assigning with a Slack mention of someone not yet linked finds them by their Slack email."""
    text = rig.command("UAMIRA", "/action assign 4.2 <@USAM|sam>").json()["text"]
    assert "• Owner: Jane Smith → Sam Patel" in text


def test_public_confirmation_posted_to_plan_channel(
    rig: SlackRig, fake: FakeSlack, db: sessionmaker[Session]
) -> None:
    """A plan that announces status changes gets a one-line post in its channel."""
    with db.begin() as s:
        plan = s.scalars(select(Plan)).one()
        plan.public_confirmations = True
        plan.channel = "C0PLAN"
    rig.command("UJANE", "/action 4.2 green")
    (post,) = fake.wait_for("chat.postMessage")
    assert post.body["channel"] == "C0PLAN"
    assert (
        post.body["text"]
        == "Jane Smith updated *4.2* Clear the assessment backlog: status amber → green."
    )


def test_health_check(rig: SlackRig) -> None:
    """GET /healthz answers 200 for load balancers."""
    answer = rig.get("/healthz")
    assert (answer.status, answer.body) == (200, "ok\n")


def test_change_refreshes_app_home(rig: SlackRig, fake: FakeSlack) -> None:
    """After an owner's change, their App Home is re-published with the new status."""
    rig.command("UJANE", "/action 4.2 red Two posts vacant")
    published = wait_until(
        lambda: [c for c in fake.calls("views.publish") if c.body["user_id"] == "UJANE"]
    )
    assert ":red_circle: *4.2* Clear the assessment backlog" in str(published[-1].body["view"])
