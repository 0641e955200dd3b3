"""/board report and /digest preview from chat: the pack arrives as a file, the preview as text."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.app import create_app
from bot.clock import FixedClock
from bot.console import Console
from bot.settings import Settings
from store.models import BoardMeeting, Plan
from tests.bot.slack_rig import SlackRig
from tests.fakes.slack import FakeSlack


def _meeting(db: sessionmaker[Session], start: datetime) -> None:
    with db.begin() as s:
        plan = s.scalars(select(Plan)).one()
        s.add(
            BoardMeeting(
                plan_id=plan.id,
                title="Improvement Board",
                starts_at=start,
                occurrence=start,
                themes=["4"],
                created_at=start,
            )
        )


def test_board_report_uploaded_to_requester(
    rig: SlackRig, fake: FakeSlack, db: sessionmaker[Session], now: datetime
) -> None:
    """/board report answers at once, then uploads the pack into the requester's DM."""
    _meeting(db, now + timedelta(days=24))
    text = rig.command("UVAL", "/board report html").json()["text"]
    assert (
        text
        == "Preparing the board pack (HTML) for the Improvement Board on Thu 10 Dec 2026: it follows as a file."
    )
    (complete,) = fake.wait_for("files.completeUploadExternal", timeout=20)
    assert complete.body["channel_id"] == "DUVAL"
    (ask,) = fake.calls("files.getUploadURLExternal")
    assert ask.body["filename"] == "board-pack-ilacs-2026-12-10.html"
    (upload,) = fake.calls("upload/F123")
    assert b"Clear the assessment backlog" in upload.body["_raw"]


def test_board_report_for_unknown_date(rig: SlackRig) -> None:
    """A date with no meeting is answered with what to type instead."""
    text = rig.command("UVAL", "/board report 01/01/2027").json()["text"]
    assert text == "There is no board meeting on Fri 1 Jan 2027. None are scheduled."


def test_digest_preview_shows_what_would_post(rig: SlackRig, db: sessionmaker[Session]) -> None:
    """/digest preview shows the counts and the lists the next digest would post."""
    text = rig.command("UVAL", "/digest preview").json()["text"]
    assert text.startswith(
        "This is what the next weekly digest will post in #ilacs at the next sweep:"
    )
    assert "*Weekly digest: ILACS improvement plan*" in text
    assert "*Overdue*" in text and "*1.9* Publish the practice framework" in text


def test_console_saves_board_pack(
    db: sessionmaker[Session], now: datetime, plan_in_slack: None, tmp_path: Path
) -> None:
    """In the console the pack is saved to a file and the reply says where."""
    console = Console(create_app(Settings(), sessions=db, clock=FixedClock(now)), folder=tmp_path)
    console.handle_line("as val.jones")
    out = console.handle_line("/board report md")
    saved = tmp_path / "board-pack-ilacs-2026-11-16.md"
    assert f"Saved {saved}" in out
    assert "Clear the assessment backlog" in saved.read_text(encoding="utf-8")
