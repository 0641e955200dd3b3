"""An action awaiting sign-off says so wherever it appears, never plain "complete": chat,
App Home, the digest, the exported spreadsheet, the board pack and the scrutiny report."""

from __future__ import annotations

import csv
import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.cli import main
from bot.reports import write_board_pack, write_scrutiny
from bot.slack import home as slack_home
from commands import home
from commands.boundary import serve
from commands.context import Who
from store.models import Plan
from tests.plan_builder import Chat
from tests.westshire import build_westshire

AWAITING = "complete, awaiting sign-off"


@pytest.fixture
def chat(db: sessionmaker[Session], now: datetime) -> Chat:
    """Owen has marked 2.1 done a day ago in a plan that needs sign-off; Grace has not yet."""
    with db.begin() as s:
        build_westshire(s, now).require_signoff = True
    Chat(db, now - timedelta(days=1)).say("owen.price", "/action done 2.1 Same-day decisions")
    return Chat(db, now)


def _home(db: sessionmaker[Session], now: datetime, handle: str) -> str:
    reply = serve(Who("console", "console", handle), home.build, sessions=db, clock=lambda: now)
    return json.dumps(slack_home.view(reply.view))


def test_chat_lists_and_cards(chat: Chat) -> None:
    """Lists and the action card say awaiting sign-off."""
    assert f"· {AWAITING} ·" in chat.say("helen.ward", "/action list all")
    assert f"Status: {AWAITING}" in chat.say("helen.ward", "/action show 2.1")


def test_app_home(chat: Chat, db: sessionmaker[Session], now: datetime) -> None:
    """The owner still sees the action on App Home, labelled as awaiting; the plan lead's
    overview counts it and names it."""
    owen = _home(db, now, "owen.price")
    assert "*2.1*" in owen and AWAITING in owen
    grace = _home(db, now, "grace.obi")
    assert "*Awaiting sign-off:* 1 (2.1; sign off with /action signoff)" in grace


def test_digest(chat: Chat) -> None:
    """The weekly digest lists it among the completed, as awaiting sign-off."""
    digest = chat.say("helen.ward", "/digest preview")
    assert (
        f"🔵 2.1 Decide every contact within one working day · {AWAITING} · due Wed 16 Dec 2026"
        in digest
    )


def test_export(chat: Chat, database_url: str, tmp_path: Path) -> None:
    """The exported plan's status cell says so, and still imports back as complete."""
    out = tmp_path / "westshire.csv"
    result = CliRunner(env={"IMPROVEBOT_DATABASE_URL": database_url}).invoke(
        main, ["plan", "export", str(out)]
    )
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8-sig") as fh:
        fh.readline()  # the plan's name, as a title row above the header
        rows = {row["Ref"]: row for row in csv.DictReader(fh)}
    status = next(h for h in rows["2.1"] if h.lower().startswith(("rag", "status")))
    assert (rows["2.1"][status], rows["2.3"][status]) == (AWAITING, "complete")


def test_board_pack_and_scrutiny(chat: Chat, db: sessionmaker[Session], now: datetime) -> None:
    """The board pack's completed section and summary, and the scrutiny report's reason, say
    it awaits sign-off."""
    with db() as s:
        plan = s.scalars(select(Plan)).one()
        _, pack = write_board_pack(s, plan, fmt="md", now=now)
        _, scrutiny = write_scrutiny(s, plan, fmt="md", now=now)
    pack_text, scrutiny_text = pack.decode(), scrutiny.decode()
    assert "2 completed (1 of them awaiting sign-off)." in pack_text
    assert (
        f"| 2.1 | Decide every contact within one working day | Owen Price | Sun 15 Nov 2026 "
        f"| {AWAITING} |" in pack_text
    )
    assert f"| {AWAITING} | completed in the period, awaiting sign-off |" in scrutiny_text
