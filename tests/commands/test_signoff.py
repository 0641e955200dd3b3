"""Sign-off as a state machine, and delegates, as transcripts on Westshire's plan: complete,
awaiting sign-off, signed off or reopened, with a history that says who did which."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy.orm import Session, sessionmaker

from store import history
from store.domain import Via
from tests.plan_builder import Chat
from tests.westshire import action, build_westshire, person


@pytest.fixture
def chat(db: sessionmaker[Session], now: datetime) -> Chat:
    """Westshire's plan, requiring a plan lead's sign-off."""
    with db.begin() as s:
        build_westshire(s, now).require_signoff = True
    return Chat(db, now)


def _pending(db: sessionmaker[Session], ref: str) -> tuple[str, bool]:
    with db() as s:
        found = action(s, ref)
        return found.status, found.signoff_pending


def test_done_awaits_a_plan_lead_who_signs_it_off(chat: Chat, db: sessionmaker[Session]) -> None:
    """An owner's done leaves the action awaiting sign-off, said in the reply, lists and card;
    done again says who signs it off; only the plan lead's signoff closes it."""
    assert chat.say(
        "owen.price", "/action done 2.1 Every contact decided same day"
    ).splitlines() == [
        "Updated 2.1 Decide every contact within one working day",
        "• Status: amber → complete",
        "• Sign-off: none → awaiting sign-off",
        "• Note: Every contact decided same day",
        "It now awaits sign-off by a plan lead (Grace Obi).",
    ]
    assert _pending(db, "2.1") == ("complete", True)
    assert "2.1 Decide every contact within one working day · complete, awaiting sign-off" in (
        chat.say("helen.ward", "/action list theme 2")
    )
    assert "Status: complete, awaiting sign-off" in chat.say("helen.ward", "/action show 2.1")
    assert chat.say("owen.price", "/action done 2.1") == (
        "2.1 is already complete, awaiting sign-off. A plan lead (Grace Obi) signs it off."
    )
    assert chat.say("grace.obi", "/action done 2.1") == (
        "2.1 is already complete, awaiting sign-off. Sign it off with /action signoff 2.1."
    )
    assert chat.say("mark.hughes", "/action signoff 2.1") == (
        "Only a plan lead (Grace Obi) can sign off 2.1."
    )
    assert chat.say("grace.obi", "/action signoff 2.1").splitlines() == [
        "Updated 2.1 Decide every contact within one working day",
        "• Sign-off: awaiting sign-off → signed off",
        "It is now closed.",
    ]
    assert _pending(db, "2.1") == ("complete", False)


def test_owner_change_after_done_reopens_and_history_says_so(
    chat: Chat, db: sessionmaker[Session]
) -> None:
    """An owner who sets an awaiting action back to amber reopens it: the reply and the history
    say "reopened" and name the owner; nothing anywhere says it was signed off."""
    chat.say("owen.price", "/action done 2.1")
    assert chat.say("owen.price", "/action 2.1 amber Dip in December").splitlines() == [
        "Updated 2.1 Decide every contact within one working day",
        "• Status: complete → amber",
        "• Sign-off: awaiting sign-off → reopened",
        "• Note: Dip in December",
        "2.1 is reopened: it was complete, awaiting sign-off.",
    ]
    assert _pending(db, "2.1") == ("amber", False)
    shown = chat.say("helen.ward", "/action history 2.1")
    assert shown.splitlines()[-4:] == [
        "Mon 16 Nov 2026 10:00 · Owen Price via console: reopened",
        "    status: complete → amber",
        "    sign-off: awaiting sign-off → reopened",
        "    note: Dip in December",
    ]
    assert "signed off" not in shown


