"""/plan recommendation and /plan coverage, as transcripts."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from store import actions
from store.models import Plan
from tests.plan_builder import Chat, build_plan


@pytest.fixture
def chat(db: sessionmaker[Session], now: datetime) -> Chat:
    with db.begin() as s:
        build_plan(s, now)
        plan = s.scalars(select(Plan)).one()
        action = actions.by_ref(s, plan.id, "4.3")
        assert action is not None
        action.source = "Ofsted recommendation 2"  # as a spreadsheet wrote it
    return Chat(db, now)


def test_adding_a_finding_links_the_actions_named(chat: Chat) -> None:
    """The finding is added with its source and date; the actions given, and any whose
    free-text source names it, answer it."""
    reply = chat.say(
        "amira.khan",
        '/plan recommendation add REC2 "Review care plans on time" source Ofsted ILACS '
        "date 14/07/2026 actions 1.9",
    )
    assert reply.splitlines() == [
        "Added REC2 (Ofsted ILACS): Review care plans on time",
        "Answered by 1.9, 4.3.",
    ]
    history = chat.say("val.jones", "/action history 4.3")
    assert "answers finding: none → REC2" in history


def test_coverage_flags_what_needs_attention(chat: Chat) -> None:
    """No actions, no open action, every open action overdue: each flagged in /plan coverage."""
    chat.say("amira.khan", '/plan recommendation add REC1 "Strong leadership" actions 1.1')
    chat.say("amira.khan", '/plan recommendation add REC2 "Timely plans" actions 1.9, 4.3')
    chat.say("amira.khan", '/plan recommendation add AFI1 "Children\'s voices"')
    chat.say("amira.khan", '/plan recommendation add REC4 "Backlog" actions 4.2')
    chat.say("jane.smith", "/action done 4.2 Backlog cleared")
    lines = chat.say("val.jones", "/plan coverage").splitlines()
    assert (
        lines[0]
        == "Coverage of the findings ILACS improvement plan answers (as at Mon 16 Nov 2026)"
    )
    assert lines[1:3] == ["⚠️ AFI1 Children's voices · Ofsted", "    no actions"]
    assert "REC1 Strong leadership · Ofsted" in lines and "    🟢 1 green" in lines
    assert "    🔴 1 red, 🟠 1 amber · every open action overdue" in lines
    assert "    🔵 1 complete · no open action: all 1 complete" in lines


def test_only_plan_leads_add_and_link(chat: Chat) -> None:
    """Others are told who can; unknown findings and refs are named."""
    assert "Only a plan lead (Amira Khan) can add findings to the plan." in chat.say(
        "tom.lee", '/plan recommendation add REC1 "x"'
    )
    assert "has no finding REC9" in chat.say("amira.khan", "/plan recommendation link REC9 1.1")
    chat.say("amira.khan", '/plan recommendation add REC1 "x"')
    assert "There is no action 9.9" in chat.say("amira.khan", "/plan recommendation link REC1 9.9")
    assert chat.say("amira.khan", "/plan recommendation link REC1 1.1") == (
        "REC1 is now answered by 1.1."
    )
    assert "already has REC1" in chat.say("amira.khan", '/plan recommendation add rec 1 "y"')
