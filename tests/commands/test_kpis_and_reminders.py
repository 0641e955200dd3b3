"""KPI readings and personal reminder settings from chat."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from store.models import Action, Kpi, KpiReading, Person, Update
from tests.plan_builder import Chat, build_plan


@pytest.fixture
def chat(db: sessionmaker[Session], now: datetime) -> Chat:
    with db.begin() as s:
        plan = build_plan(s, now)
        sam = s.scalars(select(Person).where(Person.name == "Sam Patel")).one()
        kpi = Kpi(
            plan_id=plan.id,
            code="K1",
            name="Contacts decided within one working day",
            unit="%",
            polarity="higher",
            baseline=78,
            target=95,
            owner_id=sam.id,
            created_at=now,
        )
        kpi.readings = [
            KpiReading(period="2026-08", value=80, recorded_at=now),
            KpiReading(period="2026-09", value=82, recorded_at=now),
        ]
        s.add(kpi)
        s.add(
            Kpi(
                plan_id=plan.id,
                code="K3",
                name="Re-referrals within 12 months",
                unit="%",
                polarity="lower",
                baseline=24,
                target=19,
                created_at=now,
            )
        )
    return Chat(db, now)


def test_kpi_update_records_reading_and_rag(chat: Chat, db: sessionmaker[Session]) -> None:
    """The KPI owner records a value; the reply shows the previous value, RAG and direction."""
    reply = chat.say("sam.patel", "/kpi update K1 84% Oct 2026")
    assert reply.splitlines() == [
        "Recorded K1 Contacts decided within one working day: 84% for Oct 2026 (previous 82%).",
        "\U0001f7e0 Now amber, improving.",
    ]
    with db() as s:
        assert s.scalars(select(KpiReading.value).where(KpiReading.period == "2026-10")).one() == 84
        assert s.scalars(select(Update.note).where(Update.kpi_id.is_not(None))).one() == (
            "K1 Oct 2026: 84%"
        )


def test_kpi_within_tolerance_is_green_and_period_defaults(chat: Chat) -> None:
    """A value within 10% of target is green; with no period the current month is used."""
    assert "for Nov 2026" in chat.say("sam.patel", "/kpi update K1 88")
    assert "Now green" in chat.say("sam.patel", "/kpi update K1 88")


def test_kpi_worsening_is_red(chat: Chat) -> None:
    """Off target and getting worse is red."""
    assert "Now red, worsening" in chat.say("sam.patel", "/kpi update K1 70 Oct 2026")


def test_kpi_update_permission(chat: Chat) -> None:
    """Only the KPI owner or a plan lead can record readings."""
    assert chat.say("jane.smith", "/kpi update K1 90") == (
        "Only its owner (Sam Patel) or a plan lead (Amira Khan) can update K1."
    )
    assert chat.say("amira.khan", "/kpi update K3 21").startswith("Recorded K3")


def test_kpi_show_and_list(chat: Chat) -> None:
    """Show gives target, readings and polarity; list gives every KPI with its latest value."""
    card = chat.say("val.jones", "/kpi show K1")
    assert (
        "Latest: 82% (Sep 2026) · Target: 95% · Baseline: 78% · higher is better, tolerance 10%"
        in card
    )
    assert "Readings: Aug 2026 80% · Sep 2026 82%" in card
    listing = chat.say("val.jones", "/kpi list").splitlines()
    assert listing[0] == "KPIs in ILACS improvement plan"
    assert listing[2] == "K3 Re-referrals within 12 months: none (no readings), target 19%"
    assert chat.say("val.jones", "/kpi show K9") == (
        "There is no KPI K9 in ILACS improvement plan. KPIs: K1, K3."
    )


def test_away_and_back(chat: Chat, db: sessionmaker[Session]) -> None:
    """Away sets the return date and delegate; back clears both, and says the delegate's
    rights ended."""
    assert chat.say("jane.smith", "/remind away until 05/01/2027 delegate @sam.patel") == (
        "No reminders until you are back after Tue 5 Jan 2027. "
        "Sam Patel gets your reminders and can update your actions."
    )
    with db() as s:
        jane = s.scalars(select(Person).where(Person.name == "Jane Smith")).one()
        assert jane.away_until == date(2027, 1, 5) and jane.delegate is not None
    assert chat.say("jane.smith", "/remind back") == (
        "Welcome back: reminders start again tomorrow. Sam Patel no longer acts for you."
    )
    with db() as s:
        jane = s.scalars(select(Person).where(Person.name == "Jane Smith")).one()
        assert (jane.away_until, jane.delegate_id) == (None, None)
    assert chat.say("jane.smith", "/remind away until 01/01/2020") == (
        "Wed 1 Jan 2020 has passed. Give the date you are back, such as next Monday."
    )


def test_snooze(chat: Chat, db: sessionmaker[Session]) -> None:
    """Snoozing an action sets the date reminders resume; others cannot snooze it."""
    assert (
        chat.say("jane.smith", "/remind snooze 4.2 2 weeks")
        == "No reminders about 4.2 until Mon 30 Nov 2026."
    )
    with db() as s:
        assert s.scalars(select(Action.snoozed_until).where(Action.ref == "4.2")).one() == date(
            2026, 11, 30
        )
    assert chat.say("val.jones", "/remind snooze 4.2 7").startswith("Only the owner (Jane Smith)")


def test_help(chat: Chat) -> None:
    """help lists every command; '<group> help' gives examples; unknown topics suggest."""
    assert "/kpi update <code> <value> [period]" in chat.say("val.jones", "help")
    assert "e.g. /remind snooze 4.2 2 weeks" in chat.say("val.jones", "/remind help")
    assert chat.say("val.jones", "help acton") == (
        "There is no help on 'acton'. Did you mean action? Type help to see every command."
    )
    with_plan = chat.say("val.jones", "/action due help")
    assert with_plan.startswith("/action due <ref> <date> because <reason>")
