"""/board report and /digest preview from chat: the pack arrives as a file, the preview as text."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.app import create_app
from bot.cli import main
from bot.clock import FixedClock
from bot.console import Console
from bot.settings import Settings
from store.models import BoardMeeting, Plan
from tests.bot.slack_rig import SlackRig
from tests.council_plan import DECEMBER_BOARD, NOW, build_council, local, meeting_on
from tests.fakes.slack import FakeSlack
from tests.store.reports import replay


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


def test_console_saves_a_past_boards_pack_as_it_stood(
    db: sessionmaker[Session], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A month after Riverside's December board, `/board report 17/12/2026` in the console
    saves that board's pack under ./reports/ (made for it), with the figures the history
    gives as at the meeting's start, not today's."""
    with db.begin() as s:
        plan_id = build_council(s).id
    monkeypatch.chdir(tmp_path)
    console = Console(create_app(Settings(), sessions=db, clock=FixedClock(NOW)))
    console.handle_line("as amina.shah")
    out = console.handle_line("/board report 17/12/2026 md")
    saved = tmp_path / "reports" / "board-pack-riverside-2026-12-17.md"
    assert out.splitlines()[0] == (
        "Preparing the board pack (MD) for the Improvement Board on Thu 17 Dec 2026, as the "
        "plan stood when it met: it follows as a file."
    )
    assert out.splitlines()[1].startswith(f"Saved {saved} (")
    text = saved.read_text(encoding="utf-8")
    assert "- Position as at: Thu 17 Dec 2026, 10:00" in text
    assert "Compared with the Improvement Board of Thursday 22 October 2026." in text
    # The plan as the history has it at the meeting's start, replayed independently.
    with db() as s:
        then = replay.replay(s, plan_id, local(DECEMBER_BOARD))
    counts = Counter(fields.get("status") for fields in then.values())
    row = " | ".join(str(counts[s]) for s in ("red", "amber", "green", "complete"))
    assert f"| All themes | | {row} | 0 | 12 |" in text
    assert "| This meeting, 17 Dec 2026 | " + row in text
    assert "Backlog of 140 contacts; two vacant posts." in text  # 2.1's note then
    assert "Backlog down to 40" not in text and "Scorecard now a standing item" not in text
    assert "| K1 | Contacts decided within one working day | Kai Brown | 78% | Nov 2026 |" in text
    assert "Planning permission for the second home delayed" in text  # moved since October
    assert "Recruitment campaign relaunched" not in text  # moved after the meeting


def test_a_past_pack_from_the_command_line_is_the_same(
    db: sessionmaker[Session], database_url: str, tmp_path: Path
) -> None:
    """`report board --meeting` takes the meeting's UK date or its id and writes the same
    pack as chat; a date with no meeting names the boards there are."""
    with db.begin() as s:
        plan = build_council(s)
        meeting_id = meeting_on(s, plan, DECEMBER_BOARD).id
    console = Console(
        create_app(Settings(), sessions=db, clock=FixedClock(NOW)), folder=tmp_path / "chat"
    )
    console.handle_line("as amina.shah")
    console.handle_line("/board report 17/12/2026 md")
    from_chat = (tmp_path / "chat" / "board-pack-riverside-2026-12-17.md").read_bytes()
    env = {"IMPROVEBOT_DATABASE_URL": database_url}
    for meeting in ("17/12/2026", str(meeting_id)):
        out = tmp_path / f"cli-{meeting.replace('/', '-')}.md"
        result = CliRunner().invoke(
            main,
            ["report", "board", "--meeting", meeting, "--now", NOW.isoformat(), "-o", str(out)],
            env=env,
        )
        assert result.exit_code == 0, result.output
        assert out.read_bytes() == from_chat
    wrong = CliRunner().invoke(
        main,
        ["report", "board", "--meeting", "18/12/2026", "--now", NOW.isoformat(), "-o", "x.md"],
        env=env,
    )
    assert wrong.exit_code == 1
    assert wrong.output == (
        "Error: There is no board meeting on Fri 18 Dec 2026. Held: Thu 22 Oct 2026, "
        "Thu 17 Dec 2026. Coming up: Thu 11 Feb 2027.\n"
    )
