"""Risks where they are due: a review in its owner's daily DM, a worse rating in the weekly
digest, both rendered for Slack and the console."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.slack import notify as slack_notify
from store import people, risks
from store.models import OutboxMessage, Plan, Risk
from tests.bot.test_sweep import MONDAY, at, dm_for, messages, person_id, sweeper
from tests.plan_builder import Chat, build_plan


@pytest.fixture
def plan(db: sessionmaker[Session], now: datetime) -> Chat:
    """The test plan with two risks: Sam's R1 due for review today, Jane's R2 next month."""
    with db.begin() as s:
        build_plan(s, now)
    chat = Chat(db, now - timedelta(days=10))
    chat.say("amira.khan", '/risk add "Recruitment" owner @sam.patel rating 4x4 review 16/11/2026')
    chat.say("amira.khan", '/risk add "Court delays" owner @jane.smith rating 3x3')
    return chat


def _risk(db: sessionmaker[Session], code: str) -> Risk:
    with db() as s:
        found = risks.by_code(s, s.scalars(select(Plan)).one().id, code)
        assert found is not None
        return found


def test_a_risk_due_for_review_joins_its_owners_dm(db: sessionmaker[Session], plan: Chat) -> None:
    """Sam's one DM lists his actions, then R1 with what to type; Jane's has no risk."""
    sweeper(db).run(at(MONDAY))
    (sam,) = dm_for(db, "Sam Patel")
    assert sam.text.startswith(
        "Good morning Sam. 3 actions and 1 risk in ILACS improvement plan need you today:"
    )
    assert "Risks due for review\n🔴 R1 Recruitment · 4x4 (16, red)\n" in sam.text
    assert "    Review due today: /risk review R1 [note]" in sam.text
    assert "Risks due for review" not in dm_for(db, "Jane Smith")[0].text
    assert _risk(db, "R1").reminded_on == MONDAY


def test_review_reminders_repeat_weekly_until_reviewed(
    db: sessionmaker[Session], plan: Chat
) -> None:
    """Not the next day; a week later again; not after a review."""
    sweeper(db).run(at(MONDAY))
    sweeper(db).run(at(MONDAY + timedelta(days=1)))
    assert ["R1" in m.text for m in dm_for(db, "Sam Patel")] == [True]  # nothing on Tuesday
    sweeper(db).run(at(MONDAY + timedelta(days=7)))
    assert "Review due since Mon 16 Nov 2026 (7 days)" in dm_for(db, "Sam Patel")[-1].text
    Chat(db, at(MONDAY + timedelta(days=8), 10)).say("sam.patel", "/risk review R1 Done")
    sweeper(db).run(at(MONDAY + timedelta(days=14)))
    assert "R1" not in dm_for(db, "Sam Patel")[-1].text


def test_a_risk_alone_is_a_dm(db: sessionmaker[Session], plan: Chat) -> None:
    """An owner with no action to chase still hears about a review, in a DM of its own."""
    plan.say("amira.khan", "/risk edit R2 review 16/11/2026")
    sweeper(db).run(at(MONDAY))
    (jane,) = dm_for(db, "Jane Smith")
    assert "1 action and 1 risk" in jane.text
    plan.say("amira.khan", "/risk edit R2 owner @val.jones")
    sweeper(db).run(at(MONDAY + timedelta(days=7)))
    val = dm_for(db, "Val Jones")
    assert val and val[0].text.startswith(
        "Good morning Val. 1 risk in ILACS improvement plan needs"
    )


def test_away_owner_closed_risk_and_the_setting(db: sessionmaker[Session], plan: Chat) -> None:
    """An away owner's review goes to their delegate; a closed risk is never chased; a plan
    lead turns the kind off with /plan reminders risk off."""
    with db.begin() as s:
        sam = people.by_email(s, "sam.patel@council.gov.uk")
        jane = people.by_email(s, "jane.smith@council.gov.uk")
        assert sam is not None and jane is not None
        sam.away_until, sam.delegate_id = MONDAY + timedelta(days=3), jane.id
    sweeper(db).run(at(MONDAY))
    assert "R1 Recruitment" in dm_for(db, "Jane Smith")[0].text
    assert Chat(db, at(MONDAY, 12)).say("amira.khan", "/plan reminders risk off") == (
        "Risk review reminders: off (ILACS improvement plan)."
    )
    sweeper(db).run(at(MONDAY + timedelta(days=7)))
    assert "R1" not in dm_for(db, "Sam Patel")[-1].text
    Chat(db, at(MONDAY, 12)).say("amira.khan", "/plan reminders risk on")
    Chat(db, at(MONDAY, 12)).say("sam.patel", "/risk close R1")
    sweeper(db).run(at(MONDAY + timedelta(days=14)))
    assert all("R1" not in m.text for m in messages(db, "reminder")[-3:])


def test_a_dry_run_does_not_count_as_reminded(db: sessionmaker[Session], plan: Chat) -> None:
    """A dry run queues nothing, so the risk is reminded about at the real sweep."""
    sweeper(db).run(at(MONDAY), dry_run=True)
    assert _risk(db, "R1").reminded_on is None


def test_slack_shows_a_review_as_text_without_buttons(
    db: sessionmaker[Session], plan: Chat
) -> None:
    """The actions keep their buttons; the risk is a line of text saying what to type."""
    sweeper(db).run(at(MONDAY))
    target = f"person:{person_id(db, 'Sam Patel')}"
    with db() as s:
        payload = s.scalars(
            select(OutboxMessage.payload).where(OutboxMessage.target == target)
        ).one()
    message = slack_notify.message(payload)
    last = message["blocks"][-1]
    assert last["type"] == "section" and "*R1* Recruitment" in last["text"]["text"]
    assert "/risk review R1" in last["text"]["text"]
    assert sum(b["type"] == "actions" for b in message["blocks"]) == 3


def test_digest_lists_risks_rated_worse_since_the_last_one(
    db: sessionmaker[Session], plan: Chat
) -> None:
    """A worse rating goes into the digest with its reason; a better one and a new risk do not."""
    sweeper(db).run(at(MONDAY))  # this week's digest
    week = Chat(db, at(MONDAY + timedelta(days=2), 10))
    week.say("sam.patel", "/risk rate R1 5x4 because two team managers left")
    week.say("jane.smith", "/risk rate R2 2x3 because the court added sittings")
    week.say("amira.khan", '/risk add "Budget" owner @amira.khan rating 5x5')
    sweeper(db).run(at(MONDAY + timedelta(days=7)))
    digest = messages(db, "digest")[-1].text
    assert "· Risks worse: 1" in digest
    assert (
        "Risks worse since the last digest\n"
        "🔴 R1 Recruitment: 5x4 (20, red), was 4x4 (16, red), because two team managers left "
        "· Sam Patel"
    ) in digest
    assert "R2" not in digest.split("Risks worse since")[1] and "R3" not in digest
    assert "Risks worse" not in messages(db, "digest")[0].text


def test_app_home_lists_my_risks_due_first(db: sessionmaker[Session], plan: Chat) -> None:
    """The dashboard view-model has the person's risks, due ones first, and plan leads see
    each plan's risks by band with those due for review."""
    from commands.boundary import serve
    from commands.context import Who
    from commands.home import HomeView, build

    plan.say("amira.khan", '/risk add "Budget" owner @sam.patel rating 5x5 review 01/12/2026')
    now = at(MONDAY, 10)
    sam = serve(Who("console", "console", "sam.patel"), build, sessions=db, clock=lambda: now)
    assert isinstance(sam.view, HomeView)
    assert [(r.line.code, r.line.review_due) for r in sam.view.risks] == [
        ("R1", True), ("R3", False),
    ]  # fmt: skip
    lead = serve(Who("console", "console", "amira.khan"), build, sessions=db, clock=lambda: now)
    assert isinstance(lead.view, HomeView)
    (overview,) = lead.view.overviews
    assert (overview.risk_counts, overview.risks_due) == (
        [("red", 2), ("amber", 1), ("green", 0)], ["R1"],
    )  # fmt: skip
    from bot.slack import home as slack_home

    home = slack_home.view(sam.view)
    texts = [str(b.get("text", {}).get("text", "")) for b in home["blocks"]]
    at_risks = texts.index("My risks")
    assert "*(due: /risk review R1)*" in texts[at_risks + 1]
    assert texts[at_risks + 2].startswith(":red_circle: *R3* Budget")
    assert date(2026, 12, 1) > MONDAY
