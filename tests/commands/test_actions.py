"""Changing actions from chat, as transcripts: who can, what they see, what the history keeps."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from store import actions, history
from store.models import Action, Change, Plan, Update
from tests.plan_builder import Chat, build_plan


@pytest.fixture
def chat(db: sessionmaker[Session], now: datetime) -> Chat:
    with db.begin() as s:
        build_plan(s, now)
    return Chat(db, now)


def _action(db: sessionmaker[Session], ref: str) -> Action:
    with db() as s:
        found = s.scalar(select(Action).where(Action.ref == ref))
        assert found is not None
        s.expunge(found)
        return found


def test_owner_updates_status_with_note(
    chat: Chat, db: sessionmaker[Session], now: datetime
) -> None:
    """The owner's update changes the status and note, and the history keeps who, how and when."""
    reply = chat.say("jane.smith", "/action update 4.2 green Backlog cleared")
    assert reply.splitlines() == [
        "Updated 4.2 Clear the assessment backlog",
        "• Status: amber → green",
        "• Note: Backlog cleared",
    ]
    action = _action(db, "4.2")
    assert (action.status, action.latest_note, action.updated_at) == (
        "green",
        "Backlog cleared",
        now,
    )
    with db() as s:
        update = s.scalars(
            select(Update).where(Update.action_id == action.id).order_by(Update.id.desc())
        ).first()
        assert update is not None
        assert (update.person.name if update.person else None, update.via, update.at) == (
            "Jane Smith",
            "console",
            now,
        )
        assert {(c.field, c.old, c.new) for c in update.changes} == {
            ("status", "amber", "green"),
            ("latest_note", None, "Backlog cleared"),
        }


def test_viewer_is_refused_and_told_who_can(chat: Chat, db: sessionmaker[Session]) -> None:
    """A viewer's update is refused, names who can act, and changes nothing."""
    before = _action(db, "4.2").status
    reply = chat.say("val.jones", "/action update 4.2 green Backlog cleared")
    assert (
        reply
        == "Only the owner (Jane Smith), the theme lead (Tom Lee) or a plan lead (Amira Khan) can update 4.2."
    )
    assert _action(db, "4.2").status == before


def test_theme_lead_and_plan_lead_can_update(chat: Chat, db: sessionmaker[Session]) -> None:
    """The theme lead and any plan lead may update an action they do not own."""
    assert chat.say("tom.lee", "/action 4.2 red").startswith("Updated 4.2")
    assert chat.say("amira.khan", "/action 4.3 green").startswith("Updated 4.3")
    assert (_action(db, "4.2").status, _action(db, "4.3").status) == ("red", "green")


def test_other_owner_cannot_update(chat: Chat) -> None:
    """Owning one action gives no right over another owner's action outside your theme."""
    assert chat.say("sam.patel", "/action 4.2 green").startswith("Only the owner (Jane Smith)")


def test_delegate_can_update_for_owner(chat: Chat, db: sessionmaker[Session]) -> None:
    """An owner going away names a delegate, who can then update the owner's actions."""
    chat.say("jane.smith", "/remind away until 05/01/2027 delegate @sam.patel")
    assert chat.say("sam.patel", "/action 4.2 green Covered while Jane is away").startswith(
        "Updated 4.2"
    )
    assert _action(db, "4.2").status == "green"
    assert "their delegate (Sam Patel)" in chat.say("val.jones", "/action 4.2 red")


def test_unknown_ref_suggests_nearest(chat: Chat) -> None:
    """A ref that does not exist is answered with the nearest refs in the same theme."""
    assert chat.say("jane.smith", "/action update 4.9 green") == (
        "There is no action 4.9 in ILACS improvement plan. Did you mean 4.2 or 4.3?"
    )


def test_typo_in_status_suggests_and_shows_usage(chat: Chat) -> None:
    """A mistyped status gets the nearest word, the valid words and the usage line."""
    assert chat.say("jane.smith", "/action update 4.2 gren").splitlines() == [
        "'gren' is not a status. Did you mean green? Use red, amber, green, complete or not-started.",
        "Usage: /action update <ref> <status> [note]",
    ]


def test_same_status_again_changes_nothing(chat: Chat, db: sessionmaker[Session]) -> None:
    """Repeating the current status with no note writes no history and says so."""
    with db() as s:
        before = s.query(Change).count()
    assert chat.say("jane.smith", "/action 4.2 amber") == "Nothing changed: 4.2 already says that."
    with db() as s:
        assert s.query(Change).count() == before


