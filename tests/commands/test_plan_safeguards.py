"""/plan risk and /plan privacy: a plan lead's matrix, bands and privacy checks."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from store.models import Plan
from tests.plan_builder import Chat, build_plan


@pytest.fixture
def chat(db: sessionmaker[Session], now: datetime) -> Chat:
    with db.begin() as s:
        build_plan(s, now)
    return Chat(db, now)


def test_medway_letters_rename_ratings_without_rewriting_them(chat: Chat) -> None:
    """On the medway matrix a rating is typed B2 and shown so; the stored levels stay, so the
    same risk reads 4x3 again on the 5x5 matrix."""
    chat.say("amira.khan", '/risk add "Recruitment" owner @sam.patel rating 4x3')
    reply = chat.say("amira.khan", "/plan risk matrix medway")
    assert reply == (
        "Risks are rated on a letters A–E × 1–4: likelihood A (very high) to E, impact 1 "
        "(catastrophic) to 4 matrix, banded 12–20 red, 6–10 amber, 1–5 green (ILACS improvement "
        "plan)."
    )
    assert "Rating: B2 (12, red)" in chat.say("sam.patel", "/risk show R1")
    assert "• Rating: B2 (12, red) → A1 (20, red)" in chat.say(
        "sam.patel", "/risk rate R1 A1 because the worst case"
    )
    assert "On this plan's matrix, type a likelihood letter and an impact number, such as B2" in (
        chat.say("sam.patel", "/risk rate R1 4x3 because x")
    )
    chat.say("amira.khan", "/plan risk matrix 5x5")
    assert "Rating: 5x4 (20, red)" in chat.say("sam.patel", "/risk show R1")


def test_a_matrix_too_small_for_a_risk_is_refused(chat: Chat) -> None:
    """Changing to a smaller matrix names the risks to re-rate first."""
    chat.say("amira.khan", '/risk add "Recruitment" owner @sam.patel rating 5x4')
    assert chat.say("amira.khan", "/plan risk matrix 4x4") == (
        "R1 has ratings beyond the 4 × 4: likelihood 1–4 × impact 1–4 matrix. Re-rate or "
        "close it first, then change the matrix."
    )


def test_bands_are_checked_and_used(chat: Chat, db: sessionmaker[Session]) -> None:
    """Bands must fit the matrix; the new bands colour the ratings at once."""
    chat.say("amira.khan", '/risk add "Recruitment" owner @sam.patel rating 3x4')
    assert "Bands need 1 < amber < red ≤ 25" in chat.say(
        "amira.khan", "/plan risk bands red 8 amber 9"
    )
    assert "banded 12–25 red, 5–10 amber, 1–4 green" in chat.say(
        "amira.khan", "/plan risk bands red 12 amber 5"
    )
    assert "Rating: 3x4 (12, red)" in chat.say("sam.patel", "/risk show R1")
    assert "Only a plan lead (Amira Khan) can change the plan's settings." in chat.say(
        "tom.lee", "/plan risk bands red 15 amber 8"
    )
    with db() as s:
        plan = s.scalars(select(Plan)).one()
        assert plan.settings["risk"] == {"bands": {"red": 12, "amber": 5}}


def test_privacy_checks_are_tuned_by_plan_leads(chat: Chat) -> None:
    """A plan lead adds a case reference pattern, turns a check off, and /plan settings shows
    them; a pattern that would catch ordinary plan text is refused."""
    assert "case reference patterns: LCS-######" in chat.say("val.jones", "/plan privacy")
    assert "MOS-#######" in chat.say("amira.khan", "/plan privacy add MOS-#######")
    assert "I did not save the note" in chat.say("jane.smith", "/action note 4.2 See MOS 1234567")
    assert chat.say("amira.khan", "/plan privacy add ###") == (
        "'###' would also refuse ordinary plan text such as 'EV-QA-011'. Make it more particular, "
        "such as LCS-######."
    )
    assert "EV-QA-011" in chat.say("amira.khan", "/plan privacy add EV-@@-###")
    chat.say("amira.khan", "/plan privacy postcode off")
    assert chat.say("jane.smith", "/action note 4.2 Hub opens at NS1 4AB").startswith("Updated")
    settings = chat.say("amira.khan", "/plan settings")
    assert "• A full postcode: off" in settings
    assert "• Case reference patterns: LCS-######, MOS-#######" in settings
    assert "not one of the plan's patterns" in chat.say("amira.khan", "/plan privacy remove X-###")
    assert "Only a plan lead" in chat.say("tom.lee", "/plan privacy add CN-######")
    chat.say("amira.khan", "/plan privacy remove MOS-#######")
    assert chat.say("jane.smith", "/action note 4.2 See MOS 1234567").startswith("Updated")
