"""`improvebot sweep`, `outbox` and the console clock: reminders reach people, through Slack too."""

from __future__ import annotations

import json
from datetime import datetime

from click.testing import CliRunner
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.app import create_app
from bot.cli import main
from bot.clock import FixedClock
from bot.console import Console
from bot.settings import Settings
from store import people
from store.models import OutboxMessage
from tests.bot.slack_rig import TEAM
from tests.fakes.slack import FakeSlack
from tests.plan_builder import build_plan

MONDAY_0905 = "2026-11-16T09:05:00+00:00"


def _plan(db: sessionmaker[Session], now: datetime) -> None:
    with db.begin() as s:
        build_plan(s, now)


def _run(args: list[str], database_url: str, **env: str) -> str:
    result = CliRunner().invoke(main, args, env={"IMPROVEBOT_DATABASE_URL": database_url, **env})
    assert result.exit_code == 0, result.output
    return result.output


def test_dry_run_prints_and_writes_nothing(
    db: sessionmaker[Session], now: datetime, database_url: str
) -> None:
    """`sweep --dry-run` shows each message that would go and queues none of them."""
    _plan(db, now)
    out = _run(["sweep", "--now", MONDAY_0905, "--dry-run"], database_url)
    assert out.startswith("Would send 4 message(s):")
    assert "--- reminder to person:" in out and "Good morning Sam. 3 actions" in out
    with db() as s:
        assert s.scalars(select(OutboxMessage)).all() == []


def test_sweep_through_slack_one_dm_each_with_buttons(
    db: sessionmaker[Session], now: datetime, database_url: str, fake: FakeSlack
) -> None:
    """With Slack set up, each owner gets exactly one DM with all their items and buttons; weekends nothing."""
    _plan(db, now)
    env = {
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_SIGNING_SECRET": "s",
        "SLACK_API_URL": fake.base_url,
    }
    out = _run(["sweep", "--now", "2026-11-14T10:00:00+00:00"], database_url, **env)  # a Saturday
    assert out.startswith("Queued 0 message(s).")
    out = _run(["sweep", "--now", MONDAY_0905], database_url, **env)
    assert "Queued 4 message(s)." in out and "Delivered 4, failed 0" in out
    dms = [c for c in fake.calls("chat.postMessage", ok=True) if c.body["channel"].startswith("D")]
    assert sorted(c.body["channel"] for c in dms) == ["DUAMIRA", "DUJANE", "DUSAM"]
    sam = next(c for c in dms if c.body["channel"] == "DUSAM")
    blocks = sam.body["blocks"]
    assert [b["block_id"] for b in blocks if b["type"] == "actions"] == [
        "act|ilacs|1.9",
        "act|ilacs|4.3",
        "act|ilacs|1.10",
    ]
    assert "Good morning Sam" in sam.body["text"]
    digest = next(
        c for c in fake.calls("chat.postMessage", ok=True) if c.body["channel"] == "ilacs"
    )
    assert digest.body["text"].startswith("*Weekly digest: ILACS improvement plan*")
    replies = [c for c in fake.calls("chat.postMessage") if c.body.get("thread_ts")]
    assert replies and all(r.body["channel"] == "ilacs" for r in replies)
    # Owners were found by email, once; a second sweep the same day sends nothing more.
    assert len(fake.calls("users.lookupByEmail")) == 3
    assert "Queued 0 message(s)." in _run(
        ["sweep", "--now", "2026-11-16T11:00:00+00:00"], database_url, **env
    )
    # The DM's identity is keyed by the bot's own team, the same key slash commands use.
    with db() as s:
        sam_person = people.by_identity(s, "slack", TEAM, "USAM")
        assert sam_person is not None and sam_person.name == "Sam Patel"


def test_outbox_lists_failures_with_reason(
    db: sessionmaker[Session], now: datetime, database_url: str, fake: FakeSlack
) -> None:
    """A message Slack refuses for good is listed by `improvebot outbox` with the reason."""
    _plan(db, now)
    fake.users.pop("UJANE")
    env = {
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_SIGNING_SECRET": "s",
        "SLACK_API_URL": fake.base_url,
    }
    out = _run(["sweep", "--now", MONDAY_0905], database_url, **env)
    assert "failed 1" in out
    listing = _run(["outbox"], database_url, **env)
    assert "failed   reminder  to person:" in listing
    assert "No Slack user has the email jane.smith@council.gov.uk (Jane Smith)" in listing


def test_console_advance_shows_reminders_and_digest(
    db: sessionmaker[Session], now: datetime
) -> None:
    """In the console, moving the clock to Monday morning shows each DM and the digest post."""
    _plan(db, now)
    console = Console(
        create_app(
            Settings(),
            sessions=db,
            clock=FixedClock(datetime.fromisoformat("2026-11-15T12:00:00+00:00")),
        )
    )
    out = console.handle_line("advance 1d")
    assert out.startswith("-- Mon 16 Nov 2026 09:05 --")
    assert (
        "[DM to Sam] Good morning Sam. 3 actions in ILACS improvement plan need you today:" in out
    )
    assert "[#ilacs] Weekly digest: ILACS improvement plan" in out
    assert console.handle_line("sweep") == ""  # nothing twice
    assert console.handle_line("clock").startswith("It is Mon 16 Nov 2026 12:00")


def test_payload_is_valid_json(db: sessionmaker[Session], now: datetime, database_url: str) -> None:
    """Queued payloads are plain JSON (they survive a restart and any worker can send them)."""
    _plan(db, now)
    _run(["sweep", "--now", MONDAY_0905], database_url)
    with db() as s:
        for message in s.scalars(select(OutboxMessage)):
            assert json.loads(json.dumps(message.payload)) == message.payload


def test_sweep_with_no_chat_platform_says_so_and_keeps_messages(
    db: sessionmaker[Session], now: datetime, database_url: str
) -> None:
    """With neither Slack nor Teams set up, a sweep queues its messages, says nothing was
    delivered and why, and leaves them queued (never marked delivered)."""
    _plan(db, now)
    out = _run(["sweep", "--now", MONDAY_0905], database_url)
    assert "Queued 4 message(s)." in out
    assert "No chat platform is configured" in out and "Delivered" not in out
    with db() as s:
        assert {m.state for m in s.scalars(select(OutboxMessage))} == {"pending"}
    refused = CliRunner().invoke(
        main, ["worker", "--drain"], env={"IMPROVEBOT_DATABASE_URL": database_url}
    )
    assert refused.exit_code == 1 and "No chat platform is configured" in refused.output


def test_sweep_in_two_processes_queues_each_message_once(
    db: sessionmaker[Session], now: datetime, database_url: str
) -> None:
    """`sweep --processes 2` queues the plan's four messages once; on SQLite it says it
    swept in one process."""
    _plan(db, now)
    out = _run(["sweep", "--now", MONDAY_0905, "--processes", "2"], database_url)
    assert "Queued 4 message(s)." in out
    on_sqlite = "Note: SQLite sweeps in one process" in out
    assert on_sqlite == database_url.startswith("sqlite")
    with db() as s:
        assert len(s.scalars(select(OutboxMessage)).all()) == 4
