"""The console workspace: the whole bot in a terminal, driven as a person would drive it."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.app import create_app
from bot.clock import FixedClock
from bot.console import Console
from bot.settings import Settings
from store.models import Action, Update
from tests.plan_builder import build_plan


def test_console_transcript(db: sessionmaker[Session], now: datetime) -> None:
    """Choose a person, type commands as in Slack, switch person and channel."""
    with db.begin() as s:
        build_plan(s, now)
    console = Console(create_app(Settings(), sessions=db, clock=FixedClock(now)))
    assert console.handle_line("/action list").startswith("Choose who you are first")
    assert console.handle_line("as Jane") == "You are now Jane Smith, Team Manager, Assessment."
    assert console.prompt() == "jane.smith in dm> "
    assert console.handle_line("/action update 4.2 green Backlog cleared").startswith("Updated 4.2")
    assert console.handle_line("as val.jones@council.gov.uk").startswith("You are now Val Jones")
    assert console.handle_line("action 4.2 red").startswith("Only the owner (Jane Smith)")
    assert console.handle_line("in #ilacs") == "You are now typing in #ilacs."
    assert console.prompt() == "val.jones in #ilacs> "
    assert "jane.smith" in console.handle_line("people")
    assert console.handle_line("as nobody-at-all").startswith(
        "Nobody matches 'nobody-at-all'. Try one of:"
    )


def test_public_confirmation_shows_as_channel_post(
    db: sessionmaker[Session], now: datetime
) -> None:
    """A plan that announces status changes shows the post in its channel."""
    with db.begin() as s:
        plan = build_plan(s, now)
        plan.public_confirmations = True
    console = Console(create_app(Settings(), sessions=db, clock=FixedClock(now)))
    console.handle_line("as jane.smith")
    out = console.handle_line("/action 4.2 green <!channel> done")
    assert (
        "[posted in #ilacs] Jane Smith updated 4.2 Clear the assessment backlog: status amber → green."
        in out
    )


def _improvebot(args: list[str], stdin: str, database_url: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "IMPROVEBOT_"))}
    env["IMPROVEBOT_DATABASE_URL"] = database_url
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_demo_owner_updates_viewer_refused(database_url: str, db: sessionmaker[Session]) -> None:
    """In the demo, the owner's update lands with history; a viewer's is refused with who can."""
    typed = "\n".join(
        [
            "as rob.newton",
            "/action update 4.2 green Backlog cleared",
            "as margaret.hughes",
            "/action update 4.2 red",
            "quit",
        ]
    )
    result = _improvebot(["demo", "--now", "2026-11-16T10:00:00+00:00"], typed, database_url)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Loaded the demo plan: Northshire Council" in out
    assert "You are now Priya Shah, Improvement Programme Manager." in out
    assert "• Status: amber → green\n• Note: Backlog cleared" in out
    assert (
        "Only the owner (Rob Newton), their delegate (Aisha Rahman), the theme lead (Aisha Rahman) or a plan lead"
        in out
    )
    with db() as s:
        action = s.scalars(select(Action).where(Action.ref == "4.2")).one()
        assert (action.status, action.latest_note) == ("green", "Backlog cleared")
        last = s.scalars(
            select(Update).where(Update.action_id == action.id).order_by(Update.id.desc())
        ).first()
        assert last is not None and last.via == "console" and last.person is not None
        assert last.person.name == "Rob Newton"


def test_plain_improvebot_runs_console_with_demo_on_empty_database(database_url: str) -> None:
    """`improvebot` with no command and no chat credentials opens the console on the demo plan."""
    result = _improvebot([], "/action list overdue\n", database_url)
    assert result.returncode == 0, result.stderr
    assert "Loaded the demo plan" in result.stdout
    assert "Overdue actions in Northshire Council" in result.stdout


def test_advance_from_eight_includes_that_mornings_sweep(
    db: sessionmaker[Session], now: datetime
) -> None:
    """At 08:00 on a working day, 'advance 2h' shows that day's 09:05 reminders and digest."""
    eight = datetime.fromisoformat("2026-11-16T08:00:00+00:00")  # Monday, 08:00 in London
    with db.begin() as s:
        build_plan(s, now)
    console = Console(create_app(Settings(), sessions=db, clock=FixedClock(eight)))
    console.handle_line("as amira.khan")
    out = console.handle_line("advance 2h")
    assert out.startswith("-- Mon 16 Nov 2026 09:05 --")
    assert "[DM to Sam] Good morning Sam." in out
    assert "[#ilacs] Weekly digest: ILACS improvement plan" in out
    assert console.handle_line("clock") == "It is Mon 16 Nov 2026 10:00 (UK time)."
