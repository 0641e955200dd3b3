"""KPI readings and personal reminder settings from chat."""

from __future__ import annotations

import re
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
    reply = chat.say("sam.patel", "/kpi update K1 88")
    assert "for Nov 2026" in reply
    assert "Now green" in reply


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
    # "remind" is still understood where no platform owns it (the console, Teams).
    assert "e.g. /reminders snooze 4.2 2 weeks" in chat.say("val.jones", "/remind help")
    assert chat.say("val.jones", "help acton") == (
        "There is no help on 'acton'. Did you mean action? Type help to see every command."
    )
    with_plan = chat.say("val.jones", "/action due help")
    assert with_plan.startswith("/action due <ref> <date> because <reason>")


def _readings(db: sessionmaker[Session], code: str) -> dict[str, float]:
    with db() as s:
        kpi = s.scalars(select(Kpi).where(Kpi.code == code)).one()
        return {r.period: r.value for r in kpi.readings}


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("85,5%", 85.5), ("85,50", 85.5), ("85.5", 85.5), ("86%", 86.0)],
)
def test_kpi_decimal_comma_is_a_decimal(
    chat: Chat, db: sessionmaker[Session], typed: str, stored: float
) -> None:
    """18,5 is eighteen and a half (a UK decimal comma), never 185."""
    chat.say("sam.patel", f"/kpi update K1 {typed} Oct 2026")
    assert _readings(db, "K1")["2026-10"] == stored


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("nan", "'nan' is not a number"),
        ("inf", "'inf' is not a number"),
        ("1e309", "'1e309' is not a number"),
        ("99999999999999", "far too large"),
        ("8,5,5", "'8,5,5' is not a number"),
        ("120%", "K1 is a percentage: give a value from 0 to 100, not 120."),
        ("-3", "K1 is a percentage: give a value from 0 to 100, not -3."),
    ],
)
def test_kpi_impossible_values_are_refused(
    chat: Chat, db: sessionmaker[Session], typed: str, says: str
) -> None:
    """NaN, infinity, absurd figures and percentages outside 0–100 are refused; nothing stored."""
    assert says in chat.say("sam.patel", f"/kpi update K1 {typed} Oct 2026")
    assert "2026-10" not in _readings(db, "K1")


def test_kpi_future_period_and_wrong_frequency_are_refused(
    chat: Chat, db: sessionmaker[Session]
) -> None:
    """A month that has not begun, or a quarter for a monthly KPI, is refused with what to type."""
    assert chat.say("sam.patel", "/kpi update K1 90% Jan 2027") == (
        "Jan 2027 has not begun yet, so it cannot have a reading. "
        "Give this period (Nov 2026) or an earlier one."
    )
    assert chat.say("sam.patel", "/kpi update K1 90% 2026-Q3") == (
        "K1 is measured monthly: give a month such as Oct 2026, not 2026 Q3."
    )
    assert set(_readings(db, "K1")) == {"2026-08", "2026-09"}


def test_kpi_second_reading_needs_correct_and_keeps_both(
    chat: Chat, db: sessionmaker[Session]
) -> None:
    """A period that has a reading is changed only by a correction; the history keeps both."""
    assert chat.say("sam.patel", "/kpi update K1 81% Sep 2026") == (
        "K1 already has 82% for Sep 2026. To replace it, add 'correct': "
        "/kpi update K1 81% Sep 2026 correct"
    )
    assert _readings(db, "K1")["2026-09"] == 82
    assert "Recorded K1" in chat.say("sam.patel", "/kpi update K1 81% Sep 2026 correct")
    assert _readings(db, "K1")["2026-09"] == 81
    with db() as s:
        notes = s.scalars(select(Update.note).where(Update.kpi_id.is_not(None))).all()
    assert notes == ["K1 Sep 2026: 81% (was 82%)"]


def test_kpi_codes_sort_as_people_count(
    chat: Chat, db: sessionmaker[Session], now: datetime
) -> None:
    """K2 comes before K10 in /kpi list, not after it."""
    with db.begin() as s:
        plan_id = s.scalars(select(Kpi.plan_id)).first()
        for code in ("K10", "K2"):
            s.add(Kpi(plan_id=plan_id, code=code, name="Another measure", created_at=now))
    listed = chat.say("sam.patel", "/kpi list")
    assert re.findall(r"\bK\d+\b", listed) == ["K1", "K2", "K3", "K10"]


def test_reminders_and_the_umbrella_command(chat: Chat, db: sessionmaker[Session]) -> None:
    """/reminders is the command (Slack keeps /remind); /improve carries any command."""
    assert chat.say("jane.smith", "/reminders snooze 4.2 7").startswith("No reminders about 4.2")
    reply = chat.say("jane.smith", "/improve action update 4.2 green Backlog cleared")
    assert "• Status: amber → green" in reply
    assert chat.say("jane.smith", "/improve").startswith("improvebot commands")
    assert "/reminders back" in chat.say("jane.smith", "/improve reminders help")