def test_moving_due_date_keeps_reason(chat: Chat, db: sessionmaker[Session]) -> None:
    """Moving a due date records old and new dates with the reason; the baseline stays."""
    baseline = _action(db, "4.2").due_date
    reply = chat.say("jane.smith", "/action due 4.2 31/03/2027 because two social workers left")
    assert "• Due date:" in reply and "→ Wed 31 Mar 2027" in reply
    assert "• Reason: two social workers left" in reply
    action = _action(db, "4.2")
    assert (action.due_date, action.baseline_due) == (date(2027, 3, 31), baseline)
    with db() as s:
        update = s.scalars(select(Update).where(Update.reason.is_not(None))).one()
        assert update.reason == "two social workers left"


def test_note_keeps_status(chat: Chat, db: sessionmaker[Session]) -> None:
    """A note changes the latest note only, and counts as an update."""
    chat.say("jane.smith", "/action note 4.2 Audit booked for March")
    action = _action(db, "4.2")
    assert (action.status, action.latest_note) == ("amber", "Audit booked for March")


def _set_plan(db: sessionmaker[Session], **settings: object) -> None:
    with db.begin() as s:
        plan = s.scalars(select(Plan)).one()
        for key, value in settings.items():
            setattr(plan, key, value)


def test_complete_needs_evidence_when_plan_says(chat: Chat, db: sessionmaker[Session]) -> None:
    """Where the plan requires evidence, done is refused until evidence is added."""
    _set_plan(db, require_evidence=True)
    assert chat.say("jane.smith", "/action done 4.2") == (
        "4.2 needs evidence before it can be complete. Add it with "
        "/action evidence 4.2 <link or text>, then /action done 4.2."
    )
    assert _action(db, "4.2").status == "amber"
    assert chat.say("jane.smith", "/action evidence 4.2 EV-QA-011 Audit report").startswith(
        "Evidence added to 4.2."
    )
    assert "• Status: amber → complete" in chat.say("jane.smith", "/action done 4.2 Backlog gone")


def test_signoff_flow(chat: Chat, db: sessionmaker[Session]) -> None:
    """Where sign-off is required, an owner's done awaits a plan lead, who then closes it."""
    _set_plan(db, require_signoff=True)
    reply = chat.say("jane.smith", "/action done 4.2")
    assert "It now awaits sign-off by a plan lead (Amira Khan)." in reply
    assert _action(db, "4.2").signoff_pending
    assert "Status: complete, awaiting sign-off" in chat.say("val.jones", "/action show 4.2")
    assert (
        chat.say("jane.smith", "/action signoff 4.2")
        == "Only a plan lead (Amira Khan) can sign off 4.2."
    )
    assert "It is now closed." in chat.say("amira.khan", "/action signoff 4.2")
    assert not _action(db, "4.2").signoff_pending
    assert (
        chat.say("amira.khan", "/action signoff 4.2")
        == "4.2 is not awaiting sign-off (it is complete)."
    )


def test_assign_to_someone_not_in_plan_is_refused(chat: Chat) -> None:
    """An email nobody in the plan has is refused with the command that adds them; once added,
    the same assignment works."""
    assert chat.say("amira.khan", "/action assign 4.2 Pat.Quinn@Council.gov.uk") == (
        'pat.quinn@council.gov.uk is not in the plan: add them with `/plan people add pat.quinn@council.gov.uk "Name"`'
    )
    chat.say("amira.khan", '/plan people add pat.quinn@council.gov.uk "Pat Quinn"')
    reply = chat.say("amira.khan", "/action assign 4.2 Pat.Quinn@Council.gov.uk")
    assert "• Owner: Jane Smith → Pat Quinn" in reply
    assert "Pat Quinn" in chat.say("amira.khan", "/action list @pat.quinn")


def test_owner_cannot_reassign(chat: Chat) -> None:
    """Reassigning is for theme and plan leads."""
    assert chat.say("jane.smith", "/action assign 4.2 @sam.patel") == (
        "Only the theme lead (Tom Lee) or a plan lead (Amira Khan) can reassign 4.2."
    )


def test_add_action(chat: Chat, db: sessionmaker[Session]) -> None:
    """A plan lead adds an action under a theme; it sorts numerically and has history."""
    reply = chat.say(
        "amira.khan",
        '/action add 4.10 "Audit return home interviews" owner @jane.smith due 30/06/2027',
    )
    assert reply == (
        "Added 4.10 Audit return home interviews to theme 4, owner Jane Smith, due Wed 30 Jun 2027."
    )
    with db() as s:
        assert actions.refs(s, s.scalars(select(Plan)).one().id) == [
            "1.1",
            "1.9",
            "1.10",
            "4.2",
            "4.3",
            "4.10",
        ]
    assert chat.say("amira.khan", '/action add 4.10 "Again" owner @jane.smith') == (
        "ILACS improvement plan already has an action 4.10. Choose another ref."
    )
    assert chat.say("jane.smith", '/action add 4.11 "Mine" owner @jane.smith').startswith(
        "Only the theme lead (Tom Lee) or a plan lead (Amira Khan)"
    )