def test_any_change_after_signoff_reopens(chat: Chat, db: sessionmaker[Session]) -> None:
    """A signed-off action changed later by anyone (here the theme lead) is reopened, and the
    history shows who completed it, who signed it off and who reopened it."""
    chat.say("owen.price", "/action done 2.1")
    chat.say("grace.obi", "/action signoff 2.1")
    reply = chat.say("mark.hughes", "/action 2.1 red Audit found gaps")
    assert reply.splitlines()[-1] == "2.1 is reopened: it was complete."
    entries = [
        line
        for line in chat.say("helen.ward", "/action history 2.1").splitlines()
        if line.startswith("Mon 16 Nov")
    ]
    assert entries == [
        "Mon 16 Nov 2026 10:00 · Owen Price via console",
        "Mon 16 Nov 2026 10:00 · Grace Obi via console: signed off",
        "Mon 16 Nov 2026 10:00 · Mark Hughes via console: reopened",
    ]


def test_plan_lead_done_closes_at_once(chat: Chat, db: sessionmaker[Session]) -> None:
    """A plan lead completing an action needs no second step, and the reply says why."""
    assert chat.say("grace.obi", "/action done 1.1").splitlines()[-1] == (
        "It is closed: completed by a plan lead, it needs no separate sign-off."
    )
    assert _pending(db, "1.1") == ("complete", False)


def test_history_written_before_the_fix_reads_honestly(
    chat: Chat, db: sessionmaker[Session], now: datetime
) -> None:
    """Rows written the old way (an owner's status change clearing the sign-off flag) now read
    as a reopening by the owner, not as a sign-off."""
    with db.begin() as s:
        found, owner = action(s, "3.2"), person(s, "leah.morgan")
        history.record(
            s, found, {"status": "complete", "signoff_pending": True},
            at=now - timedelta(days=2), via=Via.SLACK, by=owner,
        )  # fmt: skip
        history.record(
            s, found, {"status": "green", "signoff_pending": False},
            at=now - timedelta(days=1), via=Via.SLACK, by=owner,
        )  # fmt: skip
    lines = chat.say("helen.ward", "/action history 3.2").splitlines()
    assert lines[-3:] == [
        "Sun 15 Nov 2026 10:00 · Leah Morgan via slack: reopened",
        "    status: complete → green",
        "    sign-off: awaiting sign-off → reopened",
    ]


def test_delegate_acts_only_while_the_owner_is_away(chat: Chat, db: sessionmaker[Session]) -> None:
    """Leah covers Owen's actions while he is away; /remind back ends that at once, and the
    refusal tells her why."""
    chat.say("owen.price", "/remind away until 05/01/2027 delegate @leah")
    assert chat.say("leah.morgan", "/action note 2.2 Covering while Owen is on leave").startswith(
        "Updated 2.2"
    )
    assert "their delegate (Leah Morgan)" in chat.say("helen.ward", "/action 2.2 green")
    assert chat.say("owen.price", "/remind back") == (
        "Welcome back: reminders start again tomorrow. Leah Morgan no longer acts for you."
    )
    assert chat.say("leah.morgan", "/action 2.2 amber") == (
        "Only the owner (Owen Price), the theme lead (Mark Hughes) or a plan lead (Grace Obi) "
        "can update 2.2."
    )
    assert _pending(db, "2.2") == ("red", False)


def test_delegation_lapses_when_the_away_date_passes(
    chat: Chat, db: sessionmaker[Session], now: datetime
) -> None:
    """Past the date the owner gave, the delegate no longer acts for them, and is told so."""
    with db.begin() as s:
        owen = person(s, "owen.price")
        owen.away_until = now.date() - timedelta(days=1)
        owen.delegate_id = person(s, "leah.morgan").id
    assert chat.say("leah.morgan", "/action 2.2 amber") == (
        "Only the owner (Owen Price), the theme lead (Mark Hughes) or a plan lead (Grace Obi) "
        "can update 2.2. You act for Owen Price only while they are away, and they are back."
    )


def test_new_absence_without_a_delegate_names_none(chat: Chat, db: sessionmaker[Session]) -> None:
    """Going away again without naming a delegate does not revive the last one."""
    chat.say("owen.price", "/remind away until 20/11/2026 delegate @leah")
    chat.say("owen.price", "/remind away until 05/01/2027")
    with db() as s:
        assert person(s, "owen.price").delegate_id is None
    assert chat.say("leah.morgan", "/action 2.2 amber").startswith("Only the owner (Owen Price)")