def test_history_lists_changes(chat: Chat) -> None:
    """History shows each change with who, when, how and why, oldest first."""
    chat.say("jane.smith", "/action 4.2 red Two posts vacant")
    chat.say("jane.smith", "/action due 4.2 31/03/2027 because recruitment delayed")
    lines = chat.say("val.jones", "/action history 4.2").splitlines()
    assert lines[0] == "History of 4.2 Clear the assessment backlog"
    assert lines[1].endswith("· import: created")
    assert lines[2] == "Mon 16 Nov 2026 10:00 · Jane Smith via console"
    assert "    status: amber → red" in lines
    assert "    note: Two posts vacant" in lines
    assert "    because recruitment delayed" in lines


def test_long_history_shows_the_latest_and_counts_the_rest(chat: Chat) -> None:
    """An action updated every week for years: the reply shows the latest 50 updates, oldest
    of them first, and says how many earlier ones it leaves out."""
    for n in range(60):
        chat.say("jane.smith", f"/action note 4.2 Weekly check {n}")
    assert chat.say("amira.khan", "/action assign 4.2 @sam.patel").startswith("Updated 4.2")
    lines = chat.say("val.jones", "/action history 4.2").splitlines()
    assert lines[1] == "The latest 50 updates; 12 earlier ones are not shown here."
    notes = [line.strip() for line in lines if line.strip().startswith("note: Weekly check")]
    assert notes == [f"note: Weekly check {n}" for n in range(11, 60)]
    assert "    owner: Jane Smith → Sam Patel" in lines


def test_lists(chat: Chat) -> None:
    """Lists filter by owner, lateness, status and theme, in numeric ref order."""
    mine = chat.say("sam.patel", "/action list").splitlines()
    assert mine[0] == "Your actions in ILACS improvement plan (3)"
    assert [line.split()[1] for line in mine[1:]] == ["1.9", "1.10", "4.3"]
    overdue = chat.say("val.jones", "/action list overdue")
    assert "1.9 Publish the practice framework" in overdue and "(10 days overdue)" in overdue
    assert "4.2" not in overdue
    assert chat.say("val.jones", "/action list red").splitlines()[1].split()[1] == "4.3"
    assert (
        chat.say("val.jones", "/action list theme 1").splitlines()[0]
        == "Theme 1 in ILACS improvement plan (3)"
    )
    assert chat.say("val.jones", "/action list").endswith("You own no actions in this plan.")


def test_stranger_is_told_to_ask_plan_lead(chat: Chat) -> None:
    """Someone the plan does not know is told who to ask to be added."""
    assert chat.say("stranger", "/action list") == (
        "I don't know you yet: ask a plan lead (Amira Khan) to add your email to the plan."
    )


def test_unexpected_error_shows_reference_only(
    chat: Chat, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A bug shows the user a short reference, never the exception text, and writes nothing."""

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(history, "record", broken)
    reply = chat.say("jane.smith", "/action 4.2 green")
    assert reply.startswith("Something went wrong (ref ") and "secret" not in reply
    ref = reply.split("ref ")[1].split(")")[0]
    assert any(ref in r.getMessage() for r in caplog.records)


def test_words_people_actually_type(chat: Chat, db: sessionmaker[Session]) -> None:
    """orange, 'green.', the bot's own dots and '#4.2' all work; a note keeps its curly quotes
    and dashes exactly as typed; a theme that does not exist is named as missing."""
    chat.say("jane.smith", "/action 4.2 red.")
    assert _action(db, "4.2").status == "red"
    chat.say("jane.smith", "/action #4.2 orange")
    assert _action(db, "4.2").status == "amber"
    chat.say("jane.smith", "/action Action 4.2 \U0001f7e2 “All” cases – done")
    action = _action(db, "4.2")
    assert action.status == "green"
    assert action.latest_note == "“All” cases – done"
    assert chat.say("jane.smith", "/action list theme 9") == (
        "ILACS improvement plan has no theme 9. Its themes are 1, 4."
    )


def test_a_due_date_that_has_passed_asks_for_confirmation(
    chat: Chat, db: sessionmaker[Session]
) -> None:
    """Moving a due date into the past is refused with how to confirm it; 'anyway' does it."""
    assert chat.say("jane.smith", "/action due 4.2 01/01/2026 because audit found it late") == (
        "Thu 1 Jan 2026 has passed, so 4.2 would be overdue at once. If that is right, add "
        "'anyway' after the date (/action due 4.2 01/01/2026 anyway because …); otherwise give "
        "a later date."
    )
    before = _action(db, "4.2").due_date
    assert before != date(2026, 1, 1)
    chat.say("jane.smith", "/action due 4.2 01/01/2026 anyway because audit found it late")
    assert _action(db, "4.2").due_date == date(2026, 1, 1)
